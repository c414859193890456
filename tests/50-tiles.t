#!/bin/bash
# coopmap tiles: usage errors; then over the Paris demo data, an MBTiles file that gdalinfo
# reads with the right size and zooms, and directory tiles whose pixels inside known bureaux
# have the class colour computed here, independently (sqlite3 + SpatiaLite for the data,
# python3 for the maths).
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
here=$(cd "$(dirname "$0")" && pwd)
demo="$here/../data/demo"
. "$(dirname "$0")/tap.sh"

"$COOPMAP" tiles --out "$tmp/x" >/dev/null 2>&1; t $(( $? != 1 )) "no --layer: exit 1"
err=$("$COOPMAP" tiles --layer turnout --out "$tmp/x" --zoom 14-8 2>&1); rc=$?
t $(( rc != 1 )) "reversed zoom range: exit 1"
echo "$err" | grep -q -- "--zoom '14-8'"; t $? "the bad zoom range is named"
"$COOPMAP" tiles --layer turnout --out "$tmp/x" --bbox 1,2,3 >/dev/null 2>&1
t $(( $? != 1 )) "bad --bbox: exit 1"
"$COOPMAP" tiles --layer turnout --out "$tmp/x" --scale 3 >/dev/null 2>&1
t $(( $? != 1 )) "--scale 3: exit 1"
err=$("$COOPMAP" tiles --layer turnout --out "$tmp/x" --db "$tmp/none.db" 2>&1); rc=$?
t $(( rc != 2 )) "missing store: exit 2"
[ ! -e "$tmp/x" ]; t $? "nothing written on error"

skip() { echo "# SKIP $1"; echo "1..$n"; exit 0; }
"$COOPMAP" import bureaux --help >/dev/null 2>&1 || skip "coopmap import bureaux not in this build yet"
"$COOPMAP" import results --help >/dev/null 2>&1 || skip "coopmap import results not in this build yet"
"$COOPMAP" compute --help >/dev/null 2>&1 || skip "coopmap compute not in this build yet"
for tool in gdalinfo sqlite3 python3; do
    command -v $tool >/dev/null 2>&1 || skip "$tool missing"
done
[ -f "$demo/paris_bv_2017_l93.shp" ] || skip "demo data absent"
db="$tmp/p.db"
sql() { sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$db" "$1" 2>/dev/null | grep -v '^$'; }

"$COOPMAP" import bureaux "$demo/paris_bv_2017_l93.shp" --year 2017 --db "$db" --quiet >/dev/null
t $? "import the Paris bureaux"
"$COOPMAP" import results "$demo/2017-presidentielle-1_par_bureau_large_dep75.csv" \
    --election pres2017 --round 1 --kind presidentielle --date 2017-04-23 --db "$db" \
    --quiet >/dev/null
t $? "import presidential 2017 round 1"
"$COOPMAP" blocs import "$here/../data/blocs.csv" --db "$db" --quiet >/dev/null
"$COOPMAP" compute --db "$db" --quiet >/dev/null
t $? "compute the layers (turnout: V / R of the reference, pres2017 round 1)"

err=$("$COOPMAP" tiles --db "$db" --layer turnout --zoom 18 --bbox=-180,-85,180,85 \
    --out "$tmp/world" 2>&1); rc=$?
t $(( rc != 1 )) "the world at z18 is refused: exit 1"
echo "$err" | grep -q "narrow --bbox or --zoom"; t $? "and says how to fix it"
err=$("$COOPMAP" tiles --db "$db" --layer nosuch --out "$tmp/n.mbtiles" 2>&1); rc=$?
t $(( rc != 2 )) "unknown layer: exit 2"
[ ! -e "$tmp/n.mbtiles" ]; t $? "no MBTiles file left for an unknown layer"
out=$("$COOPMAP" tiles --db "$db" --layer turnout --zoom 11-14 --out "$tmp/t.mbtiles" --quiet)
t $? "tiles into an MBTiles file"
gdalinfo "$tmp/t.mbtiles" >"$tmp/gdalinfo.txt" 2>&1
grep -q '^Driver: MBTiles' "$tmp/gdalinfo.txt"; t $? "gdalinfo reads it as MBTiles"

# expected size: the bureaux' extent (SpatiaLite) in EPSG:3857 pixels at z14
ext=$(sql "SELECT MbrMinX(e)||' '||MbrMinY(e)||' '||MbrMaxX(e)||' '||MbrMaxY(e)
           FROM (SELECT Extent(geom) e FROM bureau)")
read -r want_w want_h want_tiles <<<"$(python3 - $ext <<'PY'
import math, sys
x0, y0, x1, y1 = map(float, sys.argv[1:5])
R = 6378137.0
mx = lambda lon: R * math.radians(lon)
my = lambda lat: R * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
res = 2 * math.pi * R / 256 / 2 ** 14
def tiles(z):
    n = 2 ** z
    tx = lambda lon: (lon + 180) / 360 * n
    ty = lambda lat: (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n
    return (math.ceil(tx(x1)) - math.floor(tx(x0))) * (math.ceil(ty(y0)) - math.floor(ty(y1)))
print(round((mx(x1) - mx(x0)) / res), round((my(y1) - my(y0)) / res), sum(tiles(z) for z in range(11, 15)))
PY
)"
read -r got_w got_h <<<"$(sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1 \2/p' "$tmp/gdalinfo.txt")"
[ -n "${got_w:-}" ] && [ $(( got_w - want_w )) -le 2 ] && [ $(( want_w - got_w )) -le 2 ] \
  && [ $(( got_h - want_h )) -le 2 ] && [ $(( want_h - got_h )) -le 2 ]
t $? "gdalinfo size ${got_w:-?}x${got_h:-?} is the extent at z14 (${want_w}x${want_h})"
grep 'Overviews:' "$tmp/gdalinfo.txt" | head -1 | grep -q ', .*, '; t $? "three overview levels (z11-z13)"
mb() { sqlite3 -batch -noheader "$tmp/t.mbtiles" "$1"; }
[ "$(mb "SELECT min(zoom_level)||'-'||max(zoom_level) FROM tiles")" = "11-14" ]; t $? "tiles z11-z14"
[ "$(mb "SELECT count(*) FROM tiles")" = "$want_tiles" ]; t $? "$want_tiles tiles, as the extent needs"
[ "$(mb "SELECT value FROM metadata WHERE name='format'")" = png ]; t $? "metadata format png"
[ "$(mb "SELECT value FROM metadata WHERE name='minzoom'")-$(mb "SELECT value FROM metadata WHERE name='maxzoom'")" = "11-14" ]
t $? "metadata minzoom 11, maxzoom 14"

"$COOPMAP" tiles --db "$db" --layer turnout --zoom 14 --out "$tmp/dir" --quiet >/dev/null
t $? "tiles into a directory"
# turnout of every bureau and a point inside the five largest, from the store by SQL
sql "SELECT bureau, votants, inscrits FROM result" >"$tmp/turnout.txt"
sql "SELECT code, X(p), Y(p) FROM (SELECT code, PointOnSurface(geom) p FROM bureau
     ORDER BY ST_Area(geom) DESC LIMIT 5)" >"$tmp/points.txt"
python3 - "$tmp/turnout.txt" "$tmp/points.txt" "$tmp/dir" >"$tmp/pixels.txt" <<'PY'
import glob, math, struct, sys, zlib
YLGNBU5 = ["ffffcc", "a1dab4", "41b6c4", "2c7fb8", "253494"]
vals = {}
for line in open(sys.argv[1]):
    code, v, r = line.strip().split("|")
    vals[code] = int(v) / int(r) if int(r) else None
s = sorted(v for v in vals.values() if v is not None)
m, breaks = len(s), [s[0]]
for c in range(1, 5):           # quantile breaks at sorted[c*m/5]; ties move up, then merge
    i = c * m // 5
    while i < m and s[i] <= breaks[-1]:
        i += 1
    if i == m:
        break
    breaks.append(s[i])
def color(v):
    if v is None:
        return "d9d9d9"
    k = max(i for i, b in enumerate(breaks) if b <= v)
    return YLGNBU5[k] if len(breaks) == 5 else "?"
def png_rgb(path, px, py):
    data = open(path, "rb").read()
    pos, idat, w, plte = 8, b"", 0, b""
    while pos < len(data):
        ln, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        if typ == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif typ == b"PLTE":
            plte = body
        elif typ == b"IDAT":
            idat += body
        pos += 12 + ln
    bpp = {6: 4, 2: 3, 3: 1}[ctype]   # RGBA, RGB, 8-bit palette
    raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), None
    for y in range(py + 1):
        f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (b if abs(p - b) <= abs(p - c) else c)][f]
            row[i] = (row[i] + pred) & 0xff
        prev = row
    if ctype == 3:
        return "%02x%02x%02x" % tuple(plte[3 * prev[px]:3 * prev[px] + 3])
    return "%02x%02x%02x" % tuple(prev[px * bpp:px * bpp + 3])
n = 2 ** 14
for line in open(sys.argv[2]):
    code, lon, lat = line.strip().split("|")
    lon, lat = float(lon), float(lat)
    fx = (lon + 180) / 360 * n
    fy = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n
    x, y = int(fx), int(fy)
    files = glob.glob("%s/turnout/*/14/%d/%d.png" % (sys.argv[3], x, y))
    got = png_rgb(files[0], int((fx - x) * 256), int((fy - y) * 256)) if files else "none"
    print(code, got, color(vals.get(code)))
PY
t $? "pixels decoded"
[ "$(wc -l <"$tmp/pixels.txt")" = 5 ]; t $? "five bureaux checked"
while read -r code got want; do
    [ "$got" = "$want" ]; t $? "bureau $code: pixel #$got is its turnout class colour #$want"
done <"$tmp/pixels.txt"
echo "1..$n"
