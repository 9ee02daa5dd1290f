#!/bin/sh
# Runs the named test programs (all when none is named) in the guest, each
# between "=== BEGIN prog" and "=== END prog rc=N" lines, then "=== DONE".
cd "$(dirname "$0")" || exit 1
all="signals threads atomics-llsc atomics-lse fpsimd vector strings syscalls exec"
for p in ${*:-$all}; do
    echo "=== BEGIN $p"
    ./"$p"
    echo "=== END $p rc=$?"
done
echo "=== DONE"
