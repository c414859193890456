#!/bin/bash
# import results: every real layout (Paris 2017 large + long, Brest 2024 native, Brest 2022
# city), the legacy latin-1 fixture, idempotency, malformed inputs, joins with contours.
# Expected figures come from python3 (csv module) and sqlite3, never from coopmap.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
S=${COOPMAP_SHARED:-}
if [ -z "$S" ] || [ ! -d "$S/paris/results_2017" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/tap.sh"
db=$tmp/s.db
cm() { "$COOPMAP" "$@" --db "$db" --quiet; }
q() { sqlite3 "$db" "$1"; }

# Expected "rows inscrits votants exprimes" of a file: distinct bureaux (long files repeat
# them), sums of the totals. Args: file encoding delimiter key-columns... -- totals columns.
expect() {
    python3 - "$@" <<'PY'
import csv, sys
f, enc, delim = sys.argv[1:4]
rest = sys.argv[4:]; k = rest.index('--'); keys, tots = rest[:k], rest[k+1:]
seen, sums = set(), [0] * len(tots)
with open(f, encoding=enc, newline='') as fh:
    for row in csv.DictReader(fh, delimiter=delim):
        key = tuple(row[c].strip('"').lstrip('0') for c in keys)
        if key in seen: continue
        seen.add(key)
        for i, c in enumerate(tots): sums[i] += int(row[c])
print(len(seen), *sums)
PY
}
# Same figures from the store for one election round.
got() {
    q "SELECT count(*), sum(inscrits), sum(votants), sum(exprimes) FROM result r
       JOIN election_round er ON er.id = r.round_id WHERE er.election = '$1' AND er.round = $2" | tr '|' ' '
}

# --- Paris 2017: four large files and one long file -----------------------------------------
P=$S/paris/results_2017
for f in "$P"/*.csv; do
    b=$(basename "$f" .csv); e=${b%%_par*}; r=${e##*-}; id="${e%-*}-${b##*_par_bureau_}"
    out=$(cm import results "$f" --election "$id" --round "$r" 2>&1); rc=$?
    t $rc "Paris $b: exit 0"
    case $b in *long*) keys="commune bureau" ;; *) keys="commune bureau" ;; esac
    want=$(expect "$f" utf-8 , $keys -- inscrits votants exprimes)
    is "$(got "$id" "$r")" "$want" "Paris $b: bureaux and sums of inscrits, votants, exprimes"
    echo "$out" | grep -q "nuls derived as votants - blancs - exprimes for ${want%% *} rows"
    t $? "Paris $b: the report says nuls are derived"
done
is "$(got 2017-legislatives-large_dep75 2 | cut -d' ' -f1)" 835 "legislatives round 2: 835 bureaux"
is "$(got 2017-presidentielle-large_dep75 1 | cut -d' ' -f1)" 896 "presidentielle round 1: 896 bureaux"
is "$(got 2017-presidentielle-long_dep75 2)" "$(got 2017-presidentielle-large_dep75 2)" \
   "long and large layouts of the same round agree"
want=$(python3 -c "
import csv
print(sum(int(r['voix']) for r in csv.DictReader(open('$P/2017-presidentielle-2_par_bureau_long_dep75.csv', encoding='utf-8'))))")
is "$(q "SELECT sum(voix) FROM vote v JOIN result r ON r.id = v.result_id JOIN election_round er
        ON er.id = r.round_id WHERE er.election = '2017-presidentielle-long_dep75'")" "$want" "long layout: sum of voix"
is "$(q "SELECT count(*) FROM candidate c JOIN election_round er ON er.id = c.round_id
        WHERE er.election = '2017-presidentielle-long_dep75'")" 2 "long presidential: 2 national candidates"
is "$(q "SELECT group_concat(DISTINCT circo) FROM result WHERE bureau = '75056_0101'")" 75-01 \
   "constituency stored as 75-01"

# --- Brest 2024, Ministry native layout ------------------------------------------------------
B=$S/brest
for r in 1 2; do
    f=$B/results_leg2024_mi/circos23-tour$r.csv
    cm import results "$f" --election leg2024 --round $r --kind legislatives --date 2024-06-30 >/dev/null
    t $? "Brest 2024 round $r: exit 0"
    is "$(got leg2024 $r)" "$(expect "$f" utf-8 ';' 'Code commune' 'Code BV' -- Inscrits Votants Exprimés)" \
       "Brest 2024 round $r: bureaux and sums"
    want=$(python3 -c "
import csv
t = 0
for row in csv.DictReader(open('$f', encoding='utf-8'), delimiter=';'):
    t += sum(int(v) for k, v in row.items() if k and k.startswith('Voix ') and v)
print(t)")
    is "$(q "SELECT sum(voix) FROM vote v JOIN result r ON r.id = v.result_id JOIN election_round er
            ON er.id = r.round_id WHERE er.election = 'leg2024' AND er.round = $r")" "$want" "Brest 2024 round $r: sum of voix"
    is "$(q "SELECT count(*) FROM result r JOIN election_round er ON er.id = r.round_id
            WHERE er.election = 'leg2024' AND er.round = $r AND r.commune = '29019'")" 104 "Brest 2024 round $r: 104 bureaux of 29019"
done
is "$(q "SELECT count(*) FROM result WHERE bureau = '29019_0001'")" 2 "Code BV 1 and \"0001\" give the same bureau"
is "$(q "SELECT name || '/' || nuance FROM candidate WHERE name LIKE 'BRÉHIER%' LIMIT 1")" "BRÉHIER Tristan/ENS" \
   "native candidate name and nuance, UTF-8 kept"

# --- Brest 2022, city layout: circo 2 + circo 3 in one round ---------------------------------
for r in 1 2; do
    c2=$B/results_leg2022_city/tour${r}_circo2.csv; c3=$B/results_leg2022_city/tour${r}_circo3.csv
    cm import results "$c2" "$c3" --election leg2022 --round $r --commune 29019 >/dev/null
    t $? "Brest 2022 round $r (city, 2 files): exit 0"
    w2=$(expect "$c2" utf-8 ';' Numéro -- Inscrits Votants Exprimés)
    w3=$(expect "$c3" utf-8 ';' Numéro -- Inscrits Votants Exprimés)
    want=$(echo "$w2 $w3" | awk '{print $1+$5, $2+$6, $3+$7, $4+$8}')
    is "$(got leg2022 $r)" "$want" "Brest 2022 round $r: bureaux and sums of both files"
done
is "$(got leg2022 1 | cut -d' ' -f1)" 104 "Brest 2022: 104 bureaux"
is "$(q "SELECT circo FROM result WHERE bureau = '29019_0024' AND round_id =
        (SELECT id FROM election_round WHERE election = 'leg2022' AND round = 1)")" 29-03 "city circo 03 -> 29-03"
err=$(cm import results "$B/results_leg2022_city/tour1_circo3.csv" --election x --round 1 2>&1); rc=$?
is $rc 2 "city layout without --commune: exit 2"
echo "$err" | grep -q -- "--commune"; t $? "the message asks for --commune"

# --- legacy layout (latin-1, CRLF, repeated unnamed blocks): fixture -------------------------
L=$here/fixtures/legacy_leg2022_t1_dep29.csv
cm import results "$L" --election legacy --round 1 >/dev/null; t $? "legacy fixture: exit 0"
is "$(got legacy 1)" "$(expect "$L" latin-1 ';' 'Code de la commune' 'Code du b.vote' -- Inscrits Votants Exprimés)" \
   "legacy: bureaux and sums"
want=$(python3 -c "
import csv
rows = list(csv.reader(open('$L', encoding='latin-1', newline=''), delimiter=';'))
p = rows[0].index('N°Panneau'); w = len(rows[0]) - p; v = rows[0].index('Voix') - p
print(sum(int(r[i + v]) for r in rows[1:] for i in range(p, len(r) - v, w)))")
is "$(q "SELECT sum(voix) FROM vote v JOIN result r ON r.id = v.result_id JOIN election_round er
        ON er.id = r.round_id WHERE er.election = 'legacy'")" "$want" "legacy: votes of every block"
is "$(q "SELECT name FROM candidate c JOIN election_round er ON er.id = c.round_id
        WHERE er.election = 'legacy' AND panel = 3")" "$(printf 'M\xc3\x89NEZ H\xc3\xa9l\xc3\xa8ne')" \
   "latin-1 names stored as UTF-8"
is "$(q "SELECT count(DISTINCT circo) || ' ' || min(circo) FROM result r JOIN election_round er
        ON er.id = r.round_id WHERE er.election = 'legacy'")" "1 29-02" "legacy constituency"

# --- idempotency ------------------------------------------------------------------------------
"$COOPMAP" info --db "$db" | grep -v import_log >"$tmp/info1"
cm import results "$B/results_leg2024_mi/circos23-tour1.csv" --election leg2024 --round 1 >/dev/null
cm import results "$P/2017-presidentielle-2_par_bureau_long_dep75.csv" --election 2017-presidentielle-long_dep75 --round 2 >/dev/null
"$COOPMAP" info --db "$db" | grep -v import_log >"$tmp/info2"
cmp -s "$tmp/info1" "$tmp/info2"; t $? "importing a round again gives the same info output"
is "$(q "SELECT count(*) FROM candidate c JOIN election_round er ON er.id = c.round_id
        WHERE er.election = 'leg2024' AND er.round = 1")" \
   "$(python3 -c "
import csv
s = set()
for row in csv.DictReader(open('$B/results_leg2024_mi/circos23-tour1.csv', encoding='utf-8'), delimiter=';'):
    for k, v in row.items():
        if k and k.startswith('Nom candidat ') and v:
            i = k.split()[-1]; s.add((row['Numéro de panneau ' + i], v))
print(len(s))")" "candidates deduplicated after a re-import"

# --- malformed inputs: exit 2, file:line in the message, store unchanged with --strict -------
big=$P/2017-presidentielle-1_par_bureau_large_dep75.csv
bad() { # name file expected-line-regex [extra flags...]
    local name=$1 file=$2 where=$3; shift 3
    sqlite3 "$db" .dump >"$tmp/before"
    err=$(cm import results "$file" --election pres2017 --round 1 --strict "$@" 2>&1); rc=$?
    is $rc 2 "$name: exit 2"
    echo "$err" | grep -q "$(basename "$file"):$where"; t $? "$name: message names $(basename "$file"):$where"
    [ $rc = 2 ] || echo "# $err"
    sqlite3 "$db" .dump >"$tmp/after"
    cmp -s "$tmp/before" "$tmp/after"; t $? "$name: store identical before and after"
}
tr ',' '|' <"$big" >"$tmp/pipes.csv"
bad "wrong delimiter" "$tmp/pipes.csv" "1:"
sed '3s/,/;/g' "$big" >"$tmp/mixed.csv"
bad "row with another delimiter" "$tmp/mixed.csv" "3:"
awk 'NR==4 { sub(/;/, ";\xe9") } 1' "$B/results_leg2024_mi/circos23-tour1.csv" >"$tmp/badutf8.csv"
bad "invalid UTF-8 byte" "$tmp/badutf8.csv" "4:"
awk 'NR==3 { sub(/Brest/, "Br\x92st") } 1' "$L" >"$tmp/badlatin1.csv"
bad "C1 byte in a latin-1 file" "$tmp/badlatin1.csv" "3:"
{ cat "$big"; sed -n 10p "$big"; } >"$tmp/dup.csv"
bad "duplicate bureau row" "$tmp/dup.csv" "898: duplicate bureau 75056_0109"
awk -F, -v OFS=, 'NR==20 { $6 = -$6 } 1' "$big" >"$tmp/neg.csv"
bad "negative count" "$tmp/neg.csv" "20: negative inscrits"
awk -F, -v OFS=, 'NR==30 { $7 = $6 + 1000 } 1' "$big" >"$tmp/over.csv"
bad "votants > inscrits" "$tmp/over.csv" "30: votants"
cut -d, -f1-5,7- "$big" >"$tmp/noins.csv"
bad "missing inscrits column" "$tmp/noins.csv" "1:.*missing Inscrits"
awk -F, -v OFS=, 'NR==40 { $10 = $10 + 1 } 1' "$big" >"$tmp/sum.csv"
bad "votes do not add up to exprimes" "$tmp/sum.csv" "40: sum of votes"
awk -F, -v OFS=, 'NR==3 { $6 = $6 + 1 } 1' "$P/2017-presidentielle-2_par_bureau_long_dep75.csv" >"$tmp/longtot.csv"
bad "long layout: totals differ within a bureau" "$tmp/longtot.csv" "3: totals differ from line 2"
bad "forced layout that does not fit" "$big" "1:.*missing" --layout native2024

# without --strict: the bad rows are rejected and listed, the rest is imported
out=$(cm import results "$tmp/dup.csv" --election dup --round 1 --report "$tmp/rep.txt" 2>&1); rc=$?
is $rc 0 "without --strict a duplicate row is rejected, the import goes on"
echo "$out" | grep -q "896 imported, 0 repaired, 1 rejected"; t $? "report counts 896 imported, 1 rejected"
grep -q "dup.csv:898: duplicate bureau 75056_0109 (first at line 10)" "$tmp/rep.txt"; t $? "--report lists the problem with file:line"
is "$(got dup 1 | cut -d' ' -f1)" 896 "the first of the duplicate rows is kept"

# --- kill -9 in the middle of an import leaves the previous content intact ------------------
python3 - "$tmp/big.csv" <<'PY'
import sys
K = 12
h = ["Code département", "Libellé département", "Code commune", "Libellé commune", "Code BV",
     "Inscrits", "Votants", "Abstentions", "Exprimés", "Blancs", "Nuls"]
for i in range(1, K + 1):
    h += ["Numéro de panneau %d" % i, "Nuance candidat %d" % i, "Nom candidat %d" % i,
          "Prénom candidat %d" % i, "Voix %d" % i]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write(";".join(h) + "\n")
    for b in range(40000):
        votes = [(b * 7 + i * 13) % 97 for i in range(K)]
        e = sum(votes); v = e + 8; ins = v + 100
        f = ["01", "Ain", "01%03d" % (b // 100 % 1000), "C", str(b % 100 + 1 + b // 100000 * 100),
             str(ins), str(v), str(ins - v), str(e), "5", "3"]
        for i in range(K):
            f += [str(i + 1), "DIV", "NOM%d" % i, "P", str(votes[i])]
        out.write(";".join(f) + "\n")
PY
sqlite3 "$db" .dump >"$tmp/before"
"$COOPMAP" import results "$tmp/big.csv" --election big --round 1 --db "$db" --quiet >/dev/null 2>&1 &
pid=$!
for i in $(seq 1 400); do
    sz=$(stat -c %s "$db-wal" 2>/dev/null || echo 0)
    [ "$sz" -gt 4000000 ] && break
    sleep 0.02
done
kill -9 $pid 2>/dev/null; killed=$?
wait $pid 2>/dev/null
is $killed 0 "the import was still running when killed (WAL had grown to $sz bytes)"
sqlite3 "$db" .dump >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after"; t $? "after kill -9 the store holds exactly the previous content"

# --- joins with the contours (needs `import bureaux`) ----------------------------------------
if "$COOPMAP" import bureaux --help >/dev/null 2>&1; then
    shp=$S/paris/bv_contours_2017/paris_bv_2017_l93.shp
    cm import bureaux "$shp" >/dev/null; t $? "Paris contours imported"
    nc=$(ogrinfo -so -al "$shp" | sed -n 's/^Feature Count: //p')
    is "$nc" 896 "Paris: 896 contours in the shapefile (ogrinfo)"
    for f in "$P"/*.csv; do
        b=$(basename "$f" .csv)
        out=$(cm import results "$f" --election j --round 1 --report "$tmp/j.txt" 2>&1)
        rows=$(expect "$f" utf-8 , commune bureau -- inscrits | cut -d' ' -f1)
        is "$(q "SELECT count(*) FROM result r JOIN bureau b ON b.code = r.bureau
                WHERE r.round_id = (SELECT id FROM election_round WHERE election = 'j')")" "$rows" "Paris $b: every row joins a contour"
        is "$(grep -c '^results without contour' "$tmp/j.txt")" 0 "Paris $b: no result without contour"
        is "$(grep -c '^contour without results' "$tmp/j.txt")" $((nc - rows)) "Paris $b: $((nc - rows)) contours without results"
    done
    cm import bureaux "$S/brest/bv_contours/brest_metropole_bv_l93.shp" >/dev/null; t $? "Brest contours imported"
    for spec in "leg2024 1" "leg2024 2" "leg2022 1" "leg2022 2"; do
        set -- $spec
        is "$(q "SELECT count(*) FROM result r JOIN bureau b ON b.code = r.bureau
                JOIN election_round er ON er.id = r.round_id WHERE er.election = '$1' AND er.round = $2
                AND b.commune = '29019'")" 104 "Brest $1 round $2: 104 bureaux join a contour"
    done
    out=$(cm import results "$B/results_leg2024_mi/circos23-tour1.csv" --election leg2024 --round 1 --report "$tmp/b.txt")
    ogrinfo -al -q "$S/brest/bv_contours/brest_metropole_bv_l93.shp" | sed -n 's/^ *id_bv (String) = //p' | sort -u >"$tmp/contours.txt"
    want=$(python3 -c "
import csv
cont = set(open('$tmp/contours.txt').read().split())
res = {r['Code commune'] + '_' + r['Code BV'].zfill(4) for r in
       csv.DictReader(open('$B/results_leg2024_mi/circos23-tour1.csv', encoding='utf-8'), delimiter=';')}
coms = {c[:5] for c in res}
print(len(res - cont), len({c for c in cont if c[:5] in coms} - res))")
    is "$(grep -c '^results without contour' "$tmp/b.txt") $(grep -c '^contour without results' "$tmp/b.txt")" "$want" \
       "Brest 2024: results without contour and contours without results (communes of the file)"
else
    n=$((n+1)); echo "ok $n # SKIP join checks: 'coopmap import bureaux' is not in this build yet"
fi
echo "1..$n"
