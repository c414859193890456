#!/bin/bash
# Between the two rounds from the page (issue 9): the Ministry's file uploaded for a section
# stores what `coopmap import results` stores from the same file (sqlite3 compares), limited to
# the section's territory, all or nothing; the transfer rates read and changed over HTTP, the
# remobilisation figures then equal python3's (the script of tests/45-remob.t); the printed
# remobilisation map names the hatched "not entered yet" bureaux in its legend.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
S=${COOPMAP_SHARED:-}
sub=$S/paris/subset_19e_20e
if [ -z "$S" ] || [ ! -d "$sub" ] || [ ! -d "$S/paris/results_2017" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
command -v pdftotext >/dev/null || { echo "1..0 # SKIP pdftotext absent"; exit 0; }
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
. "$here/60-serve-lib.sh" # t, cleanup, cm, start_server, mint_sessions, req, $db
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }
q() { sqlite3 -cmd '.timeout 5000' "$1" "$2"; }
LEG=$sub/2017-legislatives-1_par_bureau_large_19e20e.csv
PRES=$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv
FULL=$S/paris/results_2017/2017-legislatives-1_par_bureau_large_dep75.csv
DATA=$here/../data
R1="JOIN election_round er ON er.id = r.round_id WHERE er.election = 'leg2017' AND er.round = 1"

# --- store: the subset's contours and round 1s, bureau 2001 not entered yet
P=75056_2001
grep -v '^75,056,2001,' "$LEG" >"$tmp/leg-no2001.csv"
remob_store "$tmp/leg-no2001.csv"
is "$(q "$db" "SELECT count(*) FROM result r $R1")" 145 "round 1 without bureau $P"

sed -n "/<<'PY'$/,/^PY$/p" "$here/45-remob.t" | sed '1d;$d' >"$tmp/remob.py"
want() { python3 "$tmp/remob.py" "$PRES" "$1" - "$DATA/blocs.csv" "$2" | sort; } # R1_FILE RATES_FILE
voters() { "$COOPMAP" rank --db "$db" --layer remob_voters --format csv | awk -F, -v b="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "remob_voters") k = i; next } $2 == b { print $k }'; }
close() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 1e-9 * max(1, abs(a)) else 1)' "$1" "$2" 2>/dev/null; }
legend() { "$COOPMAP" print --db "$db" --quiet --layer remobilisation --area 75120 --out "$tmp/p.pdf" >/dev/null 2>&1 && pdftotext "$tmp/p.pdf" - | tr -s ' \n' ' '; }

# --- the printed map: the bureau not entered is hatched, and the legend says so
legend | grep -q 'Pas encore saisi'; t $? "print --layer remobilisation (remob_voters) 75120: legend shows the hatched 'Pas encore saisi'"
"$COOPMAP" print --db "$db" --quiet --layer remob_voters --area 75119 --out "$tmp/p19.pdf" >/dev/null 2>&1
pdftotext "$tmp/p19.pdf" - | grep -q 'Pas encore saisi'; t $([ $? != 0 ]; echo $?) "... not in the 19e, where every bureau is entered"

mkdir -p "$tmp/uptmp"
TMPDIR=$tmp/uptmp start_server --threads 2 # the server's upload temp files go there
[ -n "$port" ]; t $? "server starts (port ${port:-none})"
# up ROLE SECTION FILE [QUERY]: POST the file raw as the page does; status, body in $tmp/body
up() {
    local c=()
    [ "$1" != anon ] && c=(-b "coopmap_session=${tok[$1]}")
    curl -s -o "$tmp/body" -w '%{http_code}' "${c[@]}" -X POST -H 'X-Requested-With: coopmap' \
        -H 'Content-Type: application/octet-stream' --data-binary "@$3" \
        "$b/api/results/leg2017/1/upload?section=$2&name=$(basename "$3")${4:-}"
}
jget() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$tmp/body"; }
snap() { q "$db" "SELECT count(*), total(inscrits), total(votants), total(exprimes) FROM result r $R1"; q "$db" "SELECT count(*) FROM vote"; q "$db" "SELECT count(*) FROM result_entry"; }

is "$(curl -s -o "$tmp/h.pdf" -w '%{http_code} %{content_type}' "$b/api/print?layer=remobilisation&area=75120")" "200 application/pdf" "the page's Imprimer: /api/print?layer=remobilisation&area=75120"
pdftotext "$tmp/h.pdf" - | grep -q 'Pas encore saisi'; t $? "... its legend shows the hatched 'Pas encore saisi'"
# --- a bureau saved with no usable value: entered (not hatched), no data (R = 0)
req sec GET /api/results/leg2017/1/$P >/dev/null
is "$(req sec POST /api/results/leg2017/1/$P '{"version":0,"inscrits":0,"votants":0,"blancs":0,"nuls":0,"exprimes":0,"votes":{}}')" 200 "save bureau $P with zeros (no usable value)"
is "$(voters $P)" "" "... remob_voters of $P: no data (R = 0), not 0"
legend | grep -q 'Pas encore saisi'; t $([ $? != 0 ]; echo $?) "... and the print no longer calls it 'pas encore saisi': it was entered"

# --- who may upload, and bad files: nothing written
before=$(snap)
is "$(up anon P19 "$FULL")" 401 "anonymous upload: 401"
is "$(up mem P19 "$FULL")" 403 "a plain member: 403"
is "$(up sec20 P19 "$FULL")" 404 "the secretary of another section: 404"
is "$(curl -s -o /dev/null -w '%{http_code}' -b "coopmap_session=${tok[sec]}" -X POST --data-binary "@$FULL" "$b/api/results/leg2017/1/upload?section=P19")" 403 "no X-Requested-With: 403"
head -c $((21 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$tmp/big.csv"
is "$(up sec P19 "$tmp/big.csv")" 413 "a 21 MB file: 413"
# line 40 of the file (a 19e bureau) gets votants > inscrits
awk -F, -v OFS=, 'NR == 40 { $7 = $6 + 1 } 1' "$FULL" >"$tmp/bad.csv"
bl=$(awk -F, 'NR == 40 { print $3 }' "$FULL")
is "$(up sec P19 "$tmp/bad.csv" '&strict=1')" 400 "a file with a bad row, all or nothing: 400"
jget 'd["error"]["message"]' 2>/dev/null | grep -q 'bad.csv: 1 rejected rows, nothing written'; t $? "... the message names the file ($(jget 'd["error"]["message"]' 2>/dev/null | head -c 120))"
is "$(jget '[(p["line"], p["reason"][:7]) for p in d["report"]["problems"]]')" "[(40, 'votants')]" "... the report names line 40 and why"
printf 'a,b,c\n1,2,3\n' >"$tmp/junk.csv"
is "$(up sec P19 "$tmp/junk.csv")" 400 "a file of no known layout: 400"
jget 'd["error"]["message"]' 2>/dev/null | grep -q '^junk.csv'; t $? "... named by its name, not a temp path ($(jget 'd["error"]["message"]' 2>/dev/null | head -c 100))"
is "$(snap)" "$before" "refused uploads wrote nothing (results, votes, entry log)"
is "$(q "$db" "SELECT count(*) FROM audit WHERE action = 'results_upload'")" 0 "... and audited nothing"

# --- the one-bureau section uploads the whole city's file: only its bureau is written
is "$(up sec20 P20 "$FULL")" 200 "secretary of P20 uploads the Paris file"
is "$(jget 'd["report"]["joined"], d["report"]["outside"], d["report"]["rejected"]')" "1 895 0" "... 1 bureau joined, 895 outside the section, 0 rejected"
is "$(q "$db" "SELECT inscrits || ' ' || votants FROM result r $R1 AND bureau = '$P'")" "$(awk -F, '$3 == "2001" { print $6, $7 }' "$FULL")" "... bureau $P has the file's figures"
is "$(q "$db" "SELECT max(version) FROM result_entry WHERE bureau = '$P'")" 2 "... its entry version moved to 2 (a grid holding 1 gets 409)"
is "$(q "$db" "SELECT count(*) FROM result r $R1")" 146 "... and no other bureau was added"
is "$(up sec20 P20 "$tmp/bad.csv" '&strict=1')" 200 "... the bad file too, all or nothing: its bad row is not of P20, so not P20's to check"
is "$(jget 'd["report"]["joined"], d["report"]["rejected"]')" "1 0" "... 1 joined, 0 rejected"

# --- the section of all Paris uploads it: same store as `coopmap import results`
is "$(up sec P19 "$FULL")" 200 "secretary of P19 uploads the Paris file"
is "$(jget 'd["report"]["joined"], d["report"]["outside"], d["report"]["rejected"], d["report"]["rows_read"]')" "896 0 0 896" "... 896 bureaux joined"
jget 'd["remob"]["version"] > 0' | grep -q True; t $? "... and the remobilisation layers recomputed"
ref=$tmp/ref.db
"$COOPMAP" import results "$FULL" --db "$ref" --quiet --election leg2017 --round 1 --kind legislatives >/dev/null
res="SELECT r.bureau, r.commune, ifnull(r.circo, ''), inscrits, votants, abstentions, ifnull(blancs, ''), ifnull(nuls, ''), exprimes, nuls_derived, line FROM result r $R1 ORDER BY 1"
vot="SELECT r.bureau, c.circo, ifnull(c.panel, ''), c.name, ifnull(c.nuance, ''), v.voix FROM vote v JOIN result r ON r.id = v.result_id JOIN candidate c ON c.id = v.candidate_id $R1 ORDER BY 1, 2, 3, 4"
q "$db" "$res" >"$tmp/a.res"; q "$ref" "$res" >"$tmp/b.res"
q "$db" "$vot" >"$tmp/a.vot"; q "$ref" "$vot" >"$tmp/b.vot"
cmp -s "$tmp/a.res" "$tmp/b.res"; t $? "results of the 896 bureaux = coopmap import results' ($(wc -l <"$tmp/a.res") rows)"
cmp -s "$tmp/a.vot" "$tmp/b.vot"; t $? "votes = coopmap import results' ($(wc -l <"$tmp/a.vot") rows)"
is "$(q "$db" "SELECT count(*) FROM result_entry WHERE figures = 'upload 2017-legislatives-1_par_bureau_large_dep75.csv'")" 897 "every bureau written got an entry version (896 + 1 earlier)"
is "$(q "$db" "SELECT count(*) FROM audit WHERE action = 'results_upload' AND section = 'P19' AND actor_id = (SELECT id FROM user WHERE email = 'sec@t.example')")" 1 "the upload is audited"
# without "all or nothing", the bad row is refused and reported, the others written
is "$(up sec P19 "$tmp/bad.csv" '&strict=0')" 200 "the bad file without all-or-nothing: 200"
is "$(jget 'd["report"]["joined"], d["report"]["rejected"], [p["line"] for p in d["report"]["problems"]]')" "895 1 [40]" "... 895 joined, line 40 refused and named"
is "$(q "$db" "SELECT votants FROM result r $R1 AND bureau = '75056_$bl'")" "$(awk -F, 'NR == 40 { print $7 }' "$FULL")" "... bureau $bl keeps its good figures"
# remobilisation after the upload = python's on the uploaded file
want "$FULL" "$DATA/transfers.csv" >"$tmp/want"
B=$(awk '$1 ~ /^75056_19/ && $4 != "nan" { print $1; exit }' "$tmp/want")
w=$(awk -v b="$B" '$1 == b { print $4 }' "$tmp/want"); g=$(voters "$B")
close "$g" "$w"; t $? "remob_voters of $B after the upload = python's ($g vs $w)"
w=$(awk -v b="$P" '$1 == b { print $4 }' "$tmp/want"); g=$(voters "$P")
close "$g" "$w"; t $? "remob_voters of $P (zeros, then uploaded) = python's ($g vs $w)"
legend | grep -q 'Pas encore saisi'; t $([ $? != 0 ]; echo $?) "the print of 75120 has no hatched entry any more"

# --- transfer rates: read with their source, changed by the secretary, checked, audited
is "$(req mem GET /api/transfers?section=P19)" 200 "a member reads the transfer rates"
is "$(jget 'len(d["rates"]), d["may_edit"], d["defaults"]')" "7 False data/transfers.csv" "... 7 blocs, not editable by a member, defaults file named"
jget '[r["note"] for r in d["rates"] if r["bloc"] == "left"][0]' | grep -q 'no survey cited'; t $? "... each rate states its source"
is "$(req sec GET /api/transfers?section=P19)" 200 "the secretary reads them"
is "$(jget 'd["may_edit"]')" True "... and may edit them"
rates='{"rates":{"far_left":0.9,"left":0.5,"ecologist":0.6,"centre":0.3,"right":0.1,"far_right":0.05,"other":0.2}}'
is "$(req mem PUT /api/transfers?section=P19 "$rates")" 403 "a plain member may not change them: 403"
is "$(req sec PUT /api/transfers?section=P19 "${rates/0.6/1.5}")" 400 "a rate of 1.5: 400"
is "$(jget 'd["error"]["field"]')" rates.ecologist "... naming rates.ecologist"
is "$(req sec PUT /api/transfers?section=P19 "${rates/\"other\":0.2/\"greens\":0.2}")" 400 "an unknown bloc: 400"
is "$(req sec PUT /api/transfers?section=P19 "${rates/\"far_left\":0.9,/}")" 400 "a bloc missing: 400"
is "$(q "$db" "SELECT rate FROM transfer_rate WHERE bloc = 'left'")" 0.85 "refused changes left the table as it was"
is "$(req sec PUT /api/transfers?section=P19 "$rates")" 200 "the secretary changes the rates"
is "$(q "$db" "SELECT rate || ' ' || note FROM transfer_rate WHERE bloc = 'left'")" "0.5 changed in the page on $(date -u +%F) (was 0.85)" "... stored, the note says what changed"
is "$(q "$db" "SELECT count(*) FROM audit WHERE action = 'transfer_rates'")" 1 "... audited"
printf 'bloc,rate\nfar_left,0.9\nleft,0.5\necologist,0.6\ncentre,0.3\nright,0.1\nfar_right,0.05\nother,0.2\n' >"$tmp/rates.csv"
want "$FULL" "$tmp/rates.csv" >"$tmp/want2"
bad=0; k=0
for c in $(awk '$1 ~ /^75056_(19|20)/ { print $1 }' "$tmp/want2" | head -40); do
    w=$(awk -v b="$c" '$1 == b { print $4 }' "$tmp/want2"); g=$(voters "$c"); k=$((k+1))
    if [ "$w" = nan ]; then [ -z "$g" ] || bad=$((bad+1)); else close "$g" "$w" || bad=$((bad+1)); fi
done
is "$bad" 0 "remob_voters of $k bureaux after the change = python's with the new rates"
w0=$(awk -v b="$B" '$1 == b { print $4 }' "$tmp/want"); w2=$(awk -v b="$B" '$1 == b { print $4 }' "$tmp/want2")
close "$w0" "$w2"; t $([ $? != 0 ]; echo $?) "... which differ from the old rates' ($w0 -> $w2)"
is "$(ls -A "$tmp/uptmp" | wc -l)" 0 "no upload temp file left behind"

# a member delegated the results right uploads, audited with the delegation
cm delegate grant sec@t.example mem@t.example --section P19 --rights results --until 2099-12-31
is "$(up mem P19 "$FULL")" 200 "a member delegated the results right uploads"
is "$(q "$db" "SELECT count(*) FROM audit WHERE action = 'results_upload' AND delegation_id IS NOT NULL AND actor_id = (SELECT id FROM user WHERE email = 'mem@t.example')")" 1 "... audited with the delegation"
cmp -s <(q "$db" "$res") "$tmp/b.res"; t $? "... and the store still equals coopmap import results'"
echo "1..$n"
