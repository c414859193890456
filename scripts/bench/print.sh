#!/bin/bash
# scripts/bench/print.sh [N_BUREAUX] - an A3 landscape map of every bureau of
# `coopmap gen --bureaux N` (default 70000): `coopmap print` against Mapnik's PDF output with the
# same style, in the same run. Prints both times and file sizes and "print ratio: X.XX"
# (Mapnik seconds / ours; target >= 3). Ours is timed as a whole command (opening the store,
# loading outlines and layer, drawing, writing); Mapnik's time excludes Python's start-up.
# Not part of `make test`.
set -eu
cd "$(dirname "$0")/../.."
N=${1:-70000}
out=bench-out/tiles
bin=$PWD/build/coopmap
db=$(scripts/bench/gen_store.sh "$N" "$out")
"$bin" tiles --db "$db" --layer turnout --zoom 0 --out "$out/z0" --classes "$out/classes.csv" \
    --quiet >/dev/null
rm -rf "$out/z0"

best=""
for i in 1 2 3 4 5; do
    t0=$(date +%s.%N)
    "$bin" print --db "$db" --layer turnout --area all --paper A3 --landscape --map-only \
        --out "$out/ours.pdf" --quiet >/dev/null
    t1=$(date +%s.%N)
    best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = b - a; print (m == "" || d < m) ? d : m }')
done
/usr/bin/python3 scripts/bench/print_mapnik.py "$out/areas-$N.geojson" "$out/classes.csv" \
    "$out/mapnik.pdf" | tee "$out/print-mapnik.txt"
mapnik=$(sed -n 's/^mapnik seconds: \([0-9.]*\).*/\1/p' "$out/print-mapnik.txt")
ours_size=$(stat -c %s "$out/ours.pdf")
mapnik_size=$(stat -c %s "$out/mapnik.pdf")
pdfinfo "$out/ours.pdf" | grep -E '^(Pages|Page size)' | sed 's/^/ours: /'
awk -v o="$best" -v m="$mapnik" -v os="$ours_size" -v ms="$mapnik_size" 'BEGIN {
    printf "ours %.3f s, %.1f MB; mapnik %.3f s, %.1f MB (best of 5 runs for ours, 3 for Mapnik)\n", o, os / 1e6, m, ms / 1e6
    printf "print ratio: %.2f\n", m / o }'
