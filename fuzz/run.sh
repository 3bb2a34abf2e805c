#!/usr/bin/env bash
# Runs one fuzz target for a while on the stable toolchain.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
#
# Installs cargo-fuzz when missing. RUSTC_BOOTSTRAP=1 lets stable rustc take
# the -Z flags cargo-fuzz passes. New inputs go to fuzz/work/TARGET (not
# checked in); the checked-in seeds (fuzz/corpus/TARGET) and regressions
# (fuzz/regressions/TARGET) are read only. Crashes land in
# fuzz/artifacts/TARGET. SANITIZER=address turns AddressSanitizer on (the
# code is safe Rust, so the default is none, twice as fast).
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 TARGET SECONDS [libFuzzer flags...]" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2

cd "$(dirname "$0")"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

case $target in
    jwks) max_len=65536 ;;
    answer_parse) max_len=16384 ;;
    *) max_len=9000 ;;
esac

mkdir -p "work/$target" "regressions/$target" "artifacts/$target"
export RUSTC_BOOTSTRAP=1
log=$(mktemp)
status=0
# Build first, then run the binary itself: a later edit of the sources
# cannot break a campaign that is already running.
cargo fuzz build --sanitizer "${SANITIZER:-none}" "$target"
binary=target/x86_64-unknown-linux-gnu/release/$target
"$binary" "work/$target" "corpus/$target" "regressions/$target" \
    -artifact_prefix="artifacts/$target/" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len="$max_len" \
    -timeout=10 -print_final_stats=1 "$@" 2>&1 | tee "$log" || status=$?

echo "---- $target: final stats ----"
grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs)|stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
echo "corpus: $(find "work/$target" -type f | wc -l) files in fuzz/work/$target"
rm -f "$log"
exit "$status"
