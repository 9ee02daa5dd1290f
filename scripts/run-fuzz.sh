#!/bin/sh
# Run libFuzzer targets for a bounded time each, from their seed corpus, and
# fail on any crash, leak, timeout or out-of-memory (make check-fuzz).
#
#   run-fuzz.sh [-t SECONDS] [-b DIR] TARGET...
#     -t  fuzzing time per target (default 60)
#     -b  where the targets are built and the runs keep their state
#         (default build/fuzz)
#
# TARGET fuzz-NAME is seeded with tests/fuzz/corpus-NAME.  New inputs go to
# DIR/corpus-NAME (kept between runs, so later runs start further on), the
# input that failed to DIR/artifacts/, the whole output to DIR/fuzz-NAME.log.
# One line per target gives runs, exec/s and coverage; the last line says
# "N passed, N failed".
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
time=60
dir=$src/build/fuzz
while getopts t:b: opt; do
    case $opt in
    t) time=$OPTARG ;;
    b) dir=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: run-fuzz.sh [-t SECONDS] [-b DIR] TARGET..." >&2; exit 2; }

# The largest input worth trying, per target: ELF headers and tables are
# small; qcow2 seeds are a few clusters of 512 bytes; the virtqueue input
# is a 16-byte header and the 64 KiB of guest RAM.
max_len() {
    case $1 in
    fuzz-elf) echo 4096 ;;
    fuzz-qcow2) echo 16384 ;;
    fuzz-virtqueue) echo 65552 ;;
    *) echo 4096 ;;
    esac
}

# Print "runs exec/s cov ft corpus" from a libFuzzer log.
summary() {
    awk '
    /^#[0-9]+/ && / cov: / {
        for (i = 1; i <= NF; i++) {
            if ($i == "cov:") cov = $(i + 1)
            if ($i == "ft:") ft = $(i + 1)
            if ($i == "corp:") corp = $(i + 1)
        }
    }
    /^stat::number_of_executed_units:/ { runs = $2 }
    /^stat::average_exec_per_sec:/ { eps = $2 }
    END { printf "%s runs, %s exec/s, cov %s, ft %s, corpus %s\n",
          runs, eps, cov, ft, corp }' "$1"
}

mkdir -p "$dir/artifacts"
passed=0
failed=0
for t in "$@"; do
    bin=$dir/$t
    seeds=$src/tests/fuzz/corpus-${t#fuzz-}
    log=$dir/$t.log
    if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
        echo "$t: FAIL: missing $bin or $seeds"
        failed=$((failed + 1))
        continue
    fi
    mkdir -p "$dir/corpus-${t#fuzz-}"
    echo "run-fuzz: $t for ${time}s" >&2
    # -timeout: one input running 10 s is a hang; leaks are on under ASan.
    if "$bin" -max_total_time="$time" -max_len="$(max_len "$t")" \
            -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$dir/artifacts/$t-" \
            "$dir/corpus-${t#fuzz-}" "$seeds" >"$log" 2>&1; then
        echo "$t: PASS: $(summary "$log")"
        passed=$((passed + 1))
    else
        echo "$t: FAIL (exit $?): $(summary "$log"); log $log:"
        # The sanitizer's and libFuzzer's own lines, not the target's errors.
        grep -E '^==[0-9]+==|^SUMMARY|^ERROR: libFuzzer|^artifact_prefix|Test unit written' \
            "$log" | head -20
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
