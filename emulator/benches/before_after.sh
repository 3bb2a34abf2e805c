#!/usr/bin/env bash
# Compares two builds of the login_refresh bench (say, before and after a change to the
# emulator) round by round, and summarises each cell (operation × clients) as the median
# req/s of each build, and the median and interquartile range of the per-round ratios
# after/before.
#
# Usage: emulator/benches/before_after.sh BEFORE_BIN AFTER_BIN [ROUNDS [REQUESTS]]
#   BEFORE_BIN, AFTER_BIN  login_refresh bench binaries (target/release/deps/login_refresh-*),
#                          built from the same benches/login_refresh.rs
#   ROUNDS                 rounds, 15 by default; each runs both builds, alternating which
#                          goes first, so that a drift of the machine falls on both alike
#   REQUESTS               timed requests per cell, passed to the bench (4000 by default)
# Environment:
#   EMU_BENCH_CPUS         passed to the bench, e.g. 0/1: server on CPU 0, clients on CPU 1
#   BENCH_LOCK             a lock file: each run of a build holds `flock BENCH_LOCK` (a machine
#                          shared with other benchmarks)
#   RAW                    file the per-round rows are appended to (a temporary file otherwise)
# Rows of RAW and of the output: round build operation clients req/s.
set -euo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,/^set /p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
before=$1
after=$2
rounds=${3:-15}
requests=${4:-4000}
raw=${RAW:-$(mktemp)}

# One run of one build: its table rows as `round build operation clients req/s`.
run() {
    local build=$1 bin=$2 round=$3
    if [ -n "${BENCH_LOCK:-}" ]; then
        flock "$BENCH_LOCK" "$bin" "$requests"
    else
        "$bin" "$requests"
    fi | awk -F'|' -v r="$round" -v b="$build" \
        '$2 ~ /^ (login|refresh) $/ { gsub(/ /, ""); print r, b, $2, $3, $4 }'
}

for round in $(seq 1 "$rounds"); do
    if ((round % 2)); then
        run before "$before" "$round"
        run after "$after" "$round"
    else
        run after "$after" "$round"
        run before "$before" "$round"
    fi
done | tee -a "$raw"

echo
echo "EMU_BENCH_CPUS=${EMU_BENCH_CPUS:-unset}, $rounds rounds, $requests requests per cell; rows in $raw"
echo
awk '
    function sort(a, n,    i, j, t) {
        for (i = 2; i <= n; i++) {
            t = a[i]
            for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
            a[j + 1] = t
        }
    }
    # Quantile p of a sorted a[1..n], interpolating between order statistics.
    function q(a, n, p,    h, lo) {
        h = (n - 1) * p + 1
        lo = int(h)
        return lo < n ? a[lo] + (h - lo) * (a[lo + 1] - a[lo]) : a[n]
    }
    {
        cell = $3 " | " $4
        if (!(cell in seen)) { seen[cell] = 1; cells[++ncells] = cell }
        rate[cell, $1, $2] = $5
        if ($1 > rounds) rounds = $1
    }
    END {
        print "| operation | clients | before req/s (median) | after req/s (median) | after/before per round: median | IQR | rounds above 1 |"
        print "|---|---:|---:|---:|---:|---:|---:|"
        for (c = 1; c <= ncells; c++) {
            cell = cells[c]
            n = 0
            for (r = 1; r <= rounds; r++) {
                if (!((cell, r, "before") in rate) || !((cell, r, "after") in rate)) continue
                n++
                b[n] = rate[cell, r, "before"]
                a[n] = rate[cell, r, "after"]
                ratio[n] = a[n] / b[n]
            }
            above = 0
            for (i = 1; i <= n; i++) if (ratio[i] > 1) above++
            sort(b, n); sort(a, n); sort(ratio, n)
            printf "| %s | %.0f | %.0f | %.3f | %.3f – %.3f | %d/%d |\n", cell,
                q(b, n, 0.5), q(a, n, 0.5), q(ratio, n, 0.5), q(ratio, n, 0.25), q(ratio, n, 0.75), above, n
        }
    }
' "$raw"
