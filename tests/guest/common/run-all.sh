#!/bin/sh
# Runs the named test programs (every program beside this script when none
# is named) in the guest, each between "=== BEGIN prog" and
# "=== END prog rc=N secs=S" lines, then "=== DONE".
cd "$(dirname "$0")" || exit 1
all=""
for f in *; do
    [ -x "$f" ] && [ "$f" != run-all.sh ] && all="$all $f"
done
for p in ${*:-$all}; do
    echo "=== BEGIN $p"
    read -r t0 _ </proc/uptime
    ./"$p"
    rc=$?
    read -r t1 _ </proc/uptime
    echo "=== END $p rc=$rc secs=$(awk "BEGIN { print $t1 - $t0 }")"
done
echo "=== DONE"
