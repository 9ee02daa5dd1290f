unit-tests += test-error
unit-tests += test-keyval
unit-tests += test-cmdline
unit-tests += test-timer
unit-tests += test-chardev
