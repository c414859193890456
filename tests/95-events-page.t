#!/bin/bash
# The section's actions in a real browser (headless Chromium): a member opens an action, sees
# the sign-up bar with its two marks (minimum, target) and the first name of the member who is
# visible to the section, clicks "Je participe" and sees the count and the bar move (the store
# holds the sign-up, checked with sqlite3); then the section's list marks it joined. The
# secretary creates an action with the form: a point clicked on the map, the two best-ranked
# bureaux of the section as targets, Paris times (stored in UTC, checked with python zoneinfo).
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh"
need_browser
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
[ -d "$sub" ] || { echo "1..0 # SKIP shared data absent"; exit 0; }
export COOPMAP_DB=$db
q() { sqlite3 -cmd '.timeout 5000' "$db" "$1"; }
cm() { "$COOPMAP" "$@" >>"$tmp/cli.out" 2>&1 || echo "# coopmap $* failed: $(tail -1 "$tmp/cli.out")"; }
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }

make_store 1 # contours and layers: the form ranks the targeted bureaux
cm section add S1 "Paris 20e" --federation 75
cm section set-territory S1 75120
cat > "$tmp/m.csv" <<'CSV'
member_no,email,first_name,last_name,section,function
1,sec@t.example,Sarah,Secretan,S1,secrétaire de section
2,mem@t.example,Mia,Membrane,S1,
3,vis@t.example,Vera,Visibella,S1,
4,hid@t.example,Hugo,Cachottier,S1,
CSV
cm members import "$tmp/m.csv"
q "UPDATE user SET visibility='section' WHERE email='vis@t.example'; UPDATE user SET visibility='hidden' WHERE email='hid@t.example'"
cm events add --section S1 --kind marche --title "Marché de Belleville" --lon 2.3787 --lat 48.8698 \
    --start 2099-06-09T08:30 --end 2099-06-09T11:00 --min 2 --target 4
cm events add --section S1 --kind reunion --title "Réunion de section" --lon 2.39 --lat 48.86 \
    --start 2099-06-10T19:00 --end 2099-06-10T21:00
for u in vis hid; do cm events join 1 --user "$(q "SELECT id FROM user WHERE email='$u@t.example'")"; done
mint_sessions mem sec
start_server --web-dir "$src/web"
[ -n "$port" ]; t $? "server starts"

res=$(timeout 70 node --experimental-websocket "$src/tests/lib/events-drive.js" "$chrome" \
    "$tmp/profile" "$b" "${tok[mem]}" join 1 "$tmp/shot" 2>/dev/null)
echo "# $res"
j() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2]))' "${res#TIMEOUT }" "$1" 2>/dev/null; }
is "$(j ready)" True "the action's page opens as a member"
is "$(j before)" "2 inscrit·e·s — minimum 2, objectif 4 : minimum atteint" "count before, against the goals"
is "$(j button)" "Je participe" "the button invites to join"
is "$(j marks)" "minimum 2@50%|objectif 4@100%" "two marks on the bar: minimum at 2/4, target at the end"
is "$(j changed)" True "after the click the page shows a new count and says so"
signups=$(q "SELECT count(*) FROM event_signup WHERE event_id = 1")
is "$signups" 3 "the store holds the member's sign-up"
is "$(j after)" "$signups inscrit·e·s — minimum 2, objectif 4 : minimum atteint" "count after = the store's"
is "$(j fill_before)|$(j fill_after)" "$((100 * 2 / 4))%|$((100 * signups / 4))%" "the bar fills from 2/4 to $signups/4"
is "$(j button_after)" "Me désinscrire" "the button now offers to leave"
is "$(j names)" "Vous, Vera et 1 personne discrète" "first names: oneself and the member visible to the section; the hidden one is only counted"
is "$(j organiser_hidden)" True "no organiser block for a member"
is "$(j items)|$(j joined_tags)" "2|1" "the section's list: two actions, one marked joined"
case "$(j nav)" in *Actions*) r=0 ;; *) r=1 ;; esac; t $r "the navigation links the actions page"
! grep -q '<script>' "$src/web/events.html" && ! grep -q ' on[a-z]*=' "$src/web/events.html" \
    && ! grep -q 'innerHTML' "$src/web/events.js" "$src/web/events-form.js"; t $? "no inline script, no handler attribute, no innerHTML (CSP)"
[ -s "$tmp/shot-event.png" ] && [ -s "$tmp/shot-list.png" ]; t $? "screenshots taken"

# --- the secretary creates an action with the form
res=$(timeout 70 node --experimental-websocket "$src/tests/lib/events-drive.js" "$chrome" \
    "$tmp/profile2" "$b" "${tok[sec]}" create S1 "$tmp/shot" 2>/dev/null)
echo "# $res"
is "$(j ready)|$(j saved)" "True|True" "the form opens, is saved, and the new action's page opens"
id=$(j id)
is "$(q "SELECT title || '|' || kind || '|' || goal_min || '|' || goal_target || '|' || section FROM event WHERE id = ${id:-0}")" \
    "Tractage métro|tractage|3|8|S1" "stored: title, kind, goals, section"
is "$(q "SELECT starts_at || ' ' || ends_at FROM event WHERE id = ${id:-0}")" \
    "$(python3 -c 'import datetime as d, zoneinfo; p = zoneinfo.ZoneInfo("Europe/Paris")
f = lambda h: d.datetime(2099, 9, 12, h, 0, tzinfo=p).astimezone(d.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
print(f(9), f(11))')" "09:00-11:00 Paris stored in UTC"
best=$(python3 - "$b" <<'PY'
import json, sys, urllib.request
rows = json.load(urllib.request.urlopen(sys.argv[1] + "/api/rank?layer=potential&area=75120&limit=1000"))["rows"]
rows.sort(key=lambda r: -r["value"])
print(",".join(sorted(r["code"] for r in rows[:2])))
PY
)
is "$(q "SELECT group_concat(bureau) FROM (SELECT bureau FROM event_bureau WHERE event_id = ${id:-0} ORDER BY bureau)")" "$best" \
    "targets: the two best-ranked bureaux of the section's arrondissement"
inside=$(ogrinfo -q -ro "$db" -dialect SQLite -sql "SELECT b.code FROM bureau b, event e
    WHERE e.id = ${id:-0} AND ST_Contains(b.geom, e.geom)" 2>/dev/null | sed -n 's/.*code (String) = //p')
case "$inside" in 75056_20*) r=0 ;; *) r=1 ;; esac
t $r "the clicked point lies in a bureau of the 20e ($inside, by ogrinfo): the map was framed on the section"
is "$(j organiser_hidden)" False "the organiser's block shows on the new action"
echo "1..$n"
