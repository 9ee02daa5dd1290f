unit-tests += test-error
