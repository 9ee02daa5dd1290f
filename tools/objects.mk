# kemu-img has its own main(): it is linked by the Makefile rule for
# $(BUILD)/kemu-img, not part of libkemu.
