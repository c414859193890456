#!/bin/bash
# coopmap print: a real PDF over the Paris demo data, checked with poppler's tools and with
# figures computed here from the raw CSV (awk) and the store (sqlite3 + SpatiaLite).
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
root=$(cd "$(dirname "$0")/.." && pwd)
d="$root/data/demo"
. "$(dirname "$0")/tap.sh"
for tool in pdfinfo pdffonts pdftotext pdftoppm sqlite3 python3; do
    command -v $tool >/dev/null || { echo "1..0 # SKIP $tool missing"; exit 0; }
done
db="$tmp/p.db"
cm() { "$COOPMAP" "$@" --db "$db" --quiet; }
cm import bureaux "$d/paris_bv_2017_l93.shp" >/dev/null
pres1="$d/2017-presidentielle-1_par_bureau_large_dep75.csv"
cm import results "$pres1" --election pres2017 --round 1 --kind presidentielle --date 2017-04-23 >/dev/null
cm compute --only results,potential,category --blocs "$root/data/blocs.csv" >/dev/null

# Independent figures: the bureaux of the 20th arrondissement and the one with the highest
# PO = (A/R) x (C/E), our camp = Mélenchon + Hamon + Arthaud + Poutou.
python3 - "$pres1" > "$tmp/expect" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
b20 = [r for r in rows if r["bureau"].startswith("20")]
def po(r):
    R, V, E = int(r["inscrits"]), int(r["votants"]), int(r["exprimes"])
    C = sum(int(r[k]) for k in ("MÉLENCHON", "HAMON", "ARTHAUD", "POUTOU"))
    return (R - V) / R * C / E
top = max(b20, key=po)
print(len(b20), "75056_" + top["bureau"], " ".join("75056_" + r["bureau"] for r in b20))
PY
read -r nb top codes < "$tmp/expect"

out="$tmp/m.pdf"
cm print --layer potential --area 75120 --out "$out" --frame-json "$tmp/frame.json" > "$tmp/log"
t $? "print exits 0"
pages=$(pdfinfo "$out" | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -ge 2 ]; t $? "map page plus table pages ($pages)"
pdfinfo "$out" | grep -q 'Page size: *595.28 x 841.89 pts (A4)'; t $? "A4 portrait"
[ "$(pdffonts "$out" | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)" = 0 ] && \
    [ "$(pdffonts "$out" | awk 'NR > 2' | wc -l)" -gt 0 ]; t $? "every font embedded"
pdftotext -layout "$out" "$tmp/m.txt"
grep -q "Ministère de l'Intérieur, INSEE, Ville de Paris" "$tmp/m.txt"; t $? "source line with accents"
grep -q "Légende" "$tmp/m.txt" && grep -q "Sans donnée" "$tmp/m.txt"; t $? "legend printed"
grep -qE '[0-9.]+ % – [0-9.]+ %' "$tmp/m.txt"; t $? "legend class breaks printed"
missing=0; for c in $codes; do grep -q "$c" "$tmp/m.txt" || missing=$((missing+1)); done
[ "$missing" = 0 ]; t $? "all $nb bureau codes of 75120 in the table ($missing missing)"
grep -q "PO = (A/R)" "$tmp/m.txt"; t $? "formula printed"

# The pixel inside the best bureau (away from its number) has the top class colour of the
# YlOrRd 5-class ramp (#bd0026).
read -r X Y < <(sqlite3 -separator ' ' "$db" ".load mod_spatialite" \
    "SELECT X(p), Y(p) FROM (SELECT ST_PointOnSurface(ST_Difference(g, ST_Buffer(ST_Centroid(g),
     90))) AS p FROM (SELECT ST_Transform(geom, 3857) AS g FROM bureau WHERE code = '$top'))")
read -r px py < <(python3 - "$tmp/frame.json" "$X" "$Y" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
x, y, s = float(sys.argv[2]), float(sys.argv[3]), 100 / 72
print(round((f["x"] + (x - f["minx"]) / (f["maxx"] - f["minx"]) * f["w"]) * s),
      round((f["y"] + (f["maxy"] - y) / (f["maxy"] - f["miny"]) * f["h"]) * s))
PY
)
pdftoppm -r 100 -f 1 -l 1 "$out" "$tmp/pg"
rgb=$(python3 - "$tmp"/pg-1.ppm "$px" "$py" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(maxsplit=4)
w, h = int(parts[1]), int(parts[2]); pix = parts[4]
x, y = int(sys.argv[2]), int(sys.argv[3])
i = (y * w + x) * 3
print("%02x%02x%02x" % tuple(pix[i:i+3]))
PY
)
python3 -c "import sys; a=bytes.fromhex('$rgb'); b=bytes.fromhex('bd0026'); sys.exit(max(abs(p-q) for p,q in zip(a,b)) > 8)"
t $? "pixel inside $top at ($px,$py) is the top class colour (got #$rgb)"

cm print --layer potential --area 75120 --paper A3 --landscape --sheets --out "$tmp/s.pdf" >/dev/null
t $? "A3 landscape with sheets"
pdfinfo "$tmp/s.pdf" | grep -q -E 'Page size: *1190.5[0-9] x 841.89 pts \(A3\)'; t $? "A3 landscape size"
spages=$(pdfinfo "$tmp/s.pdf" | awk '/^Pages:/ {print $2}')
[ "$spages" -gt "$nb" ]; t $? "one sheet per bureau ($spages pages for $nb bureaux)"
pdftotext -f "$spages" -l "$spages" "$tmp/s.pdf" - | grep -q "Relevé de terrain"; t $? "last sheet has the tally box"

# The map alone ranks codes and scores only: its page must be the full print's first page.
ppm_diff() { python3 - "$1" "$2" <<'PY'
import sys
def px(p):
    d = open(p, "rb").read().split(b"\n", 3)
    return d[1], d[3]
(sa, a), (sb, b) = px(sys.argv[1]), px(sys.argv[2])
print(-1 if sa != sb else sum(1 for i in range(0, len(a), 3) if a[i:i + 3] != b[i:i + 3]))
PY
}
cm print --layer potential --area 75120 --map-only --out "$tmp/mo.pdf" >/dev/null
[ "$(pdfinfo "$tmp/mo.pdf" | awk '/^Pages:/ {print $2}')" = 1 ]; t $? "--map-only: one page"
pdftoppm -r 40 -f 1 -l 1 "$out" "$tmp/full" && pdftoppm -r 40 "$tmp/mo.pdf" "$tmp/only"
[ "$(ppm_diff "$tmp"/full-1.ppm "$tmp"/only-1.ppm)" = 0 ]; t $? "--map-only draws page 1 of the full print"
cm print --layer potential --area 75-15 --map-only --out "$tmp/circo.pdf" >/dev/null
t $? "--map-only over a constituency"
n15=$(sqlite3 "$db" "SELECT count(DISTINCT bureau) FROM result WHERE circo = '75-15'")
pdftotext "$tmp/circo.pdf" - | grep -q "· ${n15:-x} bureaux"; t $? "constituency map counts its $n15 bureaux"

# Outlines another tool stored compressed (SpatiaLite's CompressGeometry) print the same map.
cp "$db" "$tmp/z.db"
sqlite3 "$tmp/z.db" "SELECT load_extension('mod_spatialite');
    UPDATE bureau SET geom = CompressGeometry(geom) WHERE code LIKE '75056_20%';" >/dev/null
[ "$(sqlite3 "$tmp/z.db" "SELECT count(*) FROM bureau WHERE code LIKE '75056_20%'
    AND instr(hex(geom), '6943420F00') > 0")" = "$nb" ]
t $? "the 20th's $nb outlines are stored compressed"
"$COOPMAP" print --db "$tmp/z.db" --quiet --layer potential --area 75120 --map-only \
    --out "$tmp/z.pdf" >/dev/null; t $? "print reads compressed outlines"
pdftoppm -r 40 "$tmp/z.pdf" "$tmp/zz"
d=$(ppm_diff "$tmp"/only-1.ppm "$tmp"/zz-1.ppm)
[ "$d" -ge 0 ] && [ "$d" -lt 200 ]; t $? "same map from compressed outlines ($d pixels of 155,000 differ)"

err=$(cm print --layer potential --area 99999 --out "$tmp/none.pdf" 2>&1); rc=$?
t $(( rc != 2 )) "unknown area: exit 2"
echo "$err" | grep -q "99999"; t $? "unknown area named in the message"
[ ! -e "$tmp/none.pdf" ] && [ ! -e "$tmp/none.pdf.tmp" ]; t $? "no file written for an unknown area"
cm print --layer potential --area 75120 --paper B5 --out "$tmp/b5.pdf" 2>/dev/null
t $(( $? != 1 )) "unknown paper: exit 1"
err=$(cm print --layer nosuch --area 75120 --out "$tmp/x.pdf" 2>&1); rc=$?
t $(( rc != 2 )) "unknown layer: exit 2"
echo "1..$n"
