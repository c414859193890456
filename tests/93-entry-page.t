#!/bin/bash
# The results grid in a real browser (headless Chromium): it opens with a secretary's session,
# lists the section's bureaux with the stored figures, and leaving a row saves it (checked in
# the store with sqlite3). A fake DOM once hid a grid that never drew a row.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
if [ -z "${COOPMAP_SHARED:-}" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
chrome=$(command -v chromium || true)
[ -n "$chrome" ] || { echo "1..0 # SKIP chromium is not installed"; exit 0; }
node --experimental-websocket -e 'if (typeof WebSocket !== "function") process.exit(1)' 2>/dev/null \
    || { echo "1..0 # SKIP node with WebSocket is not installed"; exit 0; }
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh"
export COOPMAP_DB=$db
make_store 1
codes=$(awk -F, 'NR > 1 && substr($3, 1, 2) == "20" { print "75056_" $3 }' \
    "$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv" | head -3)
"$COOPMAP" section add S1 "Paris 20e" --federation 75 >/dev/null
"$COOPMAP" section set-territory S1 $codes >/dev/null
printf 'member_no;email;first_name;last_name;section;function\n1;sec@p.example;Ana;B;S1;secrétaire de section\n' >"$tmp/m.csv"
"$COOPMAP" members import "$tmp/m.csv" >/dev/null
start_server --web-dir "$src/web"
tok=$("$COOPMAP" user reset sec@p.example --url "$b" | sed -n 's/.*#link=//p')
curl -s -H 'X-Requested-With: coopmap' -H 'Content-Type: application/json' -c "$tmp/jar" \
    -d "{\"token\":\"$tok\",\"password\":\"secret pass 2024\"}" "$b/api/link" >/dev/null
cookie=$(awk '$6 == "coopmap_session" {print $7}' "$tmp/jar")
[ -n "$cookie" ]; t $? "the secretary has a session"
res=$(timeout 60 node --experimental-websocket "$src/tests/lib/entry-drive.js" "$chrome" \
    "$tmp/profile" "$b" "$cookie" pres2017:1 "$tmp/entry.png" 2>/dev/null)
echo "# $res"
j() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2]))' "$res" "$1" 2>/dev/null; }
[ "$(j rows)" = 3 ]; t $? "the grid lists the section's 3 bureaux"
want=$(sqlite3 "$db" "SELECT inscrits FROM result r JOIN election_round e ON e.id = r.round_id
    WHERE e.election = 'pres2017' AND e.round = 1 AND bureau = '$(echo "$codes" | head -1)'")
[ "$(j first)" = "$want" ]; t $? "the first cell holds the stored inscrits ($want)"
case "$(j head)" in "Bureau|Inscrits|Votants|Blancs|Nuls|Exprimés|"*) r=0 ;; *) r=1 ;; esac
t $r "column headers in French"
[ "$(sqlite3 "$db" "SELECT count(*) FROM result_entry")" = 1 ]; t $? "leaving the row saved it once"
[ -s "$tmp/entry.png" ]; t $? "screenshot taken"
echo "1..$n"
