#!/bin/bash
# Results typed bureau by bureau over HTTP (issue 9): validation errors (400, field named,
# nothing written), a save recomputes remob_voters of that bureau to what python3 computes
# from the posted figures and the reference CSV, the layer version changes, 4 parallel writers
# lose nothing, a stale version gets 409, and who may save. Paris 19e-20e subset, leg2017
# round 1 against pres2017 round 1; expected figures from python3 (the remobilisation script of
# tests/45-remob.t), never from coopmap.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
S=${COOPMAP_SHARED:-}
sub=$S/paris/subset_19e_20e
if [ -z "$S" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
. "$here/60-serve-lib.sh" # t, cleanup, cm, start_server, $db
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }
q() { sqlite3 -cmd '.timeout 5000' "$db" "$1"; }
LEG=$sub/2017-legislatives-1_par_bureau_large_19e20e.csv
PRES=$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv

# --- store: contours, both rounds 1, blocs, transfers, a full remobilisation compute
remob_store "$LEG"
cm compute --only results --blocs "$here/../data/blocs.csv" # layers a save leaves alone
# an arrondissement stands for its bureaux (their commune is 75056, not 75120)
cm section add PA "Paris 20e" --federation 75
"$COOPMAP" section set-territory PA 75120 --db "$db" >/dev/null
is "$(q "SELECT count(*) FROM section_area WHERE section_id = (SELECT id FROM section WHERE code = 'PA') AND kind = 'bureau' AND code LIKE '75056!_20%' ESCAPE '!'")" \
   "$(ogrinfo -ro -q -sql "SELECT count(*) FROM paris_bv_2017_19e20e_l93 WHERE arrdt = 20" "$sub/paris_bv_2017_19e20e_l93.shp" 2>/dev/null | sed -n 's/.*(Integer) = //p')" \
   "set-territory 75120: the 20e's bureaux (ogrinfo's count)"
err=$("$COOPMAP" section set-territory PA 69381 --db "$db" 2>&1); rc=$?
is "$rc $(echo "$err" | grep -c 'arrondissement 69381: no bureau 69123_01')" "2 1" "an arrondissement without bureaux: exit 2, named"
is "$(q 'SELECT count(*) FROM session')" 3 "three sessions minted"

# independent remobilisation: the python script of tests/45-remob.t
sed -n "/<<'PY'$/,/^PY$/p" "$here/45-remob.t" | sed '1d;$d' >"$tmp/remob.py"
want() { python3 "$tmp/remob.py" "$PRES" "$1" - "$here/../data/blocs.csv" "$here/../data/transfers.csv" | sort; }
voters() { "$COOPMAP" rank --db "$db" --layer remob_voters --format csv | awk -F, -v b="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "remob_voters") k = i; next } $2 == b { print $k }'; }
lversion() { curl -s "$b/api/layers" | python3 -c "import json,sys; d=json.load(sys.stdin); d=d.get('layers', d); print([l['version'] for l in d if l['name'] == 'remob_voters'][0])"; }

start_server --threads 4 --log-level info
[ -n "$port" ]; t $? "server starts (port ${port:-none}: $(head -c 200 "$tmp/err" | tr '\n' ' '))"
# a bureau with a remob_voters value (constituency with a finalist of our camp)
B=$(want "$LEG" | awk '$4 != "nan" { print $1; exit }')
bn=${B#75056_}
is "$(req sec GET /api/results/leg2017/1/$B)" 200 "GET one bureau as the secretary"
cp "$tmp/body" "$tmp/b0.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["version"] == 0 and d["entered"] and d["inscrits"] > 0 and len(d["candidates"]) > 2 else 1)' "$tmp/b0.json"
t $? "... figures, candidates and version 0"
is "$(req mem GET /api/results/leg2017/1/$B)" 200 "a member of the section reads it"

# body FILE EDIT: the bureau's current figures as a save body, edited by the python expression
body() {
    python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = {str(c['id']): c['voix'] for c in d['candidates'] if c['voix'] is not None}
n = {c['nuance'] or c['name']: str(c['id']) for c in d['candidates']}
f = {k: d[k] for k in ('inscrits', 'votants', 'blancs', 'nuls', 'exprimes', 'version')}
exec(sys.argv[2])
f['votes'] = v
print(json.dumps(f))
PY
}
before=$(q "SELECT votants || '/' || exprimes FROM result r JOIN election_round er ON er.id = r.round_id WHERE er.election = 'leg2017' AND er.round = 1 AND bureau = '$B'")
bad() { # EDIT FIELD NAME
    local s
    s=$(req sec POST /api/results/leg2017/1/$B "$(body "$tmp/b0.json" "$1")")
    is "$s $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"]["field"])' "$tmp/body" 2>/dev/null)" "400 $2" "$3: 400 naming $2"
}
bad "f['votants'] = f['inscrits'] + 1" votants "votants > inscrits"
bad "f['exprimes'] += 5; f['votants'] += 5; f['nuls'] -= 0; f['votants'] = f['exprimes'] - 1" exprimes "exprimés > votants"
bad "f['blancs'] += 1" votants "votants != exprimés + blancs + nuls"
bad "v[n['ECO']] += 1" votes "sum of votes != exprimés"
bad "f['nuls'] = -1" nuls "negative nuls"
bad "f['inscrits'] = 'x'" inscrits "inscrits not a number"
bad "v['999999'] = 0" votes "unknown candidate"
is "$(q "SELECT votants || '/' || exprimes FROM result r JOIN election_round er ON er.id = r.round_id WHERE er.election = 'leg2017' AND er.round = 1 AND bureau = '$B'")" "$before" "bad rows wrote nothing"
is "$(q 'SELECT count(*) FROM result_entry')" 0 "... and logged no entry"

# --- a good save: 60 fewer voters taken from ECO (eliminated), as tests/45-remob.t does
v0=$(lversion)
edit="f['votants'] -= 60; f['exprimes'] -= 60; v[n['ECO']] -= 60"
is "$(req sec POST /api/results/leg2017/1/$B "$(body "$tmp/b0.json" "$edit")")" 200 "save bureau $B"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["version"] == 1 and d["remob"] and d["remob"]["changed"] == 1 else 1)' "$tmp/body"
t $? "... version 1, remob_voters of one bureau changed ($(cat "$tmp/body"))"
awk -F, -v OFS=, -v bn="$bn" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "ECO") fn = i } $3 == bn { $7 -= 60; $9 -= 60; $fn -= 60 } 1' "$LEG" >"$tmp/leg-mod.csv"
w=$(want "$tmp/leg-mod.csv" | awk -v b="$B" '$1 == b { print $4 }')
g=$(voters "$B")
python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 1e-9 * max(1, abs(a)) else 1)' "$g" "$w"
t $? "remob_voters of $B = python's from the posted figures ($g vs $w)"
w0=$(want "$LEG" | awk -v b="$B" '$1 == b { print $4 }')
python3 -c 'import sys; sys.exit(0 if abs(float(sys.argv[1]) - float(sys.argv[2])) > 1e-6 else 1)' "$w" "$w0"
t $? "... which differs from the imported figures' value ($w0)"
for _ in $(seq 30); do v1=$(lversion); [ "$v1" != "$v0" ] && break; sleep 0.2; done
t $([ "$v1" != "$v0" ]; echo $?) "/api/layers: remob_voters version $v0 -> $v1"
# the reload after a save reads the changed layers only and keeps the outlines
nl=$(sqlite3 "$db" "SELECT count(*) FROM layer")
reread=$(sed -n "s/.*store changed: \([0-9]*\) of $nl layers read again.*/\1/p" "$tmp/err" | tail -1)
[ -n "$reread" ] && [ "$reread" -ge 1 ] && [ "$reread" -lt "$nl" ]
t $? "the reload read ${reread:-?} of $nl layers again"
grep -q "layers over .* bureaux ($reread read, same outlines)" "$tmp/err"; t $? "... and kept the outlines"
is "$(q "SELECT count(*) FROM audit WHERE action = 'results_entry' AND actor_id = (SELECT id FROM user WHERE email = 'sec@t.example')")" 1 "the save is audited"
is "$(q "SELECT version || ' ' || (user_id = (SELECT id FROM user WHERE email = 'sec@t.example')) FROM result_entry WHERE bureau = '$B'")" "1 1" "entry log: version 1 by the secretary"

# --- the version check: a second save with the version read first
is "$(req sec POST /api/results/leg2017/1/$B "$(body "$tmp/b0.json" "f['votants'] -= 1; f['nuls'] -= 0; f['exprimes'] -= 1; v[n['ECO']] -= 1")")" 409 "same version saved twice: 409"
is "$(q "SELECT votants FROM result r JOIN election_round er ON er.id = r.round_id WHERE er.election = 'leg2017' AND er.round = 1 AND bureau = '$B'")" \
   "$(( ${before%/*} - 60 ))" "... nothing written by the stale save"
is "$(q "SELECT count(*) FROM result_entry WHERE bureau = '$B'")" 1 "... and nothing logged"

# --- 4 parallel writers on 4 other bureaux (one blank more each)
four=$(want "$LEG" | awk -v b="$B" '$1 != b && $1 ~ /^75056_19/ { print $1 }' | head -4)
for c in $four; do req sec GET /api/results/leg2017/1/$c >/dev/null; cp "$tmp/body" "$tmp/$c.json"; done
for c in $four; do
    curl -s -o "$tmp/$c.out" -w '%{http_code}\n' -b "coopmap_session=${tok[sec]}" -X PUT -H 'X-Requested-With: coopmap' \
        -H 'Content-Type: application/json' --data "$(body "$tmp/$c.json" "f['blancs'] += 1; f['votants'] += 1")" \
        "$b/api/results/leg2017/1/$c" >"$tmp/$c.code" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null
ok=0; for c in $four; do [ "$(cat "$tmp/$c.code")" = 200 ] && ok=$((ok+1)); done
is "$ok" 4 "4 parallel saves: all 200"
lost=0
for c in $four; do
    w=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["votants"] + 1, d["blancs"] + 1)' "$tmp/$c.json")
    g=$(q "SELECT votants || ' ' || blancs FROM result r JOIN election_round er ON er.id = r.round_id WHERE er.election = 'leg2017' AND er.round = 1 AND bureau = '$c'")
    [ "$g" = "$w" ] || lost=$((lost+1))
done
is "$lost" 0 "no lost write among the 4"
is "$(q "SELECT count(*) FROM result_entry")" 5 "five entries logged"

# --- who may save
is "$(req anon POST /api/results/leg2017/1/$B "$(body "$tmp/b0.json" "")")" 401 "anonymous: 401"
is "$(req mem POST /api/results/leg2017/1/$B "$(body "$tmp/b0.json" "")")" 403 "a member who is not the secretary: 403"
is "$(req sec20 POST /api/results/leg2017/1/$B "$(body "$tmp/b0.json" "")")" 404 "the secretary of another section: 404"
is "$(req sec20 GET /api/results/leg2017/1/$B)" 404 "... who does not even read it"
is "$(curl -s -o /dev/null -w '%{http_code}' -b "coopmap_session=${tok[sec]}" -X POST -H 'Content-Type: application/json' --data "$(body "$tmp/b0.json" "")" "$b/api/results/leg2017/1/$B")" 403 "no X-Requested-With: 403"
is "$(q "SELECT count(*) FROM result_entry")" 5 "refused saves wrote nothing"
# a delegate holding the "results" right saves, and the audit names the delegation
cm delegate grant sec@t.example mem@t.example --section P19 --rights results --until 2099-12-31
D=$(echo "$four" | head -1)
req mem GET /api/results/leg2017/1/$D >/dev/null; cp "$tmp/body" "$tmp/d.json"
is "$(req mem POST /api/results/leg2017/1/$D "$(body "$tmp/d.json" "f['nuls'] += 1; f['votants'] += 1")")" 200 "a member delegated the results right saves"
is "$(q "SELECT count(*) FROM audit WHERE action = 'results_entry' AND delegation_id IS NOT NULL AND actor_id = (SELECT id FROM user WHERE email = 'mem@t.example')")" 1 "... audited with the delegation"

# --- the grid's lists
is "$(req sec GET '/api/results/leg2017/1?section=P19')" 200 "the section's bureaux"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); b={x["bureau"]: x for x in d["bureaux"]}; sys.exit(0 if d["may_enter"] and b[sys.argv[2]]["version"] == 1 and len(b) > 100 else 1)' "$tmp/body" "$B"
t $? "... with their versions, and may_enter"
is "$(req sec GET /api/results/)" 200 "the rounds"
grep -q '"leg2017:1"' "$tmp/body"; t $? "... leg2017:1 among them"

# --- the round-2 list as CSV: every bureau with a value, B's as python computes it
is "$(curl -s -o "$tmp/rank.csv" -w '%{http_code} %{content_type}' "$b/api/rank.csv?layer=remob_voters&area=all")" "200 text/csv; charset=utf-8" "GET /api/rank.csv"
for c in $four; do awk -F, -v OFS=, -v bn="${c#75056_}" '$3 == bn { $7 += 1; $8 += 1 } 1' "$tmp/leg-mod.csv" >"$tmp/x" && mv "$tmp/x" "$tmp/leg-mod.csv"; done
want "$tmp/leg-mod.csv" >"$tmp/want-all"
is "$(($(wc -l <"$tmp/rank.csv") - 1))" "$(awk '$1 ~ /^75056_/ && $4 != "nan"' "$tmp/want-all" | wc -l)" "CSV: one row per bureau with a value"
g=$(awk -F, -v b="$B" '$2 == b { print $6 }' "$tmp/rank.csv"); w=$(awk -v b="$B" '$1 == b { print $4 }' "$tmp/want-all")
python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 1e-9 * max(1, abs(a)) else 1)' "$g" "$w"
t $? "CSV: $B's remob_voters = python's ($g)"
# --- a bureau not entered yet: hatched on the remobilisation tiles until it is saved
X=$(want "$LEG" | awk -v b="$B" '$1 != b && $1 ~ /^75056_20/ && $4 != "nan" { print $1 }' | sed -n 3p)
lv0=$(lversion)
q "DELETE FROM result WHERE bureau = '$X' AND round_id = (SELECT id FROM election_round WHERE election = 'leg2017' AND round = 1)"
cm remob --r1 leg2017:1 --ref pres2017:1
for _ in $(seq 30); do [ "$(lversion)" != "$lv0" ] && break; sleep 0.2; done
curl -s "$b/api/layers" >"$tmp/layers.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d=d.get("layers", d); l=[l for l in d if l["name"] == "remob_voters"][0]; sys.exit(0 if "hatched" in l["legend"] else 1)' "$tmp/layers.json"
t $? "remob_voters legend has a hatched entry (results not entered)"
pt=$(sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$db" "SELECT X(p) || ' ' || Y(p) FROM (SELECT PointOnSurface(geom) p FROM bureau WHERE code = '$X')" 2>/dev/null | grep -v '^$')
# dark grey pixels (the hatch) in a 9x9 window at the bureau's point, z16 tile from the server
hatched() {
    local url
    url=$(python3 -c 'import json,sys,math; d=json.load(open(sys.argv[1])); d=d.get("layers", d); l=[l for l in d if l["name"] == "remob_voters"][0]
lon, lat = map(float, sys.argv[2:4]); n = 2 ** 16
fx = (lon + 180) / 360 * n; fy = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n
print(l["tiles"][0].replace("{z}", "16").replace("{x}", str(int(fx))).replace("{y}", str(int(fy))), int((fx - int(fx)) * 256), int((fy - int(fy)) * 256))' "$tmp/layers.json" $pt)
    set -- $url
    curl -s -o "$tmp/tile.png" "$b$1"
    sed -n '/^def png_rgb/,/^    return "%02x%02x%02x" % tuple(prev\[px \* bpp/p' "$here/50-tiles.t" >"$tmp/png.py"
    python3 - "$tmp/tile.png" "$2" "$3" <<'PY'
import struct, sys, zlib
exec(open(sys.argv[0] if False else sys.argv[1].rsplit('/', 1)[0] + '/png.py').read())
path, px, py = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
dark = 0
for y in range(max(0, py - 4), min(256, py + 5)):
    for x in range(max(0, px - 4), min(256, px + 5)):
        r, g, b = (int(png_rgb(path, x, y)[i:i + 2], 16) for i in (0, 2, 4))
        dark += abs(r - g) < 16 and abs(g - b) < 16 and r < 0xa0
print(dark)
PY
}
d1=$(hatched)
t $([ "${d1:-0}" -gt 0 ]; echo $?) "bureau $X without a round-1 result is hatched on its tile ($d1 hatch pixels)"
is "$(req sec GET /api/results/leg2017/1/$X)" 200 "GET the bureau not entered"
cp "$tmp/body" "$tmp/x.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if not d["entered"] and d["version"] == 0 and d["inscrits"] is None and len(d["candidates"]) > 2 else 1)' "$tmp/x.json"
t $? "... not entered, empty figures, its candidates"
xb=$(python3 - "$tmp/x.json" "$LEG" "${X#75056_}" <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1]))
row = [r for r in csv.DictReader(open(sys.argv[2], encoding='utf-8')) if r['bureau'] == sys.argv[3]][0]
f = {k: int(row[k]) for k in ('inscrits', 'votants', 'blancs', 'exprimes')}
f['nuls'] = f['votants'] - f['blancs'] - f['exprimes']
f['version'] = 0
f['votes'] = {str(c['id']): int(row[c['nuance'] or c['name']]) for c in d['candidates'] if row.get(c['nuance'] or c['name'], '') != ''}
print(json.dumps(f))
PY
)
lv1=$(lversion)
is "$(req sec POST /api/results/leg2017/1/$X "$xb")" 200 "enter bureau $X from the Ministry's figures"
for _ in $(seq 30); do [ "$(lversion)" != "$lv1" ] && break; sleep 0.2; done
curl -s "$b/api/layers" >"$tmp/layers.json"
is "$(hatched)" 0 "... its new tile is no longer hatched there"
w=$(want "$tmp/leg-mod.csv" | awk -v b="$X" '$1 == b { print $4 }'); g=$(voters "$X")
python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 1e-9 * max(1, abs(a)) else 1)' "$g" "$w"
t $? "remob_voters of $X once entered = python's ($g vs $w)"

# --- the grid page: served, no inline script
is "$(curl -s -o "$tmp/entry.html" -w '%{http_code}' "$b/static/entry.html")" 200 "entry.html served"
! grep -q '<script>' "$tmp/entry.html" && grep -q 'src="/static/entry.js"' "$tmp/entry.html"; t $? "entry.html loads entry.js, no inline script"
echo "1..$n"
