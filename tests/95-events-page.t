#!/bin/bash
# The section's actions in a real browser (headless Chromium): a member opens an action, sees
# the sign-up bar with its two marks (minimum, target) and the first name of the member who is
# visible to the section, clicks "Je participe" and sees the count and the bar move (the store
# holds the sign-up, checked with sqlite3); then the section's list marks it joined.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh"
need_browser
export COOPMAP_DB=$db
q() { sqlite3 -cmd '.timeout 5000' "$db" "$1"; }
cm() { "$COOPMAP" "$@" >>"$tmp/cli.out" 2>&1 || echo "# coopmap $* failed: $(tail -1 "$tmp/cli.out")"; }
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }

cm section add S1 "Paris 20e" --federation 75
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
mint_sessions mem
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
echo "1..$n"
