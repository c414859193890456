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

need=""
for p in python3-mapnik python3-numpy gdal-bin sqlite3 libsqlite3-mod-spatialite; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || need="$need $p"
done
if [ -n "$need" ]; then
    echo "bench: installing$need" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
make -s -j2 all >/dev/null

gen="$out/gen-$N"
db="$out/gen-$N.db"
if [ ! -f "$db" ]; then
    rm -rf "$gen" "$db" "$db"-*
    "$bin" gen --bureaux "$N" --out "$gen" --quiet >/dev/null
    "$bin" import results "$gen/pres2027-t1.csv" --election pres2027 --round 1 \
        --kind presidentielle --date 2027-04-11 --db "$db" --quiet >/dev/null
    if "$bin" import bureaux --help >/dev/null 2>&1; then
        "$bin" import bureaux "$gen/bureaux.shp" --year 2027 --db "$db" --quiet >/dev/null
    else
        # until `coopmap import bureaux` exists: the same outlines through ogr2ogr + SpatiaLite
        echo "bench: coopmap import bureaux missing, loading outlines with ogr2ogr" >&2
        ogr2ogr -f SQLite -dsco SPATIALITE=YES -t_srs EPSG:4326 -nlt MULTIPOLYGON -nln bv \
            "$out/shp.sqlite" "$gen/bureaux.shp"
        sqlite3 -batch -cmd '.load mod_spatialite' "$db" >/dev/null <<EOF
ATTACH '$out/shp.sqlite' AS s;
BEGIN;
INSERT INTO contour_set(kind, source, sha256, year, communes, n_features, n_areas)
  VALUES ('bureau', 'bureaux.shp', '', 2027, '', $N, $N);
INSERT INTO bureau(code, commune, set_id, geom)
  SELECT code_bv, code_com, last_insert_rowid(), SetSRID(geometry, 4326) FROM s.bv;
COMMIT;
EOF
        rm -f "$out/shp.sqlite"
    fi
fi

# the box: the commune with the most bureaux (the generated capital), where tiles are busiest
bbox=$(sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$db" \
    "SELECT printf('%.5f,%.5f,%.5f,%.5f', MbrMinX(e), MbrMinY(e), MbrMaxX(e), MbrMaxY(e))
     FROM (SELECT Extent(geom) e FROM bureau GROUP BY commune ORDER BY count(*) DESC LIMIT 1)" \
    | grep -v '^$')
echo "bench: $N bureaux, box $bbox, zoom 8-14, 256 px"

rm -rf "$out/ours" "$out/mapnik"
mkdir -p "$out/mapnik"
"$bin" tiles --db "$db" --layer turnout --zoom 8-14 --bbox "$bbox" --out "$out/ours" \
    --threads 1 --classes "$out/classes.csv" --quiet | tee "$out/ours.txt"
ours=$(sed -n 's/.* render \([0-9.]*\) s.*/\1/p' "$out/ours.txt")
[ -f "$out/areas-$N.geojson" ] || ogr2ogr -f GeoJSON -t_srs EPSG:3857 \
    -sql "SELECT code, geom FROM bureau" "$out/areas-$N.geojson" "$db"
/usr/bin/python3 scripts/bench/tiles_mapnik.py "$out/areas-$N.geojson" "$out/classes.csv" \
    "$out"/ours/turnout/* "$out/mapnik" | tee "$out/mapnik.txt"
mapnik=$(sed -n 's/^mapnik seconds: //p' "$out/mapnik.txt")
"$bin" tiles --db "$db" --layer turnout --zoom 8-14 --bbox "$bbox" --out "$out/ours2" \
    --threads 2 --quiet | sed 's/^/2 threads: /'
rm -rf "$out/ours2"

# PNG encoders on the same surfaces (z12-z14 of the box)
cc -O2 -std=c11 -D_DEFAULT_SOURCE -Isrc/base -Isrc/store -Isrc/render \
    $(pkg-config --cflags cairo pangocairo libpng) scripts/bench/png_encode.c build/libcoopmap.a \
    $(pkg-config --libs gdal spatialite sqlite3 proj cairo pangocairo libpng) -lz -lm -lpthread \
    -o "$out/png_encode"
"$out/png_encode" "$db" 12 14 "$bbox"

awk -v m="$mapnik" -v o="$ours" 'BEGIN { printf "ours %.3f s, mapnik %.3f s\ntiles ratio: %.2f\n", o, m, m / o }'
grep '^mean pixel difference' "$out/mapnik.txt"
