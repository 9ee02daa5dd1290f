# Kemu: one non-recursive GNU Makefile.  Each source folder lists its objects
# in a small objects.mk; everything is built out of tree under build/.

SRC := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BUILD := build

.DEFAULT_GOAL := all
.SUFFIXES:
.SECONDARY:

# Debian's python3 carries python3-pytest; prefer it over any other python3.
PYTHON := $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)

-include $(BUILD)/config.mak

# Folders that contribute objects.  Each objects.mk appends to:
#   kemu-obj     objects of the emulator core (linked into libkemu.a)
#   unit-tests   GTest programs under tests/unit/ (names without .c)
#   unit-helpers objects shared by the unit tests (fake CPUs, ...)
#   fuzz-targets libFuzzer targets under tests/fuzz/ (names without .c)
#   decode-files instruction pattern files (see "Generated decoders" below)
DIRS := util fpu system qom hw/core hw/char hw/misc hw/rtc hw/intc hw/timer hw/input \
        hw/acpi \
        hw/pci hw/pci-host hw/virtio hw/block hw/net chardev monitor accel accel/tcg \
        accel/kvm tcg target/i386 target/arm target/mips hw/i386 hw/arm hw/mips \
        block net ui disas gdbstub tools tests/unit tests/fuzz
kemu-obj :=
unit-tests :=
unit-helpers :=
fuzz-targets :=
decode-files :=
include $(wildcard $(addsuffix /objects.mk,$(DIRS)))

CFLAGS_ALL = $(BASE_CFLAGS) $(DEP_CFLAGS) -I$(BUILD) -Iinclude $(EXTRA_CFLAGS)
LIBKEMU := $(BUILD)/libkemu.a
KEMU_OBJS := $(addprefix $(BUILD)/,$(kemu-obj))
UNIT_BINS := $(addprefix $(BUILD)/tests/unit/,$(unit-tests))
UNIT_HELPERS := $(addprefix $(BUILD)/,$(unit-helpers))
SYSTEM_LINKS := $(addprefix $(BUILD)/kemu-system-,$(TARGETS))
# Types register themselves from constructors: keep every object.
WHOLE_LIB = -Wl,--whole-archive $(LIBKEMU) -Wl,--no-whole-archive

.PHONY: all configured setup demo check check-run unit clean distclean fuzz \
        check-fuzz bench bench-io tcg-tests check-tcg check-slow guest-tests \
        bench-boot bench-boot-aarch64 bench-boot-x86_64

FUZZ_REPLAY_BINS := $(addprefix $(BUILD)/tests/fuzz/replay-,$(fuzz-targets))

all: configured $(BUILD)/kemu $(BUILD)/kemu-img $(SYSTEM_LINKS) $(UNIT_BINS) \
     $(FUZZ_REPLAY_BINS)

configured:
	@test -f $(BUILD)/config.mak || { echo "Run ./configure first (or make demo / make check)"; exit 1; }

$(BUILD)/%.o: %.c $(BUILD)/config-host.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(LIBKEMU): $(KEMU_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/kemu: $(BUILD)/system/main.o $(LIBKEMU)
	$(CC) -o $@ $(BUILD)/system/main.o $(WHOLE_LIB) $(DEP_LIBS)

$(BUILD)/kemu-img: $(BUILD)/tools/kemu-img.o $(LIBKEMU)
	$(CC) -o $@ $(BUILD)/tools/kemu-img.o $(WHOLE_LIB) $(DEP_LIBS)

$(BUILD)/kemu-system-%: $(BUILD)/kemu
	ln -sf kemu $@

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(UNIT_HELPERS) $(LIBKEMU)
	$(CC) -o $@ $< $(UNIT_HELPERS) $(WHOLE_LIB) $(DEP_LIBS)

# Benchmarks, not part of check: make bench.
BENCH_BINS := $(BUILD)/tests/bench/tcg-backend/bench-tcg
bench: all $(BENCH_BINS)
# Block I/O in a Linux guest, Kemu against Debian's QEMU (tests/bench/io).
bench-io: all
	$(SRC)/tests/bench/io/run.sh $(RUNS)
$(BUILD)/tests/bench/%: $(BUILD)/tests/bench/%.o $(LIBKEMU)
	$(CC) -o $@ $< $(WHOLE_LIB) $(DEP_LIBS)

# Each fuzz target also builds with a plain main() that replays inputs.
$(BUILD)/tests/fuzz/replay-%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay-main.o $(LIBKEMU)
	$(CC) -o $@ $(BUILD)/tests/fuzz/$*.o $(BUILD)/tests/fuzz/replay-main.o $(WHOLE_LIB) $(DEP_LIBS)

# Fuzz targets need clang's libFuzzer: make fuzz CC=clang.  The code under
# test is built again, instrumented for coverage and ASan, and the targets
# linked, all under build/fuzz/, so the gcc build is left as it is.
FUZZ_CFLAGS := -fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer
FUZZ_OBJS := $(addprefix $(BUILD)/fuzz/,$(kemu-obj))
FUZZ_BINS := $(addprefix $(BUILD)/fuzz/,$(fuzz-targets))
fuzz: $(FUZZ_BINS)
$(BUILD)/fuzz/%.o: %.c $(BUILD)/config-host.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
$(FUZZ_BINS): $(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer,address -o $@ $< $(FUZZ_OBJS) $(DEP_LIBS)

# Run every fuzz target for FUZZ_TIME seconds from its seed corpus (not part
# of check).  Installs clang and libFuzzer when missing (install-deps.sh
# --fuzz); the last line says how many targets passed and failed.
FUZZ_TIME ?= 60
check-fuzz:
	$(SRC)/scripts/install-deps.sh --fuzz
	test -f $(BUILD)/config.mak || $(SRC)/configure
	$(MAKE) -f $(SRC)/Makefile fuzz CC=clang
	$(SRC)/scripts/run-fuzz.sh -t $(FUZZ_TIME) -b $(BUILD)/fuzz $(fuzz-targets)

# Generated decoders (scripts/decodegen.py, docs/devel/decodegen.md): for
# `decode-files += DIR/NAME.decode` in DIR/objects.mk, make generates
# $(BUILD)/DIR/decode-NAME.c.inc, and every object of DIR depends on it and
# gets -I$(BUILD)/DIR, so DIR/*.c can say #include "decode-NAME.c.inc".
decode-inc = $(BUILD)/$(dir $(1))decode-$(basename $(notdir $(1))).c.inc
decode-users = $(filter $(BUILD)/$(dir $(1))% $(BUILD)/fuzz/$(dir $(1))%,$(KEMU_OBJS) $(FUZZ_OBJS) \
                $(UNIT_HELPERS))
define decode-rule
$(call decode-inc,$(1)): $(1) scripts/decodegen.py
	@mkdir -p $$(@D)
	$(PYTHON) scripts/decodegen.py -o $$@ $$<
$(call decode-users,$(1)): $(call decode-inc,$(1))
$(call decode-users,$(1)): CFLAGS_ALL += -I$(BUILD)/$(dir $(1))
endef
$(foreach f,$(decode-files),$(eval $(call decode-rule,$(f))))

# The README's two commands: install what is missing, configure, build, then
# boot the demo guest or run every test.
setup:
	$(SRC)/scripts/install-deps.sh
	test -f $(BUILD)/config.mak || $(SRC)/configure
	$(MAKE) -f $(SRC)/Makefile all

demo: setup
	$(SRC)/scripts/demo.sh

check: setup
	$(MAKE) -f $(SRC)/Makefile check-run

check-run: all tcg-tests guest-tests
	$(SRC)/scripts/fetch-guest-assets.sh all
	cd $(SRC) && $(PYTHON) -m pytest -q -p no:cacheprovider tests/

unit: all
	cd $(SRC) && $(PYTHON) -m pytest -q -p no:cacheprovider tests/unit

# Bare-metal guest programs (cross-compiled), then compared on QEMU and Kemu;
# the x86-64 ones against the host CPU (tests/tcg/test_x86_64.py).
tcg-tests:
	$(MAKE) -C $(SRC)/tests/tcg/aarch64 OUT=$(abspath $(BUILD))/tests/tcg/aarch64
	$(MAKE) -C $(SRC)/tests/tcg/x86_64 OUT=$(abspath $(BUILD))/tests/tcg/x86_64
check-tcg: all tcg-tests
	cd $(SRC) && $(PYTHON) -m pytest -q -p no:cacheprovider tests/tcg

# The x86-64 differential tests with 100,000 cases per class, and the
# functional tests' slow parts (KEMU_CHECK_SLOW: e.g. Linux on TCI).
check-slow: all tcg-tests guest-tests
	$(SRC)/scripts/fetch-guest-assets.sh x86_64
	cd $(SRC) && KEMU_X86_CASES=100000 KEMU_CHECK_SLOW=1 $(PYTHON) -m pytest -q \
	    -p no:cacheprovider tests/tcg/test_x86_64.py \
	    tests/functional/test_x86_64_guest.py

# Linux userspace programs (static glibc) that the functional tests run in
# AArch64 and x86-64 guests (tests/functional/test_*_guest.py).
guest-tests:
	$(MAKE) -C $(SRC)/tests/guest/aarch64 OUT=$(abspath $(BUILD))/tests/guest/aarch64
	$(MAKE) -C $(SRC)/tests/guest/x86_64 OUT=$(abspath $(BUILD))/tests/guest/x86_64

# Boot and workload times of a Linux guest, Kemu against QEMU (not in check):
# bench-boot-aarch64, bench-boot-x86_64 (tests/bench/guestbench.py); RUNS=n.
bench-boot: bench-boot-aarch64
bench-boot-aarch64 bench-boot-x86_64: all
	$(SRC)/tests/bench/boot-$(@:bench-boot-%=%)/run.sh $(RUNS)

clean:
	rm -rf $(BUILD)/*/ $(BUILD)/kemu $(BUILD)/kemu-img $(BUILD)/kemu-system-* $(BUILD)/libkemu.a

distclean:
	rm -rf $(BUILD)

-include $(KEMU_OBJS:.o=.d) $(BUILD)/system/main.d $(BUILD)/tools/kemu-img.d \
         $(UNIT_BINS:=.d) $(UNIT_HELPERS:.o=.d) \
         $(FUZZ_OBJS:.o=.d)
