# Rules for the programs of tests/guest/common, included by each
# architecture's Makefile once it has set CC, ARCHDIR (its folder) and OUT.
# A common program NAME is NAME.c here, plus ARCHDIR/NAME-arch.c for those
# with an architecture's part (arch.h).

COMMON := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
CFLAGS := -static -O2 -Wall -Wextra -pthread -I$(COMMON)
LDLIBS := -lm
DEPS := $(COMMON)/check.h $(COMMON)/arch.h $(COMMON)/machine.h

COMMON_PROGS := signals threads fpsimd vector strings syscalls exec

$(OUT)/%: $(COMMON)/%.c $(DEPS)
	@mkdir -p $(OUT)
	$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

$(OUT)/%: $(ARCHDIR)/%.c $(DEPS)
	@mkdir -p $(OUT)
	$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

$(OUT)/signals: $(COMMON)/signals.c $(ARCHDIR)/signals-arch.c $(DEPS)
	@mkdir -p $(OUT)
	$(CC) $(CFLAGS) -o $@ $(filter %.c,$^) $(LDLIBS)

# GCC moves FP operations across fesetround unless told about rounding.
$(OUT)/fpsimd: $(COMMON)/fpsimd.c $(ARCHDIR)/fpsimd-arch.c $(DEPS)
	@mkdir -p $(OUT)
	$(CC) $(CFLAGS) -frounding-math -o $@ $(filter %.c,$^) $(LDLIBS)

# No FMA contraction, so the vector and scalar loops round alike.
$(OUT)/vector: $(COMMON)/vector.c $(OUT)/vecloops-vec.o \
               $(OUT)/vecloops-scalar.o $(DEPS) $(COMMON)/vecloops.h
	$(CC) $(CFLAGS) -o $@ $< $(OUT)/vecloops-vec.o $(OUT)/vecloops-scalar.o \
	    $(LDLIBS)
$(OUT)/vecloops-vec.o: $(COMMON)/vecloops.c $(COMMON)/vecloops.h
	@mkdir -p $(OUT)
	$(CC) -O3 -ftree-vectorize -ffp-contract=off -Wall -Wextra \
	    -DVL_SUFFIX=vec -c -o $@ $<
$(OUT)/vecloops-scalar.o: $(COMMON)/vecloops.c $(COMMON)/vecloops.h
	@mkdir -p $(OUT)
	$(CC) -O1 -fno-tree-vectorize -ffp-contract=off -Wall -Wextra \
	    -DVL_SUFFIX=scalar -c -o $@ $<
