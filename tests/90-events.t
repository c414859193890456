#!/bin/bash
# coopmap events: bad input refused with exit 2, near-me against python's own haversine and
# filter, .ics read by python3-icalendar, sign-up counts against goals, cancel seen by those
# who joined, weekly series across the spring change of time (checked with zoneinfo), edit
# conflicts. Expected figures come from python3, icalendar and sqlite3, never from coopmap.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
. "$(dirname "$0")/tap.sh"
db=$tmp/s.db
cm() { "$COOPMAP" "$@" --db "$db" --quiet; }
PY=/usr/bin/python3 # python3-icalendar is a Debian package: only the system python loads it
NOW=2030-01-01T00:00Z

"$COOPMAP" gen --bureaux 20 --seed 3 --out "$tmp/g" --quiet >/dev/null 2>&1
cm import bureaux "$tmp/g/bureaux.shp" >/dev/null; t $? "import 20 generated bureaux"
cm section add 75-11 "Paris 11e" --federation 75 >/dev/null; t $? "section 75-11"
ok=0; for u in 1 2 3 4 5 6 7 8 9; do cm user add "u$u@t.example" --section 75-11 >/dev/null || ok=1; done
t $ok "nine members"
is "$(sqlite3 "$db" "SELECT group_concat(id) FROM (SELECT id FROM user ORDER BY id)")" "1,2,3,4,5,6,7,8,9" "member ids 1 to 9"
B1=$(sqlite3 "$db" "SELECT code FROM bureau ORDER BY code LIMIT 1")
B2=$(sqlite3 "$db" "SELECT code FROM bureau ORDER BY code LIMIT 1 OFFSET 1")

# --- bad input: exit 2 and a message naming the field
add() { cm events add --section 75-11 "$@"; }
base=(--kind tractage --title T --lon 2.35 --lat 48.85)
bad() { # bad WANT_MSG NAME ARGS...
    local want=$1 name=$2; shift 2
    out=$(add "$@" 2>&1); rc=$?
    is "$rc" 2 "$name: exit 2"
    echo "$out" | grep -q -- "$want"; t $? "$name: message says '$want'"
}
bad "end 2030-03-01T09:00:00Z is not after start 2030-03-01T10:00:00Z" "end before start" \
    "${base[@]}" --start 2030-03-01T11:00 --end 2030-03-01T10:00
bad "kind karaoke: unknown kind (one of: porte-a-porte" "unknown kind" --kind karaoke --title T --lon 2.35 --lat 48.85 \
    --start 2030-03-01T10:00 --end 2030-03-01T11:00
bad "goal minimum 10 > target 5" "goal min > target" "${base[@]}" --start 2030-03-01T10:00 \
    --end 2030-03-01T11:00 --min 10 --target 5
bad "time '2030-02-30T10:00'" "impossible date" "${base[@]}" --start 2030-02-30T10:00 \
    --end 2030-03-01T11:00
bad "targeted bureau 99999_9999: not in the store" "unknown targeted bureau" "${base[@]}" \
    --start 2030-03-01T10:00 --end 2030-03-01T11:00 --targets "$B1,99999_9999"
out=$(cm events add --section 99-99 "${base[@]}" --start 2030-03-01T10:00 --end 2030-03-01T11:00 2>&1)
is $? 2 "unknown section: exit 2"
echo "$out" | grep -q "section 99-99: no such section"; t $? "unknown section: named"
is "$(sqlite3 "$db" "SELECT count(*) FROM event")" 0 "nothing written by refused input"

# --- near me: 40 events around Paris, some far, one cancelled, one over
python3 - >"$tmp/pts" <<'PY'
import random
r = random.Random(11)
for i in range(40):
    lon = 2.35 + r.uniform(-0.35, 0.35)
    lat = 48.85 + r.uniform(-0.25, 0.25)
    day = 2 + i % 20
    print(f"{lon:.7f} {lat:.7f} 2030-02-{day:02d}T10:00 2030-02-{day:02d}T12:00")
print("2.3600000 48.8600000 2029-12-30T10:00 2029-12-30T12:00")  # over at NOW
PY
ok=0; while read -r lon lat s e; do
    add --kind tractage --title "pt $lon" --lon "$lon" --lat "$lat" --start "$s" --end "$e" \
        >/dev/null || ok=1
done <"$tmp/pts"
t $ok "41 events added"
cm events cancel 7 >/dev/null; t $? "cancel event 7"
is "$(sqlite3 "$db" "SELECT count(*) FROM idx_event_geom")" 41 "every event is in the R*Tree"
cm events near --lon 2.3522 --lat 48.8566 --km 15 --now $NOW >"$tmp/near"; t $? "near 15 km"
python3 - "$tmp/pts" "$tmp/near" <<'PY' >"$tmp/cmp"
import math, sys
R = 6371008.8
def hav(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(a))
want = []
for i, line in enumerate(open(sys.argv[1]), 1):
    lon, lat, s, e = line.split()
    d = hav(2.3522, 48.8566, float(lon), float(lat))
    if d <= 15000 and i != 7 and not s.startswith("2029"):
        want.append((d, i))
want.sort()
got = [l.split("\t") for l in open(sys.argv[2]).read().splitlines()]
print(len(want), len(got))
print(" ".join(str(i) for _, i in want) == " ".join(g[0] for g in got))
print(max([abs(float(g[1]) - d) for (d, _), g in zip(want, got)] or [0]) <= 1.0)
print(all(float(a[1]) <= float(b[1]) for a, b in zip(got, got[1:])))
PY
read -r nw ng <"$tmp/cmp"
is "$ng" "$nw" "near: as many events as python finds within 15 km ($nw)"
t $(( nw < 35 && nw > 5 ? 0 : 1 )) "near: the radius leaves some events out (test is meaningful)"
is "$(sed -n 2p "$tmp/cmp")" True "near: same events in the same order as python"
is "$(sed -n 3p "$tmp/cmp")" True "near: distances equal python's haversine to 1 m"
is "$(sed -n 4p "$tmp/cmp")" True "near: nearest first"
"$COOPMAP" events near --lon 2.3522 --lat 48.8566 --km 15 --now $NOW --db "$db" --log-level debug \
    2>&1 >/dev/null | sed -n 's/.*near: \([0-9]*\) in the R\*Tree box, \([0-9]*\) within.*/\1 \2/p' >"$tmp/box"
read -r nbox nin <"$tmp/box"
t $(( nbox >= nin && nbox < 39 ? 0 : 1 )) "near reads only the events in the R*Tree box (${nbox:-?} of 39 upcoming, $nin kept)"
grep -q "^7	" "$tmp/near"; t $(( $? == 0 )) "near: the cancelled event is not listed"
grep -q "^41	" "$tmp/near"; t $(( $? == 0 )) "near: the event already over is not listed"
out=$(cm events near --lon 2.35 --lat 48.85 --km 0 2>&1); is $? 2 "near --km 0: exit 2"

# --- sign-ups against goals; join twice = joined once
E=$(add --kind porte-a-porte --title "PàP, bureau; cible" --bureau "$B1" --targets "$B1,$B2" \
    --start 2030-03-21T18:00 --end 2030-03-21T20:00 --min 3 --target 5 \
    --address "Mairie, place de la République" | awk '{print $2}')
t $(( E > 0 ? 0 : 1 )) "event at a bureau's point on surface, targeting two bureaux"
inside=$(sqlite3 "$db" "SELECT load_extension('mod_spatialite'); SELECT ST_Contains(b.geom, e.geom)
    FROM event e, bureau b WHERE e.id = $E AND b.code = '$B1'" 2>/dev/null | tail -1)
is "$inside" 1 "its place lies inside the bureau (SpatiaLite ST_Contains)"
is "$(sqlite3 "$db" "SELECT group_concat(bureau) FROM (SELECT bureau FROM event_bureau WHERE event_id = $E ORDER BY 1)")" \
    "$B1,$B2" "targeted bureaux stored"
for u in 1 2; do cm events join "$E" --user $u --now $NOW >/dev/null; done
out=$(cm events join "$E" --user 1 --now $NOW); t $? "join twice: exit 0"
is "$out" "user 1 had already joined event $E" "join twice: said so"
is "$(sqlite3 "$db" "SELECT count(*) FROM event_signup WHERE event_id = $E")" 2 "join twice = joined once"
cm events show "$E" | grep -q '^sign-ups 2 (minimum 3, target 5): below minimum$'; t $? "2 of min 3: below minimum"
cm events join "$E" --user 3 --now $NOW >/dev/null
cm events show "$E" | grep -q '^sign-ups 3 (minimum 3, target 5): minimum reached$'; t $? "3 of min 3: minimum reached"
for u in 4 5; do cm events join "$E" --user $u --now $NOW >/dev/null; done
cm events show "$E" | grep -q '^sign-ups 5 (minimum 3, target 5): target reached$'; t $? "5 of target 5: target reached"
is "$(cm events leave "$E" --user 5)" "user 5 left event $E" "leave"
is "$(cm events leave "$E" --user 5)" "user 5 had not joined event $E" "leave twice is harmless"
cm events show "$E" | grep -q '^sign-ups 4 '; t $? "4 sign-ups after a leave"
out=$(cm events join 41 --user 1 --now $NOW 2>&1); is $? 2 "join an event that is over: exit 2"
out=$(cm events join "$E" --user 77 --now $NOW 2>&1); is $? 2 "join as an unknown user: exit 2"
echo "$out" | grep -q "user 77: no such user"; t $? "unknown user named"

# --- after the event: attendance and doors knocked per targeted bureau
AFTER=2030-03-21T21:00
out=$(cm events attend "$E" --user 1 --now $NOW 2>&1); is $? 2 "attendance before the start: exit 2"
echo "$out" | grep -q "record it afterwards"; t $? "attendance before the start: reason given"
cm events attend "$E" --user 1 --now $AFTER >/dev/null; t $? "member 1 present"
cm events attend "$E" --user 2 --absent --now $AFTER >/dev/null; t $? "member 2 absent"
cm events attend "$E" --user 6 --now $AFTER >/dev/null; t $? "member 6 came without signing up"
is "$(sqlite3 "$db" "SELECT group_concat(user_id || ':' || ifnull(attended, '-')) FROM (SELECT * FROM event_signup WHERE event_id = $E ORDER BY user_id)")" \
    "1:1,2:0,3:-,4:-,6:1" "attendance rows: present, absent, not recorded, walk-in"
cm events doors "$E" --bureau "$B1" --doors 120 --now $AFTER >/dev/null; t $? "doors in $B1"
cm events doors "$E" --bureau "$B2" --doors 45 --now $AFTER >/dev/null
cm events doors "$E" --bureau "$B2" --doors 47 --now $AFTER >/dev/null; t $? "doors corrected in $B2"
B3=$(sqlite3 "$db" "SELECT code FROM bureau ORDER BY code LIMIT 1 OFFSET 2")
out=$(cm events doors "$E" --bureau "$B3" --doors 5 --now $AFTER 2>&1); is $? 2 "doors in a bureau not targeted: exit 2"
echo "$out" | grep -q "bureau $B3 is not a target of event $E"; t $? "the bureau is named"
cm events doors "$E" --bureau "$B1" --doors -3 --now $AFTER >/dev/null 2>&1; is $? 2 "negative doors: exit 2"
is "$(sqlite3 "$db" "SELECT sum(doors) FROM event_bureau WHERE event_id = $E")" 167 "doors stored: 120 + 47"
cm events show "$E" >"$tmp/show"
grep -q "^attended 2$" "$tmp/show"; t $? "show: 2 attended"
grep -q "^doors $B1=120,$B2=47$" "$tmp/show"; t $? "show: doors per targeted bureau"
cm events leave "$E" --user 6 >/dev/null

# --- .ics read by python3-icalendar
long="Rendez-vous devant la mairie; apportez des tracts, des badges et de l'eau. Ligne 2 : « portes » à frapper \\ rue de l'Église, bâtiment B"
cm events edit "$E" --version 1 --description "$long" >/dev/null; t $? "edit with the current version"
out=$(cm events edit "$E" --version 1 --title X 2>&1); rc=$?
is "$rc" 2 "edit with a stale version: exit 2"
echo "$out" | grep -q "changed by someone else since version 1"; t $? "stale edit: conflict named"
cm events ics "$E" --now 2030-01-02T03:04:05Z >"$tmp/e.ics"; t $? "events ics"
is "$(grep -c $'\r$' "$tmp/e.ics")" "$(wc -l <"$tmp/e.ics")" "every line ends with CRLF"
is "$(LC_ALL=C awk '{ sub(/\r$/, ""); if (length($0) > 75) n++ } END { print n + 0 }' "$tmp/e.ics")" 0 \
    "no line longer than 75 octets"
grep -q '^ ' "$tmp/e.ics"; t $? "the long description is folded"
$PY - "$tmp/e.ics" "$long" "$E" >"$tmp/ics.out" 2>&1 <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
tz = [c for c in cal.walk('VTIMEZONE')]
ev = [c for c in cal.walk('VEVENT')]
print(len(tz), tz[0]['TZID'] if tz else '', len(ev))
e = ev[0]
s, en = e.decoded('DTSTART'), e.decoded('DTEND')
print(s.strftime('%Y-%m-%d %H:%M'), s.tzinfo.zone, s.utcoffset().total_seconds(), en.strftime('%H:%M'))
print(e.params_of('DTSTART') if hasattr(e, 'params_of') else e['DTSTART'].params.get('TZID'))
print(str(e['SUMMARY']) == "PàP, bureau; cible", str(e['DESCRIPTION']) == sys.argv[2],
      str(e['LOCATION']) == "Mairie, place de la République")
print(str(e['UID']), e.decoded('DTSTAMP').strftime('%Y%m%dT%H%M%S'), str(e['STATUS']), int(e['SEQUENCE']))
PY
t $? "python3-icalendar parses the .ics"
is "$(sed -n 1p "$tmp/ics.out")" "1 Europe/Paris 1" "one VTIMEZONE Europe/Paris and one VEVENT"
is "$(sed -n 2p "$tmp/ics.out")" "2030-03-21 18:00 Europe/Paris 3600.0 20:00" "DTSTART 18:00 Paris (UTC+1 in March), DTEND 20:00"
is "$(sed -n 3p "$tmp/ics.out")" "Europe/Paris" "DTSTART has TZID=Europe/Paris"
is "$(sed -n 4p "$tmp/ics.out")" "True True True" "SUMMARY, DESCRIPTION (folded, escaped, UTF-8) and LOCATION round-trip"
is "$(sed -n 5p "$tmp/ics.out")" "event-$E@coopmap 20300102T030405 CONFIRMED 1" "UID, DTSTAMP, STATUS, SEQUENCE"

# --- cancel: those who joined see it cancelled
cm events cancel "$E" >/dev/null; t $? "cancel the event"
cm events list --user 1 | awk -F'\t' -v e="$E" '$1 == e { print $6 }' >"$tmp/st"
is "$(cat "$tmp/st")" cancelled "member 1's list shows it cancelled"
cm events feed --user 1 --now $NOW >"$tmp/feed.ics"; t $? "member 1's calendar feed"
is "$($PY -c "
import sys, icalendar
c = icalendar.Calendar.from_ical(open('$tmp/feed.ics', 'rb').read())
print(' '.join(str(e['UID']) + '=' + str(e['STATUS']) for e in c.walk('VEVENT')))")" \
    "event-$E@coopmap=CANCELLED" "the feed (icalendar) has it with STATUS:CANCELLED"
out=$(cm events join "$E" --user 9 --now $NOW 2>&1); is $? 2 "join a cancelled event: exit 2"
echo "$out" | grep -q "is cancelled"; t $? "join a cancelled event: reason given"

# --- secret feed token: stored hashed, replaced, revoked
tok=$(cm events feed-token --user 1); t $? "feed-token for member 1"
t $(( ${#tok} == 43 ? 0 : 1 )) "the token is 43 base64url characters (256 bits)"
cm events feed --token "$tok" --now $NOW | cmp -s - "$tmp/feed.ics"; t $? "feed by token = member 1's feed"
is "$(sqlite3 "$db" "SELECT count(*) FROM event_feed WHERE user_id = 1 AND length(token_hash) = 32
    AND hex(token_hash) <> hex(CAST('$tok' AS BLOB))")" 1 "the store keeps a 32-byte hash, not the token"
sqlite3 "$db" .dump | grep -q -- "$tok"; t $(( $? == 0 )) "the token appears nowhere in the store"
tok2=$(cm events feed-token --user 1)
out=$(cm events feed --token "$tok" 2>&1); rc=$?
is "$rc" 2 "the old token stops working once replaced"
echo "$out" | grep -q "unknown or revoked token"; t $? "refusal says why without naming anyone"
cm events feed --token "$tok2" >/dev/null; t $? "the new token works"
is "$(cm events feed-revoke --user 1)" "user 1: feed revoked" "feed-revoke"
cm events feed --token "$tok2" >/dev/null 2>&1; is $? 2 "a revoked token is refused"

# --- weekly series across the change to summer time (2030-03-31)
S=$(add --kind reunion --title "Réunion de section" --lon 2.37 --lat 48.86 \
    --start 2030-03-13T18:30 --end 2030-03-13T20:00 | awk '{print $2}')
cm events duplicate "$S" --weeks 5 >"$tmp/dup"; t $? "duplicate as a 5-week series"
is "$(grep -c '^event .* added$' "$tmp/dup")" 4 "4 copies added"
sqlite3 -separator ' ' "$db" "SELECT starts_at, ends_at FROM event WHERE series_id = $S ORDER BY starts_at" >"$tmp/series"
is "$(python3 - "$tmp/series" <<'PY'
import sys
from datetime import datetime
from zoneinfo import ZoneInfo
p = ZoneInfo('Europe/Paris')
loc = [[datetime.fromisoformat(x.replace('Z', '+00:00')).astimezone(p) for x in l.split()]
       for l in open(sys.argv[1])]
print(len(loc), sorted({(s.strftime('%a %H:%M'), e.strftime('%H:%M')) for s, e in loc}),
      [(b[0].date() - a[0].date()).days for a, b in zip(loc, loc[1:])],
      sorted({s.utcoffset().seconds // 3600 for s, _ in loc}))
PY
)" "5 [('Wed 18:30', '20:00')] [7, 7, 7, 7] [1, 2]" \
    "5 events, every Wednesday 18:30-20:00 Paris, on both sides of the change of time (zoneinfo)"
is "$(sqlite3 "$db" "SELECT count(DISTINCT starts_at) FROM event WHERE series_id = $S AND substr(starts_at, 12, 5) = '16:30'")" \
    2 "after the change, the UTC time moved an hour (16:30Z, was 17:30Z)"
out=$(cm events duplicate "$S" --weeks 1 2>&1); is $? 2 "duplicate --weeks 1: exit 2"

echo "1..$n"
