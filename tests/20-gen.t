#!/bin/bash
# coopmap gen: determinism, Lambert-93 shapefiles whose cells tile the extent, census rows,
# and results files in the Ministry's 2024 layout with consistent totals, checked with
# ogrinfo and awk (never with coopmap itself).
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
. "$(dirname "$0")/tap.sh"
files="bureaux.shp bureaux.shx bureaux.dbf bureaux.prj bureaux.cpg iris.shp iris.shx iris.dbf
       iris.prj iris.cpg census.csv pres2027-t1.csv pres2027-t2.csv leg2028-t1.csv leg2028-t2.csv"
results="pres2027-t1 pres2027-t2 leg2028-t1 leg2028-t2"

"$COOPMAP" gen --bureaux 300 --seed 7 --out "$tmp/a" --quiet >"$tmp/a.out" 2>&1; rc=$?
t $rc "gen 300 bureaux exits 0"
grep -q '300 bureaux' "$tmp/a.out"; t $? "the report says what was written"
"$COOPMAP" gen --bureaux 300 --seed 7 --out "$tmp/b" --quiet >/dev/null 2>&1
same=0; for f in $files; do cmp -s "$tmp/a/$f" "$tmp/b/$f" || { same=1; echo "# $f differs"; }; done
t $same "same bureaux and seed: the 15 files are byte-identical"
"$COOPMAP" gen --bureaux 300 --seed 8 --out "$tmp/c" --quiet >/dev/null 2>&1
diff=0; for f in bureaux.shp iris.shp census.csv pres2027-t1.csv leg2028-t1.csv; do
    cmp -s "$tmp/a/$f" "$tmp/c/$f" && { diff=1; echo "# $f unchanged by the seed"; }; done
t $diff "another seed gives other contours, census and results"

so=$(ogrinfo -so "$tmp/a/bureaux.shp" bureaux 2>&1)
echo "$so" | grep -q '^Feature Count: 300$'; t $? "bureaux.shp has 300 features"
echo "$so" | grep -q 'ID\["EPSG",2154\]' && echo "$so" | grep -q 'Lambert-93'
t $? "bureaux.shp is in EPSG:2154 Lambert-93"
for f in code_bv code_com num_bv circo nom; do
    echo "$so" | grep -q "^$f: "; t $? "bureaux.shp has field $f"; done
# Cells tile the extent: sum of areas = envelope area = area of the union (no overlap).
env=$(echo "$so" | sed -n 's/^Extent: (\([0-9.]*\), \([0-9.]*\)) - (\([0-9.]*\), \([0-9.]*\))$/\1 \2 \3 \4/p')
echo "$env" | awk '{ exit !($1 <= 150000 && $3 >= 1200000 && $2 <= 6060000 && $4 >= 7090000) }'
t $? "extent covers metropolitan France in Lambert-93 ($env)"
areas=$(ogrinfo -q -dialect sqlite -sql "SELECT sum(ST_Area(geometry)) AS s, ST_Area(ST_Union(geometry)) AS u FROM bureaux" "$tmp/a/bureaux.shp" | sed -n 's/^ *[su] (Real) = //p' | tr '\n' ' ')
echo "$env $areas" | awk '{ e = ($3 - $1) * ($4 - $2); d = $5 - e; if (d < 0) d = -d; exit !(e > 0 && d / e < 1e-6) }'
t $? "sum of cell areas equals the envelope area ($areas)"
echo "$areas" | awk '{ d = $1 - $2; if (d < 0) d = -d; exit !($2 > 0 && d / $2 < 1e-6) }'
t $? "area of the union equals the sum of areas: no two cells overlap"
# Communes, constituencies and départements are each in one piece (checked at 2,000 bureaux,
# where communes have several bureaux).
"$COOPMAP" gen --bureaux 2000 --seed 5 --out "$tmp/k" --quiet >/dev/null 2>&1
for g in code_com circo "substr(code_com, 1, 2)"; do
    split=$(ogrinfo -q -dialect sqlite -sql "SELECT sum(n > 1) AS split, count(*) AS groups FROM (SELECT $g AS g, ST_NumGeometries(ST_Union(geometry)) AS n FROM bureaux GROUP BY g)" "$tmp/k/bureaux.shp" | sed -n 's/^ *\(split\|groups\) (Integer) = //p' | tr '\n' ' ')
    echo "$split" | awk '{ exit !($1 == 0 && $2 > 1) }'; t $? "every $g group is contiguous (split, groups: $split)"
done
iso=$(ogrinfo -so "$tmp/a/iris.shp" iris 2>&1)
echo "$iso" | grep -q '^Feature Count: 210$'; t $? "iris.shp has round(0.7 x 300) = 210 features"
echo "$iso" | grep -q 'ID\["EPSG",2154\]'; t $? "iris.shp is in EPSG:2154"

# Codes of the contours, as CSV through OGR.
ogr2ogr -f CSV "$tmp/bv.csv" "$tmp/a/bureaux.shp" 2>/dev/null
# OGR's CSV driver quotes strings that look like numbers
sed -i 's/"//g' "$tmp/bv.csv"
awk -F, 'NR > 1 { print $1 }' "$tmp/bv.csv" | sort > "$tmp/bv.codes"
[ "$(wc -l < "$tmp/bv.codes")" = 300 ] && [ -z "$(uniq -d "$tmp/bv.codes")" ]
t $? "300 distinct bureau codes"
awk -F, 'NR > 1 { if ($1 !~ /^([0-9][0-9]|2[AB])[0-9][0-9][0-9]_[0-9][0-9][0-9][0-9]$/ || substr($1, 1, 5) != $2 \
    || substr($1, 7) + 0 != $3 + 0 || $4 !~ /^([0-9][0-9]|2[AB])-[0-9][0-9]$/ \
    || substr($4, 1, 2) != substr($2, 1, 2)) bad++ } END { exit bad > 0 }' "$tmp/bv.csv"
t $? "code_bv = code_com + _ + num_bv (4 digits), circo = département-NN"

for r in $results; do
    f="$tmp/a/$r.csv"
    head -1 "$f" | grep -q '^Code département;Libellé département;Code commune;Libellé commune;Code BV;Inscrits;Votants;% Votants;Abstentions;% Abstentions;Exprimés;% Exprimés/inscrits;% Exprimés/votants;Blancs;% Blancs/inscrits;% Blancs/votants;Nuls;% Nuls/inscrits;% Nuls/votants;Numéro de panneau 1;Nuance candidat 1;Nom candidat 1;Prénom candidat 1;Sexe candidat 1;Voix 1;% Voix/inscrits 1;% Voix/exprimés 1;Elu 1;'
    t $? "$r: header of the Ministry's 2024 native layout"
    awk -F';' 'NR > 1 { printf "%s_%04d\n", $3, $5 }' "$f" | sort > "$tmp/$r.codes"
    cmp -s "$tmp/$r.codes" "$tmp/bv.codes"; t $? "$r: 300 rows, each bureau of bureaux.shp exactly once"
    # Every row: I = V + A, V = E + B + N, sum of voix = E, all >= 0, percentages = 100 a / b.
    awk -F';' '
    function pct(s) { sub(/%$/, "", s); sub(/,/, ".", s); return s + 0 }
    function chk(cell, a, b) { if (b <= 0) return 1; d = pct(cell) - 100 * a / b; return d < 0.0051 && d > -0.0051 }
    NR == 1 { if (NF != 19 + 9 * int((NF - 19) / 9)) bad++; next }
    {
        if ($6 != $7 + $9 || $7 != $11 + $14 + $17) bad++
        if ($6 < 0 || $7 < 0 || $9 < 0 || $11 < 0 || $14 < 0 || $17 < 0) bad++
        if (!chk($8, $7, $6) || !chk($10, $9, $6) || !chk($12, $11, $6) || !chk($13, $11, $7)) bad++
        if (!chk($16, $14, $7) || !chk($19, $17, $7)) bad++
        s = 0; c = 0
        for (k = 20; k + 8 <= NF; k += 9) {
            if ($k == "") continue
            c++; s += $(k + 5)
            if ($(k + 5) < 0 || !chk($(k + 6), $(k + 5), $6) || !chk($(k + 7), $(k + 5), $11) || $(k + 1) == "") bad++
        }
        if (s != $11 || c < 2) { bad++; if (bad < 5) print "# line " NR ": voix " s " exprimes " $11 }
        if ($8 !~ /^[0-9]+,[0-9][0-9]%$/) bad++
    }
    END { exit (bad > 0 || NR != 301) }' "$f"
    t $? "$r: consistent totals and percentages on every row"
done
awk -F';' 'NR > 1 { c = 0; for (k = 20; k <= NF; k += 9) if ($k != "") c++; if (c != 12) bad++ }
    END { exit bad > 0 }' "$tmp/a/pres2027-t1.csv"; t $? "presidential round 1: 12 candidates on every row"
awk -F';' 'NR > 1 { c = 0; for (k = 20; k <= NF; k += 9) if ($k != "") c++; if (c < 4 || c > 10) bad++ }
    END { exit bad > 0 }' "$tmp/a/leg2028-t1.csv"; t $? "legislative round 1: 4 to 10 candidates a row"
awk -F';' 'NR > 1 { c = 0; for (k = 20; k <= NF; k += 9) if ($k != "") c++; if (c != 2) bad++;
    e[$3 "_" $5] = ($28 == "élu") + ($37 == "élu"); if (e[$3 "_" $5] != 1) bad++ }
    END { exit bad > 0 }' "$tmp/a/leg2028-t2.csv"; t $? "legislative round 2: 2 candidates, one elected"

# Maps look like maps: a bureau's turnout or share is close to its 5 nearest neighbours'
# (correlation with their mean; independent noise would give about 0).
ogr2ogr -f CSV "$tmp/cent.csv" -dialect sqlite -sql "SELECT code_bv, ST_X(ST_Centroid(geometry)) AS x, ST_Y(ST_Centroid(geometry)) AS y FROM bureaux" "$tmp/a/bureaux.shp" 2>/dev/null
cat > "$tmp/spcorr.py" <<'PY'
import csv, math, sys
cent = {r["code_bv"].strip('"'): (float(r["x"]), float(r["y"])) for r in csv.DictReader(open(sys.argv[1]))}
val = {}
with open(sys.argv[2], encoding="utf-8") as f:
    rows = csv.reader(f, delimiter=";")
    next(rows)
    for r in rows:
        code = "%s_%04d" % (r[2], int(r[4]))
        if sys.argv[3] == "turnout":
            val[code] = int(r[6]) / int(r[5])
        else:
            val[code] = sum(int(r[k + 5]) for k in range(19, len(r) - 8, 9) if r[k + 1] == sys.argv[3]) / int(r[10])
codes = sorted(val)
pts, v = [cent[c] for c in codes], [val[c] for c in codes]
nb = []
for i, (x, y) in enumerate(pts):
    near = sorted((math.hypot(x - a, y - b), j) for j, (a, b) in enumerate(pts) if j != i)[:5]
    nb.append(sum(v[j] for _, j in near) / 5)
mv, mn = sum(v) / len(v), sum(nb) / len(nb)
cov = sum((a - mv) * (b - mn) for a, b in zip(v, nb))
print("%.3f" % (cov / math.sqrt(sum((a - mv) ** 2 for a in v) * sum((b - mn) ** 2 for b in nb))))
PY
for spec in "pres2027-t1 turnout" "pres2027-t1 RN" "pres2027-t1 LFI" "leg2028-t1 turnout"; do
    set -- $spec
    r=$(python3 "$tmp/spcorr.py" "$tmp/cent.csv" "$tmp/a/$1.csv" "$2")
    echo "$r" | awk '{ exit !($1 > 0.4) }'; t $? "$1: $2 is spatially correlated (r = $r with the 5 nearest bureaux)"
done

c=$(awk 'END { print NR - 1 }' "$tmp/a/census.csv")
[ "$c" = 210 ]; t $? "census.csv has one row per IRIS (210, got $c)"
head -1 "$tmp/a/census.csv" | grep -qx 'IRIS;P_POP;C_POP15P;C_POP15P_CS5;C_POP15P_CS6;P_CHOM1564;DISP_MED;DISP_TP60'
t $? "census header"
ogr2ogr -f CSV "$tmp/iris.csv" "$tmp/a/iris.shp" 2>/dev/null
sed -i 's/"//g' "$tmp/iris.csv"
awk -F, 'NR > 1 { print $1 }' "$tmp/iris.csv" | sort > "$tmp/iris.codes"
awk -F';' 'NR > 1 { print $1 }' "$tmp/a/census.csv" | sort | cmp -s - "$tmp/iris.codes"
t $? "census rows join iris.shp codes one to one"
awk -F, 'NR > 1 && (length($1) != 9 || substr($1, 1, 5) != $2) { bad++ } END { exit bad > 0 }' "$tmp/iris.csv"
t $? "CODE_IRIS = INSEE_COM + 4 characters"
awk -F';' 'NR > 1 { if ($2 <= 0 || $3 > $2 || $4 + $5 > $3 || $6 > $2) bad++; if ($7 == "") s++ }
    END { exit bad > 0 }' "$tmp/a/census.csv"; t $? "census values are plausible (15+ <= population, CS5 + CS6 <= 15+)"

"$COOPMAP" gen --bureaux 20 --iris 9 --seed 3 --out "$tmp/d/e" --quiet >/dev/null 2>&1
ogrinfo -so "$tmp/d/e/bureaux.shp" bureaux | grep -q '^Feature Count: 20$' \
    && [ "$(awk 'END { print NR - 1 }' "$tmp/d/e/census.csv")" = 9 ]
t $? "20 bureaux, --iris 9, nested output directory created"

err=$("$COOPMAP" gen --bureaux 0 --out "$tmp/z" 2>&1); rc=$?
t $(( rc != 1 )) "--bureaux 0: exit 1"
echo "$err" | grep -q -- '--bureaux'; t $? "--bureaux 0: the message names --bureaux"
err=$("$COOPMAP" gen --bureaux 10 2>&1); rc=$?
t $(( rc != 1 )) "missing --out: exit 1"
echo "$err" | grep -q -- '--out'; t $? "missing --out: the message names --out"
[ ! -e "$tmp/z" ]; t $? "a refused command writes nothing"
echo "1..$n"
