#!/bin/bash
# Benchmark of the remobilisation layers at the scale of a country (not part of make test):
# the benchmarks' shared store (scripts/bench/gen_store.sh: coopmap gen --bureaux N, contours
# and presidential round 1), plus the legislative round 1 of gen; then timed: the full compute
# for every bureau, the update after one département's round 1 is entered at once, and the
# update after one bureau is saved. Prints wall, cpu and coopmap's own load/total figures.
# usage: scripts/bench/remob.sh [BUREAUX] [OUT_DIR]
set -eu
n=${1:-70000}
out=${2:-bench-out}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bin=$root/build/coopmap
base=$(scripts/bench/gen_store.sh "$n" "$out")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/remob.db
cp "$base" "$db"
cm() { "$bin" "$@" --db "$db" --quiet; }
cm import results "$out/gen-$n/leg2028-t1.csv" --election leg2028 --round 1 \
    --kind legislatives --date 2028-06-11 >/dev/null
cm transfers import data/transfers.csv >/dev/null

# one timed run: "label  wall s  (cpu s)" then coopmap's report, indented
run() {
    label=$1; shift
    TIMEFORMAT='%R %U %S'
    { time "$bin" remob "$@" --db "$db" --quiet >"$tmp/out"; } 2>"$tmp/time"
    read -r wall user sys < <(tail -1 "$tmp/time")
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" \
        'BEGIN { printf "%-44s %7.3f s  (cpu %.3f s)\n", l, w, u + s }'
    sed 's/^/    /' "$tmp/out"
}
run "full compute, every bureau (leg2028:1 vs pres2027:1)" --r1 leg2028:1 --ref pres2027:1
# the département with most bureaux, and its codes
dep=$(cm rank --layer remob_voters --format csv | awk -F, 'NR > 1 { c[substr($2, 1, 2)]++ }
    END { for (d in c) if (c[d] > m) { m = c[d]; b = d } print b }')
codes=$(cm rank --layer remob_voters --area "$dep" --format csv | awk -F, 'NR > 1 { print $2 }' | paste -sd,)
nd=$(echo "$codes" | tr ',' '\n' | wc -l)
run "update: département $dep entered at once ($nd bureaux)" --bureaux "$codes"
one=${codes%%,*}
run "update: one bureau saved ($one)" --bureaux "$one"
echo "cpu: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
