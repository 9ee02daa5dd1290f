unit-tests += test-error
unit-tests += test-keyval
unit-tests += test-cmdline
unit-tests += test-qom
unit-tests += test-qdev
unit-tests += test-irq
