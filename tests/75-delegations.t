#!/bin/bash
# Delegated rights over HTTP: a secretary delegates, the delegate acts on behalf of the section
# (audited "X on behalf of section S, by delegation D"), re-delegates within limits; escalation
# attempts (more rights than held, beyond own expiry, another section, after expiry, after
# revocation) are denied and audited; revocation holds from the next request; expiry is tested
# like the session expiry of 70-auth-http.t, by moving the stored time; federation staff see
# their federation's delegations. Expected figures come from sqlite3 and python3, not coopmap.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh" # t, cleanup of $tmp and the server, start_server
export COOPMAP_DB=$db
q() { sqlite3 -cmd '.timeout 5000' "$COOPMAP_DB" "$1"; }
cm() { "$COOPMAP" "$@" >>"$tmp/cli.out" 2>&1 || echo "# coopmap $* failed: $(tail -1 "$tmp/cli.out")"; }
uid() { q "SELECT id FROM user WHERE email='$1@t.example'"; }

cm section add S1 "Brest centre" --federation 29
cm section add S2 "Brest nord" --federation 29
cm section add P1 "Paris 1er" --federation 75
cat > "$tmp/m.csv" <<'CSV'
member_no,email,first_name,last_name,section,function
3001,sec1@t.example,Sarah,Secretan,S1,secrétaire de section
3002,del1@t.example,Dora,Delegue,S1,
3003,del2@t.example,Dino,Second,S1,
3004,mem2@t.example,Maxime,Deuxieme,S2,
3005,memp@t.example,Paulo,Parisot,P1,
3006,fed29@t.example,Fredo,Federin,S2,secrétaire fédéral
CSV
cm members import "$tmp/m.csv"
cm user add fed75@t.example --role fed_staff --scope 75

roles="sec1 del1 del2 mem2 fed29 fed75"
mint_sessions $roles

cp -r "$src/web" "$tmp/web"
start_server --threads 2 --web-dir "$tmp/web"
[ -n "$port" ]; t $? "server starts"
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$tmp/body" "$1"; }
day() { python3 -c 'import datetime,sys; print(datetime.date.today() + datetime.timedelta(days=int(sys.argv[1])))' "$1"; }
event() { echo "{\"section\":\"$1\",\"kind\":\"tractage\",\"title\":\"Marché\",\"lon\":-4.486,\"lat\":48.39,\"start\":\"2099-06-01T10:00\",\"end\":\"2099-06-01T12:00\"}"; }
denied() { q "SELECT count(*) FROM audit WHERE action='deleg_denied' AND actor_id=$(uid "$1")"; }
U30=$(day 30); U60=$(day 60); U10=$(day 10)

# --- a secretary delegates; the delegate acts on behalf of the section
[ "$(req sec1 POST /api/sections/S1/delegations "{\"grantee\":\"del1@t.example\",\"rights\":\"events,members\",\"until\":\"$U30\"}")" = 201 ]
t $? "the secretary delegates events and members to del1"
D1=$(jget 'd["id"]')
# the expiry is the end of the day in Paris, computed here with zoneinfo
want=$(python3 -c 'import datetime,sys,zoneinfo; d=datetime.date.fromisoformat(sys.argv[1])+datetime.timedelta(days=1); print(int(datetime.datetime(d.year,d.month,d.day,tzinfo=zoneinfo.ZoneInfo("Europe/Paris")).timestamp()))' "$U30")
[ "$(q "SELECT expires_at FROM delegation WHERE id=$D1")" = "$want" ]; t $? "stored expiry: the end of $U30, Paris time"
[ "$(req del1 POST /api/events "$(event S1)")" = 201 ]; t $? "del1 creates an event of S1"
E1=$(jget 'd["id"]')
[ "$(q "SELECT detail FROM audit WHERE actor_id=$(uid del1) AND delegation_id=$D1 AND section='S1' AND action='section_action'")" = \
  "create event $E1 on behalf of section S1, by delegation $D1" ]; t $? "audited: create event $E1 on behalf of section S1, by delegation $D1"
[ "$(q "SELECT created_by FROM event WHERE id=$E1")" = "$(uid del1)" ]; t $? "the event names its organiser"
[ "$(req del2 POST /api/events "$(event S1)")" = 403 ]; t $? "a member without the right: 403"
[ "$(req del1 GET /api/sections/S1/members)" = 200 ] && [ "$(jget 'len(d["members"])')" = "$(q "SELECT count(*) FROM user u JOIN section s ON s.id=u.section_id WHERE s.code='S1' AND u.disabled IS NULL AND u.visibility <> 'hidden'")" ]
t $? "with the members right del1 sees S1's members as an officer would"
[ "$(q "SELECT count(*) FROM audit WHERE actor_id=$(uid del1) AND action='member_list'")" -ge 2 ]; t $? "... each member shown is audited"

# --- escalation attempts: denied, and audited
d0=$(denied del1)
[ "$(req del1 POST /api/sections/S1/delegations "{\"grantee\":\"del2@t.example\",\"rights\":\"events,results\",\"until\":\"$U10\"}")" = 403 ]
t $? "re-delegating a right not held: 403"
[ "$(req del1 POST /api/sections/S1/delegations "{\"grantee\":\"del2@t.example\",\"rights\":\"events\",\"until\":\"$U60\"}")" = 403 ]
t $? "re-delegating beyond one's own expiry: 403"
[ "$(req del1 POST /api/events "$(event S2)")" = 404 ]; t $? "acting on another section: 404"
cp "$tmp/body" "$tmp/s2"
[ "$(req del1 POST /api/events "$(event NOPE)")" = 404 ] && cmp -s "$tmp/body" "$tmp/s2"; t $? "... answered byte for byte like an absent section"
[ "$(req del1 POST /api/events '{"section":"S1","kind":"vote","title":"x","lon":0,"lat":0,"start":"2099-06-01T10:00","end":"2099-06-01T12:00"}')" = 400 ] \
    && grep -q 'kind' "$tmp/body"; t $? "a bad event body: 400 naming the field"
[ "$(req del1 POST /api/sections/S2/delegations "{\"grantee\":\"mem2@t.example\",\"rights\":\"events\",\"until\":\"$U10\"}")" = 404 ]
t $? "delegating on another section: 404"
[ $(( $(denied del1) - d0 )) = 4 ]; t $? "the four attempts are audited"
[ "$(q "SELECT count(*) FROM audit WHERE action='deleg_denied' AND actor_id=$(uid del1) AND section='S2' AND detail LIKE 'denied:%'")" = 2 ]
t $? "... naming the section tried"

# --- re-delegation within limits, acting through it
[ "$(req del1 POST /api/sections/S1/delegations "{\"grantee\":\"del2@t.example\",\"rights\":\"events\",\"until\":\"$U10\"}")" = 201 ]
t $? "del1 re-delegates events to del2 until $U10"
D2=$(jget 'd["id"]')
[ "$(q "SELECT parent_id || ',' || grantor_id FROM delegation WHERE id=$D2")" = "$D1,$(uid del1)" ]; t $? "the re-delegation keeps its parent"
[ "$(q "SELECT detail FROM audit WHERE action='deleg_grant' AND actor_id=$(uid del1)")" = \
  "grant delegation $D2 (events) on behalf of section S1, by delegation $D1" ]; t $? "the grant is audited on behalf of S1"
[ "$(req del2 POST "/api/events/$E1/cancel" '{}')" = 200 ]; t $? "del2 cancels the event"
[ "$(q "SELECT status FROM event WHERE id=$E1")" = cancelled ]; t $? "... it is cancelled"
[ "$(q "SELECT detail FROM audit WHERE actor_id=$(uid del2) AND delegation_id=$D2")" = \
  "cancel event $E1 on behalf of section S1, by delegation $D2" ]; t $? "audited: cancel event $E1 on behalf of section S1, by delegation $D2"
[ "$(req del2 GET /api/delegations)" = 200 ] && [ "$(jget '[(x["id"], x["rights"], x["parent_id"]) for x in d["held"]]')" = "[($D2, 'events', $D1)]" ]
t $? "del2 sees the delegation they hold"
[ "$(req del2 GET /api/sections/S1/delegations)" = 403 ]; t $? "a delegate does not list the section's delegations"

# --- federation staff see all delegations of their federation, the secretary their section's
cm delegate grant fed75@t.example memp@t.example --section P1 --rights print --until "$U10"
[ "$(req fed29 GET /api/federations/29/delegations)" = 200 ]; t $? "fed29 lists federation 29's delegations"
[ "$(jget '",".join(str(x["id"]) for x in sorted(d["delegations"], key=lambda x: x["id"]))')" = \
  "$(q "SELECT group_concat(id) FROM (SELECT d.id FROM delegation d JOIN section s ON s.code=d.section WHERE s.federation='29' ORDER BY d.id)")" ]
t $? "... all of them, and only them"
[ "$(req fed75 GET /api/federations/29/delegations)" = 404 ]; t $? "another federation's staff: 404"
[ "$(req sec1 GET /api/federations/29/delegations)" = 404 ]; t $? "a secretary has no federation view: 404"
[ "$(req fed75 GET /api/federations/75/delegations)" = 200 ] && [ "$(jget 'len(d["delegations"])')" = 1 ]; t $? "fed75 sees its one delegation"
[ "$(req sec1 GET /api/sections/S1/delegations)" = 200 ] && [ "$(jget 'sorted(x["state"] for x in d["delegations"])')" = "['active', 'active']" ]
t $? "the secretary lists S1's two active delegations"
[ "$("$COOPMAP" delegate list --federation 29 | tail -n +2 | wc -l)" = "$(q "SELECT count(*) FROM delegation d JOIN section s ON s.code=d.section WHERE s.federation='29'")" ]
t $? "coopmap delegate list --federation 29"

# --- immediate revocation: the next request is denied (the delegate's and the re-delegate's)
[ "$(req del1 POST /api/events "$(event S1)")" = 201 ]; t $? "del1 still acts before the revocation"
[ "$(req sec1 POST "/api/delegations/$D1/revoke" '{}')" = 200 ] && [ "$(jget 'd["revoked"]')" = 2 ]; t $? "the secretary revokes D1 (and D2 under it)"
d0=$(denied del1)
[ "$(req del1 POST /api/events "$(event S1)")" = 403 ]; t $? "the next request of del1 is denied"
[ "$(req del2 POST /api/events "$(event S1)")" = 403 ]; t $? "... and of del2, whose delegation came from D1"
[ "$(req del1 GET /api/sections/S1/members)" = 200 ] && [ "$(jget 'len(d["members"])')" = "$(q "SELECT count(*) FROM user u JOIN section s ON s.id=u.section_id WHERE s.code='S1' AND u.disabled IS NULL AND (u.visibility = 'section' OR u.email = 'del1@t.example')")" ]
t $? "del1 is back to a plain member's view of the list"
[ $(( $(denied del1) - d0 )) = 1 ]; t $? "acting after revocation is audited"

# --- expiry, moving the stored time as the session expiry tests do
[ "$(req sec1 POST /api/sections/S1/delegations "{\"grantee\":\"del1@t.example\",\"rights\":\"events\",\"until\":\"$U10\"}")" = 201 ]
D3=$(jget 'd["id"]')
[ "$(req del1 POST /api/events "$(event S1)")" = 201 ]; t $? "a new delegation D3: del1 acts again"
q "UPDATE delegation SET created_at = created_at - 86400, expires_at = strftime('%s','now') - 1 WHERE id=$D3"
d0=$(denied del1)
[ "$(req del1 POST /api/events "$(event S1)")" = 403 ]; t $? "D3 expired: denied"
[ $(( $(denied del1) - d0 )) = 1 ]; t $? "acting after expiry is audited"
[ "$(req del1 POST /api/sections/S1/delegations "{\"grantee\":\"del2@t.example\",\"rights\":\"events\",\"until\":\"$U10\"}")" = 403 ]
t $? "re-delegating after expiry: 403"
[ "$(req sec1 GET /api/sections/S1/delegations)" = 200 ] && [ "$(jget '[x["state"] for x in d["delegations"] if x["id"]=='"$D3"'][0]')" = expired ]
t $? "the list shows D3 expired"
[ "$(req mem2 POST "/api/delegations/$D3/revoke" '{}')" = 404 ]; t $? "a member of another section cannot revoke: 404"

# --- the page
[ "$(curl -s -o /dev/null -w '%{http_code}' "$b/static/delegations.html")" = 200 ] && ! grep -q '<script>' "$tmp/web/delegations.html" \
    && ! grep -q ' on[a-z]*=' "$tmp/web/delegations.html" && grep -q 'src="/static/delegations.js"' "$tmp/web/delegations.html" \
    && grep -q 'src="/static/auth.js"' "$tmp/web/delegations.html"
t $? "delegations page served, no inline script, loads auth.js and delegations.js"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$b/static/delegations.js")" = 200 ]; t $? "delegations.js served"
echo "1..$n"
