#!/bin/bash
# Events over HTTP: near me lists only the sections a user reaches, nearest first with
# python's haversine; .ics served as text/calendar and read by python3-icalendar; join and
# leave in one click, idempotent, counted; a cancelled event cannot be joined; CSRF header
# required. The allow/deny of every role is in tests/70-auth-http.t's matrix.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh" # t, cleanup of $tmp and the server, start_server
PY=/usr/bin/python3                 # python3-icalendar loads only with the system python
q() { sqlite3 -cmd '.timeout 5000' "$db" "$1"; }
cm() { "$COOPMAP" "$@" --db "$db" --quiet; }

cm section add S1 "Brest centre" --federation 29 >/dev/null
cm section add S2 "Brest nord" --federation 29 >/dev/null
cm user add m1@t.example --section S1 >/dev/null
cm user add f29@t.example --role fed_staff --scope 29 >/dev/null
# S1: 1 at 1 km, 3 at 5 km; S2: 2 at 2 km; S1 cancelled: 4 at 0.5 km; S1 far: 5 at 60 km
ev() { cm events add --section "$1" --kind tractage --title "$2" --lon "$3" --lat "$4" \
    --start 2099-06-01T10:00 --end 2099-06-01T12:00 >/dev/null; }
ev S1 "un, km" -4.4860 48.3990
ev S2 "deux km" -4.4860 48.4080
ev S1 "cinq km" -4.4860 48.4350
ev S1 "annulé" -4.4860 48.3945
ev S1 "loin" -4.4860 48.9300
cm events cancel 4 >/dev/null
[ "$(q 'SELECT count(*) FROM event')" = 5 ]; t $? "five events"

declare -A tok
now=$(date +%s)
while read -r r tk hx; do
    tok[$r]=$tk
    q "INSERT INTO session(token_hash, user_id, created_at, last_seen, expires_at)
       SELECT X'$hx', id, $now, $now, $now + 3600 FROM user WHERE email = '$r@t.example'"
done < <(python3 -c 'import secrets, hashlib, sys
for r in sys.argv[1:]:
    t = secrets.token_urlsafe(32)
    print(r, t, hashlib.blake2b(t.encode(), digest_size=32).hexdigest())' m1 f29)
start_server --threads 2
[ -n "$port" ]; t $? "server starts"
get() { curl -s -o "$tmp/body" -D "$tmp/h" -w '%{http_code}' -b "coopmap_session=${tok[$1]}" "$b$2"; }
post() { curl -s -o "$tmp/body" -w '%{http_code}' -b "coopmap_session=${tok[$1]}" -X POST \
    -H 'X-Requested-With: coopmap' -H 'Content-Type: application/json' --data '{}' "$b$2"; }

near() { # ROLE: "id:distance" of the answer, and python's check of distances and order
    get "$1" "/api/events/near?lon=-4.486&lat=48.39&km=10" >/dev/null
    python3 - "$tmp/body" <<'PY'
import json, math, sys
R = 6371008.8
def hav(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(a))
ev = json.load(open(sys.argv[1]))["events"]
d = [hav(-4.486, 48.39, e["lon"], e["lat"]) for e in ev]
print(",".join(str(e["id"]) for e in ev),
      all(abs(x - e["distance_m"]) <= 1 for x, e in zip(d, ev)), d == sorted(d))
PY
}
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }
is "$(near m1)" "1,3 True True" "member of S1: S1's events within 10 km, nearest first (python haversine, 1 m)"
is "$(near f29)" "1,2,3 True True" "federation staff: S1's and S2's, nearest first"
is "$(get m1 '/api/events/near?lon=x&lat=48')" 400 "near with a bad lon: 400"

is "$(get m1 /api/events/1.ics)" 200 ".ics of an event of one's section"
grep -qi '^content-type: text/calendar' "$tmp/h"; t $? ".ics is served as text/calendar"
is "$($PY -c "import icalendar, sys
e = icalendar.Calendar.from_ical(open('$tmp/body', 'rb').read()).walk('VEVENT')[0]
s = e.decoded('DTSTART'); print(str(e['SUMMARY']), s.strftime('%H:%M'), s.tzinfo.zone)")" \
    "un, km 10:00 Europe/Paris" ".ics read by python3-icalendar: SUMMARY, DTSTART 10:00 Europe/Paris"
is "$(get m1 /api/events/2.ics)" 404 "an event of another section is not found"

is "$(post m1 /api/events/1/join)" 200 "join in one click"
is "$(post m1 /api/events/1/join)" 200 "join again"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["signups"])' "$tmp/body")" 1 "joined twice = counted once"
is "$(q 'SELECT count(*) FROM event_signup WHERE event_id = 1')" 1 "one sign-up row"
is "$(post f29 /api/events/1/join)" 200 "a second user joins"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["signups"])' "$tmp/body")" 2 "two sign-ups"
is "$(post m1 /api/events/1/leave)" 200 "leave"
is "$(q 'SELECT count(*) FROM event_signup WHERE event_id = 1')" 1 "one sign-up left"
is "$(post m1 /api/events/4/join)" 400 "joining a cancelled event: 400"
is "$(curl -s -o /dev/null -w '%{http_code}' -b "coopmap_session=${tok[m1]}" -X POST "$b/api/events/1/join")" \
    403 "join without the custom header (CSRF): 403"
is "$(curl -s -o /dev/null -w '%{http_code}' "$b/api/events/near?lon=-4.486&lat=48.39")" 401 "near without a session: 401"

# personal calendar feed: a secret URL, fetched without a cookie; renewing or revoking kills it
feed() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$tmp/body"; }
post m1 /api/events/3/join >/dev/null
is "$(post m1 /api/events/feed)" 200 "member asks for a calendar feed URL"
u1=$(feed)
is "$(curl -s -o "$tmp/feed.ics" -w '%{http_code}' "$b$u1")" 200 "the feed answers without a cookie"
is "$($PY -c "import icalendar
c = icalendar.Calendar.from_ical(open('$tmp/feed.ics', 'rb').read())
print(' '.join(str(e['UID']) for e in c.walk('VEVENT')))")" "event-3@coopmap" "the feed (icalendar) holds the event m1 joined, not the one left"
post m1 /api/events/feed >/dev/null; u2=$(feed)
is "$(curl -s -o /dev/null -w '%{http_code}' "$b$u1")" 404 "renewed: the old URL is dead"
is "$(curl -s -o /dev/null -w '%{http_code}' "$b$u2")" 200 "the new URL works"
is "$(post m1 /api/events/feed/revoke)" 200 "revoke"
is "$(curl -s -o /dev/null -w '%{http_code}' "$b$u2")" 404 "revoked: the URL is dead on the next request"
tk=${u1#*token=}
! grep -q -- "$tk" "$tmp/err" "$tmp/access.log"; t $? "no feed token in the server logs"
! grep -q 'm1@t.example\|f29@t.example' "$tmp/err" "$tmp/access.log"; t $? "no e-mail address in the server logs"

echo "1..$n"
