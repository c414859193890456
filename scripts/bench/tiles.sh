#!/bin/bash
# scripts/bench/tiles.sh [N_BUREAUX] - our tiles against Mapnik's on the same tiles z8-z14
# over `coopmap gen --bureaux N` (default 70000), in the same run, one thread each.
# Prints "tiles ratio: X.XX" (Mapnik render seconds / ours; target >= 1.5), the mean per-pixel
# difference of the two renderings (target <= 3/255), and our PNG encoder against cairo's.
# Not part of `make test`: it installs python3-mapnik (Debian) and takes about a minute.
set -eu
cd "$(dirname "$0")/../.."
N=${1:-70000}
out=bench-out/tiles
bin=$PWD/build/coopmap
mkdir -p "$out"

db=$(scripts/bench/gen_store.sh "$N" "$out")

# the box: the commune with the most bureaux (the generated capital), where tiles are busiest
bbox=$(sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$db" \
    "SELECT printf('%.5f,%.5f,%.5f,%.5f', MbrMinX(e), MbrMinY(e), MbrMaxX(e), MbrMaxY(e))
     FROM (SELECT Extent(geom) e FROM bureau GROUP BY commune ORDER BY count(*) DESC LIMIT 1)" \
    | grep -v '^$')
echo "bench: $N bureaux, box $bbox, zoom 8-14, 256 px"

rm -rf "$out/mapnik" "$out/ours.txt"
mkdir -p "$out/mapnik"
for i in 1 2 3; do  # best of 3, as for Mapnik: other work on the machine only adds time
    rm -rf "$out/ours"
    "$bin" tiles --db "$db" --layer turnout --zoom 8-14 --bbox "$bbox" --out "$out/ours" \
        --threads 1 --classes "$out/classes.csv" --quiet | tee -a "$out/ours.txt"
done
ours=$(sed -n 's/.* render \([0-9.]*\) s.*/\1/p' "$out/ours.txt" | sort -n | head -1)
ours_cpu=$(sed -n 's/.*(cpu \([0-9.]*\) s.*/\1/p' "$out/ours.txt" | sort -n | head -1)
/usr/bin/python3 scripts/bench/tiles_mapnik.py "$out/areas-$N.geojson" "$out/classes.csv" \
    "$out"/ours/turnout/* "$out/mapnik" | tee "$out/mapnik.txt"
mapnik=$(sed -n 's/^mapnik seconds: \([0-9.]*\).*/\1/p' "$out/mapnik.txt")
mapnik_cpu=$(sed -n 's/^mapnik seconds: .*(cpu \([0-9.]*\).*/\1/p' "$out/mapnik.txt")
"$bin" tiles --db "$db" --layer turnout --zoom 8-14 --bbox "$bbox" --out "$out/ours2" \
    --threads 2 --quiet | sed 's/^/2 threads: /'
rm -rf "$out/ours2"

# PNG encoders on the same surfaces (z12-z14 of the box)
cc -O2 -std=c11 -D_DEFAULT_SOURCE -Isrc/base -Isrc/store -Isrc/calc -Isrc/render -Isrc/map \
    $(pkg-config --cflags cairo pangocairo libpng) scripts/bench/png_encode.c build/libcoopmap.a \
    $(pkg-config --libs gdal spatialite sqlite3 proj cairo pangocairo libpng) -lz -lm -lpthread \
    -o "$out/png_encode"
"$out/png_encode" "$db" 12 14 "$bbox"

awk -v m="$mapnik" -v o="$ours" -v mc="$mapnik_cpu" -v oc="$ours_cpu" 'BEGIN {
    printf "ours %.3f s (cpu %.3f), mapnik %.3f s (cpu %.3f), best of 3 each\n", o, oc, m, mc
    printf "cpu ratio: %.2f\ntiles ratio: %.2f\n", mc / oc, m / o }'
grep '^mean pixel difference' "$out/mapnik.txt"
