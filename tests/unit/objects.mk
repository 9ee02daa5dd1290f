unit-tests += test-error
unit-tests += test-keyval
unit-tests += test-cmdline
unit-tests += test-monitor
unit-tests += test-loader
unit-tests += test-memory
unit-tests += test-bitmap
unit-tests += test-tcg-ops
