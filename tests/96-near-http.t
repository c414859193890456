#!/bin/bash
# Near me and the map's "Actions" layer over HTTP (issue 8 §3): GET /api/events/map?bbox=
# returns, as GeoJSON, exactly the upcoming scheduled events of the box that the user reaches
# (a member of another section sees none), with the stored coordinates (read by sqlite3 with
# SpatiaLite; the expected set is filtered by python3 from the store's rows, not by coopmap);
# it is bounded (500 features, then "truncated"); /api/events/joined lists one's sign-ups; the
# commune search gives a point that SpatiaLite finds inside a bureau of that commune.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
if [ -z "${COOPMAP_SHARED:-}" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
sqlite3 :memory: '.load mod_spatialite' 'SELECT 1' >/dev/null 2>&1 \
    || { echo "1..0 # SKIP sqlite3 cannot load mod_spatialite"; exit 0; }
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh" # t, cleanup, cm, start_server, mint_sessions, req, $db
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }
qs() { sqlite3 -cmd '.timeout 5000' -cmd '.load mod_spatialite' "$db" "$1"; }
cmo() { "$COOPMAP" "$@" --db "$db" --quiet >/dev/null; }

cm import bureaux "$sub/paris_bv_2017_19e20e_l93.shp" --year 2017
cmo section add S1 "Paris 19e" --federation 75
cmo section add S2 "Paris 20e" --federation 75
cmo section add S3 "Saint-Denis" --federation 93
cmo user add m1@t.example --section S1
cmo user add m2@t.example --section S2
cmo user add m3@t.example --section S3
cmo user add f75@t.example --role fed_staff --scope 75
ev() { # SECTION TITLE START END PLACE...
    local s=$1 title=$2 start=$3 end=$4
    shift 4
    cmo events add --section "$s" --kind tractage --title "$title" --start "$start" --end "$end" "$@"
}
F=2099-06-01T10:00
E=2099-06-01T12:00
ev S1 "dans la boîte" $F $E --lon 2.379512345678 --lat 48.889012345678 # 1
ev S1 "au bureau 1907" $F $E --bureau 75056_1907                       # 2: point on surface
ev S1 "hors de la boîte" $F $E --lon 2.30 --lat 48.85                  # 3
ev S2 "autre section" $F $E --lon 2.39 --lat 48.87                     # 4
ev S1 "annulée" $F $E --lon 2.38 --lat 48.88                           # 5
ev S1 "passée" 2020-06-01T10:00 2020-06-01T12:00 --lon 2.381 --lat 48.881 # 6
cmo events cancel 5
is "$(qs 'SELECT count(*) FROM event')" 6 "six events stored"
mint_sessions m1 m2 m3 f75
start_server --threads 2
[ -n "$port" ]; t $? "server starts"

BOX=2.36,48.86,2.42,48.90
# expected ids for a section list, from the store's own rows (python3 filters box, status, time)
want() {
    qs "SELECT id, section, status, ends_at, ST_X(geom), ST_Y(geom) FROM event" | python3 -c '
import sys, datetime
box = [float(x) for x in sys.argv[1].split(",")]
secs = sys.argv[2].split(",")
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
ids = []
for line in sys.stdin:
    i, s, st, end, x, y = line.rstrip("\n").split("|")
    if s in secs and st == "scheduled" and end > now and box[0] <= float(x) <= box[2] and box[1] <= float(y) <= box[3]:
        ids.append(int(i))
print(",".join(map(str, sorted(ids))))' "$BOX" "$1"
}
# ids of the answer, and whether each point lies in the box and equals the stored one (1e-9 deg)
got() {
    qs "SELECT id, ST_X(geom), ST_Y(geom) FROM event" >"$tmp/stored"
    python3 - "$tmp/body" "$tmp/stored" "$BOX" <<'PY'
import json, sys
fc = json.load(open(sys.argv[1]))
stored = {int(l.split("|")[0]): tuple(map(float, l.split("|")[1:])) for l in open(sys.argv[2])}
box = [float(x) for x in sys.argv[3].split(",")]
ok = fc["type"] == "FeatureCollection" and fc["truncated"] is False
for f in fc["features"]:
    x, y = f["geometry"]["coordinates"]
    sx, sy = stored[f["properties"]["id"]]
    ok = ok and f["geometry"]["type"] == "Point" and abs(x - sx) < 1e-9 and abs(y - sy) < 1e-9
    ok = ok and box[0] <= x <= box[2] and box[1] <= y <= box[3]
print(",".join(str(i) for i in sorted(f["properties"]["id"] for f in fc["features"])), ok)
PY
}
is "$(req m1 GET "/api/events/map?bbox=$BOX")" 200 "member: map layer answers"
is "$(got)" "$(want S1) True" "member of S1: S1's upcoming events of the box ($(want S1)), stored coordinates"
is "$(want S1)" "1,2" "(the expected set itself: not outside the box, cancelled, past or of S2)"
req m2 GET "/api/events/map?bbox=$BOX" >/dev/null
is "$(got)" "$(want S2) True" "member of S2: only S2's event"
req m3 GET "/api/events/map?bbox=$BOX" >/dev/null
is "$(got)" " True" "member of a section of another federation: no event at all"
req f75 GET "/api/events/map?bbox=$BOX" >/dev/null
is "$(got)" "$(want S1,S2) True" "federation staff: both sections' events"
req m1 GET "/api/events/map?bbox=2.25,48.80,2.45,48.95" >/dev/null
is "$(got | cut -d' ' -f1)" "1,2,3" "a larger box holds event 3 too"
is "$(req m1 GET '/api/events/map?bbox=2.42,48.86,2.36,48.90')" 400 "inverted box: 400"
is "$(req m1 GET '/api/events/map?bbox=2.36,48.86,2.42')" 400 "three numbers: 400"
is "$(req m1 GET '/api/events/map?bbox=2.36,48.86,2.42,95')" 400 "latitude 95: 400"
is "$(req m1 GET '/api/events/map')" 400 "no bbox: 400"
is "$(req anon GET "/api/events/map?bbox=$BOX")" 401 "no session: 401"

# sign-ups: the map says which events the member joined, /joined lists them
is "$(req m1 POST /api/events/2/join '{}')" 200 "m1 joins event 2"
req m1 GET /api/events/joined >/dev/null
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ids"])' "$tmp/body")" "[2]" "/api/events/joined: [2]"
req m1 GET "/api/events/map?bbox=$BOX" >/dev/null
is "$(python3 -c 'import json,sys
fc = json.load(open(sys.argv[1]))
print(" ".join("%d:%s:%d" % (f["id"], f["properties"]["joined"], f["properties"]["signups"]) for f in fc["features"]))' "$tmp/body")" \
    "1:False:0 2:True:1" "map features: joined flag and sign-up count"

# the commune search gives a point inside the commune (SpatiaLite), a bureau's inside it
is "$(req anon GET '/api/search?q=75056')" 200 "search a commune"
read -r cx cy < <(python3 -c 'import json,sys
h = [h for h in json.load(open(sys.argv[1]))["results"] if h["kind"] == "commune"][0]
print(*h["point"])' "$tmp/body")
is "$(qs "SELECT count(*) FROM bureau WHERE commune = '75056' AND ST_Contains(geom, MakePoint($cx, $cy, 4326))")" 1 \
    "commune 75056's point ($cx, $cy) lies in one of its bureaux"
req anon GET '/api/search?q=75056_1907' >/dev/null
read -r bx by < <(python3 -c 'import json,sys; print(*json.load(open(sys.argv[1]))["results"][0]["point"])' "$tmp/body")
is "$(qs "SELECT code FROM bureau WHERE ST_Contains(geom, MakePoint($bx, $by, 4326))")" 75056_1907 \
    "bureau 75056_1907's point lies in it"

# the bound: 600 more events of S1 in the box give 500 features and "truncated"
qs "BEGIN; WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 600)
    INSERT INTO event(section, kind, title, starts_at, ends_at, geom)
    SELECT 'S1', 'tractage', 'série ' || i, '2099-07-01T08:00:00Z', '2099-07-01T10:00:00Z',
           MakePoint(2.37 + i * 0.00001, 48.87, 4326) FROM k; COMMIT;"
req m1 GET "/api/events/map?bbox=$BOX" >/dev/null
is "$(python3 -c 'import json,sys; fc = json.load(open(sys.argv[1])); print(len(fc["features"]), fc["truncated"], fc["features"][0]["id"])' "$tmp/body")" \
    "500 True 1" "602 events in the box: 500 features, earliest first, truncated"
! grep -q 'm[123]@t.example\|f75@t.example' "$tmp/err" "$tmp/access.log"; t $? "no e-mail address in the server logs"
echo "1..$n"
