#!/bin/bash
# Benchmark of `coopmap compute` at the scale of a country (not part of make test):
# coopmap gen --bureaux 70000 (with IRIS and census), imported into a fresh store, then the
# election layers and the areal interpolation timed separately, then everything at once.
# Targets: election layers < 1 s, areal interpolation < 10 s.
# usage: scripts/bench/compute.sh [COOPMAP_BINARY] [BUREAUX]
set -eu
bin=${1:-build/coopmap}
n=${2:-70000}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/bench.db
cm() { "$bin" "$@" --db "$db" --quiet; }

echo "gen: $n bureaux" >&2
"$bin" gen --bureaux "$n" --out "$tmp/gen" --quiet >/dev/null
echo "import: contours, results, census" >&2
cm import bureaux "$tmp/gen/bureaux.shp" >/dev/null
cm import iris "$tmp/gen/iris.shp" >/dev/null
cm import results "$tmp/gen/pres2027-t1.csv" --election pres2027 --round 1 --kind presidentielle --date 2027-04-11 >/dev/null
cm import results "$tmp/gen/pres2027-t2.csv" --election pres2027 --round 2 --kind presidentielle --date 2027-04-11 >/dev/null
cm import results "$tmp/gen/leg2028-t1.csv" --election leg2028 --round 1 --kind legislatives --date 2028-06-11 >/dev/null
cm import census "$tmp/gen/census.csv" --year 2024 >/dev/null
cm blocs import "$root/data/blocs.csv" >/dev/null

# one timed run: "label  wall s  bureaux/s  (cpu s)"; cpu = user + sys of the process, the
# figure to read when other jobs share the machine (wall then exceeds cpu / cores)
run() {
    label=$1; shift
    TIMEFORMAT='%R %U %S'
    { time "$bin" compute "$@" --db "$db" --quiet >"$tmp/out"; } 2>"$tmp/time"
    read -r wall user sys < <(tail -1 "$tmp/time")
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v n="$n" \
        'BEGIN { printf "%-34s %7.3f s  %9.0f bureaux/s  (cpu %.3f s)\n", l, w, n / w, u + s }'
    sed 's/^/    /' "$tmp/out"
}
run "election layers (ref pres2027:1)" --only results,potential,volatility,category --from pres2027:1 --to leg2028:1
run "areal interpolation (socio)" --only socio
run "all layers" --from pres2027:1 --to leg2028:1
echo "cpu: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
