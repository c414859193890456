#!/bin/bash
# A section's events over HTTP, the organiser's side: the list; one event as an organiser sees
# it (who joined, contacts only where the member's visibility lets this organiser read them)
# and as a member sees it (count and the first names of members visible to the section);
# edit with a stale version (409); a weekly series at the right Paris times (python zoneinfo);
# attendance and doors stored (sqlite3); audit rows for a delegate's actions and reads; the
# access of delegates (active, expired, revoked). The other roles are in 70-auth-http.t.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
if [ -z "${COOPMAP_SHARED:-}" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh" # t, req, mint_sessions, start_server, cleanup
export COOPMAP_DB=$db
q() { sqlite3 -cmd '.timeout 5000' "$db" "$1"; }
cm() { "$COOPMAP" "$@" >>"$tmp/cli.out" 2>&1 || echo "# coopmap $* failed: $(tail -1 "$tmp/cli.out")"; }
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$tmp/body" "$1"; }
uid() { q "SELECT id FROM user WHERE email='$1@t.example'"; }

"$COOPMAP" import bureaux "$sub/paris_bv_2017_19e20e_l93.shp" --year 2017 --db "$db" --quiet >/dev/null
B1=$(q "SELECT code FROM bureau ORDER BY code LIMIT 1")
B2=$(q "SELECT code FROM bureau ORDER BY code LIMIT 1 OFFSET 1")
cm section add S1 "Paris 20e" --federation 75
cm section add S2 "Paris 19e" --federation 75
cat > "$tmp/m.csv" <<'CSV'
member_no,email,first_name,last_name,section,function
1,sec1@t.example,Sarah,Secretan,S1,secrétaire de section
2,mem1@t.example,Mia,Membrane,S1,
3,vis1@t.example,Vera,Visibella,S1,
4,hid1@t.example,Hugo,Cachottier,S1,
5,del1@t.example,Dora,Delegue,S1,
6,delx@t.example,Xavier,Expire,S1,
7,delr@t.example,Rita,Retire,S1,
8,mem2@t.example,Maxime,Deuxieme,S2,
CSV
cm members import "$tmp/m.csv"
q "UPDATE user SET visibility='section', phone='0601020304' WHERE email='vis1@t.example';
   UPDATE user SET visibility='hidden', phone='0605060708' WHERE email='hid1@t.example';
   UPDATE user SET phone='0609090909' WHERE email='mem1@t.example'"
until=$(python3 -c 'import datetime; print(datetime.date.today() + datetime.timedelta(days=30))')
for d in del1 delx delr; do cm delegate grant sec1@t.example $d@t.example --section S1 --rights events --until "$until"; done
D1=$(q "SELECT d.id FROM delegation d JOIN user u ON u.id=d.grantee_id WHERE u.email='del1@t.example'")
q "UPDATE delegation SET created_at = created_at - 86400, expires_at = strftime('%s','now') - 1
   WHERE grantee_id = $(uid delx)"
cm delegate revoke "$(q "SELECT d.id FROM delegation d JOIN user u ON u.id=d.grantee_id WHERE u.email='delr@t.example'")"

# E1: S1, far ahead, two targets; E2: S1, started an hour ago (attendance); E3: S1, the series
# model, on a Tuesday before the change to summer time of 2099; E4: S2
cm events add --section S1 --kind porte-a-porte --title "Porte-à-porte" --bureau "$B1" --targets "$B1,$B2" \
    --start 2099-06-01T10:00 --end 2099-06-01T12:00 --min 3 --target 6
hour() { python3 -c 'import datetime,sys; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=int(sys.argv[1]))).strftime("%Y-%m-%dT%H:%MZ"))' "$1"; }
cm events add --section S1 --kind porte-a-porte --title "En cours" --lon 2.39 --lat 48.86 --targets "$B1,$B2" \
    --start "$(hour -1)" --end "$(hour 2)" --min 1 --target 2
cm events add --section S1 --kind reunion --title "Réunion" --lon 2.39 --lat 48.86 \
    --start 2099-03-17T18:30 --end 2099-03-17T20:00
cm events add --section S2 --kind tractage --title "Marché S2" --lon 2.38 --lat 48.88 \
    --start 2099-06-01T10:00 --end 2099-06-01T12:00
for u in mem1 vis1 hid1; do cm events join 1 --user "$(uid $u)"; cm events join 2 --user "$(uid $u)"; done
is "$(q 'SELECT count(*) FROM event_signup')" 6 "fixture: three sign-ups on each of events 1 and 2"

mint_sessions sec1 mem1 vis1 del1 delx delr mem2
start_server --threads 2 --log-level info
[ -n "$port" ]; t $? "server starts"

# --- the list
is "$(req mem1 GET '/api/events?section=S1')" 200 "a member lists the section's events"
is "$(jget '[e["id"] for e in d["events"]]')" "[2, 3, 1]" "upcoming first, by start (E2 ends later today, then 2099-03, 2099-06)"
is "$(jget '[(e["signups"], e["goal_min"], e["goal_target"], e["goal_state"], e["joined"]) for e in d["events"] if e["id"]==1]')" \
    "[(3, 3, 6, 'minimum reached', True)]" "sign-ups against the goals, and 'joined'"
is "$(jget 'd["can_manage"]')" False "a plain member may not manage"
is "$(req mem1 GET '/api/events?section=S1&from=2099-04-01')" 200 "the list from a date"
is "$(jget '[e["id"] for e in d["events"]]')" "[1]" "... holds only the events ending after it"
is "$(req mem1 GET '/api/events?section=S1&from=demain')" 400 "a bad date: 400"
is "$(req mem2 GET '/api/events?section=S1')" 404 "a member of another section: 404"
is "$(req del1 GET '/api/events?section=S1')" 200 "the delegate lists them"
is "$(jget 'd["can_manage"]')" True "... and may manage"

# --- one event, as a member: the count and the first names of those visible to the section
is "$(req mem1 GET /api/events/1)" 200 "a member opens event 1"
is "$(jget '(d["signups"], d["visible"], d["joined"], "participants" in d)')" "(3, ['Vera'], True, False)" \
    "a member sees the count, Vera (visible to the section) only, and that they joined"
is "$(q "SELECT group_concat(subject_id) FROM audit WHERE actor_id=$(uid mem1) AND action='event_participants'")" "$(uid vis1)" \
    "the member's read of Vera's first name is audited (issue 7: every read of member data)"
! grep -q 'Membrane\|Visibella\|Cachottier\|Hugo\|@t.example\|060' "$tmp/body"; t $? "no other name, e-mail or phone in a member's answer"
is "$(req mem2 GET /api/events/1)" 404 "a member of another section: 404"

# --- as organisers: the secretary reads every member; the delegate (events right only) sees
# names unless hidden, and contacts only of the member visible to the whole section
people() { jget '[(p.get("first_name"), p.get("email"), p.get("phone"), p.get("hidden", False)) for p in sorted(d["participants"], key=lambda p: p["id"])]'; }
is "$(req sec1 GET /api/events/1)" 200 "the secretary opens event 1"
is "$(people)" "[('Mia', 'mem1@t.example', '0609090909', False), ('Vera', 'vis1@t.example', '0601020304', False), ('Hugo', 'hid1@t.example', '0605060708', False)]" \
    "the secretary sees every participant with their contacts (issue 7: the secretary reads every member)"
a0=$(q "SELECT count(*) FROM audit WHERE actor_id=$(uid del1) AND action='event_participants'")
is "$(req del1 GET /api/events/1)" 200 "the delegate opens event 1"
is "$(people)" "[('Mia', None, None, False), ('Vera', 'vis1@t.example', '0601020304', False), (None, None, None, True)]" \
    "the delegate: Mia named without contacts (officers only), Vera with hers (section), Hugo hidden"
is "$(q "SELECT detail FROM audit WHERE actor_id=$(uid del1) AND delegation_id=$D1 AND action='section_action' AND detail LIKE 'read%'")" \
    "read participants of event 1 on behalf of section S1, by delegation $D1" "the delegate's read is audited by delegation"
is "$(q "SELECT group_concat(subject_id) FROM (SELECT subject_id FROM audit WHERE actor_id=$(uid del1) AND action='event_participants' ORDER BY subject_id)")" \
    "$(uid mem1),$(uid vis1)" "one audit row per member shown (not the hidden one)"
is "$(req delx GET /api/events/1)" 200 "the expired delegate still reads as a member"
is "$(jget '("participants" in d, d["can_manage"])')" "(False, False)" "... without the participant list"

# --- edit: version check, validation, audit
is "$(req sec1 PUT /api/events/1 '{"version":1,"title":"Porte-à-porte du samedi","goal_target":8}')" 200 "the secretary edits version 1"
is "$(q 'SELECT title || "|" || goal_target || "|" || version FROM event WHERE id=1')" "Porte-à-porte du samedi|8|2" "stored, version 2"
is "$(req del1 POST /api/events/1/edit '{"version":1,"title":"Autre titre"}')" 409 "an edit of version 1 (stale): 409"
grep -q 'changed by someone else' "$tmp/body" && grep -q 'reload' "$tmp/body"; t $? "... with a message saying what to do"
is "$(q 'SELECT title FROM event WHERE id=1')" "Porte-à-porte du samedi" "the stale edit changed nothing"
is "$(req del1 PUT /api/events/1 '{"version":2,"goal_min":9}')" 400 "minimum above the target: 400"
grep -q 'goal minimum 9 > target 8' "$tmp/body"; t $? "... naming the goals"
is "$(req del1 PUT /api/events/1 '{"version":2,"kind":"tractage","start":"2099-06-08T09:00","end":"2099-06-08T11:00"}')" 200 "the delegate edits the kind and the time"
is "$(q 'SELECT kind || "|" || starts_at FROM event WHERE id=1')" \
    "tractage|$(python3 -c 'import datetime,zoneinfo; print(datetime.datetime(2099,6,8,9,0,tzinfo=zoneinfo.ZoneInfo("Europe/Paris")).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))')" \
    "kind and start stored (09:00 Paris in UTC)"
is "$(q "SELECT detail FROM audit WHERE actor_id=$(uid del1) AND detail LIKE 'edit%'")" \
    "edit event 1 on behalf of section S1, by delegation $D1" "the delegate's edit is audited"

# --- duplicate as a weekly series: same Paris time across the change to summer time
is "$(req del1 POST /api/events/3/duplicate '{"count":4}')" 201 "the delegate makes a series of 4 from event 3"
is "$(q 'SELECT group_concat(starts_at) FROM (SELECT starts_at FROM event WHERE series_id=3 ORDER BY starts_at)')" \
    "$(python3 -c 'import datetime,zoneinfo
p = zoneinfo.ZoneInfo("Europe/Paris")
print(",".join((datetime.datetime(2099,3,17,18,30,tzinfo=p) + datetime.timedelta(weeks=k)).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") for k in range(4)))')" \
    "four events at 18:30 Paris, one week apart (python zoneinfo)"
is "$(jget 'len(d["ids"])')" 3 "three new ids returned"
is "$(req del1 POST /api/events/3/duplicate '{"count":53}')" 400 "a series of 53: 400"
is "$(q "SELECT count(*) FROM audit WHERE actor_id=$(uid del1) AND delegation_id=$D1 AND detail LIKE 'weekly series (4) of event 3 on behalf of section S1%'")" 1 "the series is audited"

# --- attendance and doors, after the start
att() { echo "{\"attendance\":{\"$(uid mem1)\":true,\"$(uid vis1)\":true,\"$(uid hid1)\":false},\"doors\":{\"$B1\":42,\"$B2\":17}}"; }
is "$(req del1 POST /api/events/1/attendance "$(att)")" 400 "attendance before the start: 400"
is "$(req del1 POST /api/events/2/attendance "$(att)")" 200 "the delegate records event 2"
is "$(q "SELECT group_concat(u.email || '=' || s.attended) FROM (SELECT * FROM event_signup WHERE event_id=2 ORDER BY user_id) s JOIN user u ON u.id=s.user_id")" \
    "mem1@t.example=1,vis1@t.example=1,hid1@t.example=0" "presence stored per member"
is "$(q "SELECT group_concat(bureau || '=' || doors) FROM (SELECT * FROM event_bureau WHERE event_id=2 ORDER BY bureau)")" \
    "$B1=42,$B2=17" "doors stored per targeted bureau"
is "$(jget '(d["attended"], d["doors"])')" "(2, '$B1=42,$B2=17')" "the answer gives the new figures"
is "$(req del1 POST /api/events/2/attendance "{\"attendance\":{\"$(uid mem2)\":true}}")" 400 "someone who did not sign up: 400"
is "$(req del1 POST /api/events/2/attendance '{"doors":{"75056_9999":3}}')" 400 "a bureau that is not a target: 400"
is "$(q "SELECT count(*) FROM audit WHERE actor_id=$(uid del1) AND delegation_id=$D1 AND detail='record attendance of event 2 on behalf of section S1, by delegation $D1'")" 1 \
    "the record is audited once (refused ones leave no action row)"
is "$(req sec1 GET /api/events/2)" 200 "the secretary reopens event 2"
is "$(jget '([p["attended"] for p in sorted(d["participants"], key=lambda p: p["id"])], d["doors"])')" \
    "([True, True, False], {'$B1': 42, '$B2': 17})" "the page shows the record"

# --- delegates: active may manage, expired and revoked may not (audited); other section 404
row() { # ROUTE BODY: statuses for del1 delx delr mem1 mem2
    local r=""; for who in del1 delx delr mem1 mem2; do r="$r $(req $who "$1" "$2" "$3")"; done; echo "${r# }"; }
is "$(row PUT /api/events/1 '{"version":1}')" "409 403 403 403 404" "PUT stale: delegate 409, expired/revoked/member 403, other section 404"
is "$(row POST /api/events/1/duplicate '{"count":1}')" "400 403 403 403 404" "duplicate: same access"
is "$(row POST /api/events/2/attendance '{"attendance":{"1":true}}')" "400 403 403 403 404" "attendance: same access"
is "$(row GET /api/events/1 '')" "200 200 200 200 404" "reading: every member of S1, not S2"
is "$(q "SELECT count(*) FROM audit WHERE action='deleg_denied' AND actor_id IN ($(uid delx), $(uid delr))")" 6 \
    "the expired and revoked delegates' six attempts are audited"

# --- the page and the logs
! grep -q '@t.example\|Membrane\|Visibella\|Cachottier\|060' "$tmp/err" "$tmp/access.log"; t $? "no e-mail, name or phone in the server logs"
echo "1..$n"
