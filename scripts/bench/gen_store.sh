#!/bin/bash
# scripts/bench/gen_store.sh N OUT_DIR - the benchmarks' shared country: `coopmap gen --bureaux N`
# imported (bureaux, presidential round 1) with the result layers computed, kept in
# OUT_DIR/gen-N.db between runs. Installs what the Mapnik side needs. Prints the store path.
set -eu
N=$1
out=$2
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
    "$bin" import bureaux "$gen/bureaux.shp" --db "$db" --quiet >/dev/null
    "$bin" import results "$gen/pres2027-t1.csv" --election pres2027 --round 1 \
        --kind presidentielle --date 2027-04-11 --db "$db" --quiet >/dev/null
    "$bin" blocs import data/blocs.csv --db "$db" --quiet >/dev/null
    "$bin" compute --only results --db "$db" --quiet >/dev/null
fi
[ -f "$out/areas-$N.geojson" ] || ogr2ogr -f GeoJSON -t_srs EPSG:3857 \
    -sql "SELECT code, geom FROM bureau" "$out/areas-$N.geojson" "$db"
echo "$db"
