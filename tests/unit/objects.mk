unit-tests += test-error
unit-tests += test-memory
