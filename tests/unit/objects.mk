unit-tests += test-error
unit-tests += test-memory
unit-tests += test-bitmap
