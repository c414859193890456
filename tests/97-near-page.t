#!/bin/bash
# The "near me" page in a real browser (headless Chromium over DevTools): a member's position is
# injected as the browser's geolocation, then typed as a commune; the list shows the section's
# nearest action first with its distance equal to python3's haversine within 0.1 km, never the
# other section's; one click joins (checked in the store); the main map's "Actions" overlay
# shows the section's events as markers with a popup.
set -u
. "$(dirname "$0")/lib/browser-lib.sh" # skips; $sub $chrome $src $tmp; 60-serve-lib.sh
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }
make_store 1
cmo() { "$COOPMAP" "$@" --db "$db" --quiet >/dev/null; }
cmo section add S1 "Paris 19e" --federation 75
cmo section add S2 "Paris 20e" --federation 75
cmo user add m1@t.example --section S1
ev() { cmo events add --section "$1" --kind "$2" --title "$3" --lon "$4" --lat "$5" \
    --start 2099-06-01T10:00 --end 2099-06-01T12:00 --min 2 --target 6; }
ev S1 porte-a-porte "Porte-à-porte rue de Belleville" 2.3790 48.8720 # 1
ev S1 tractage "Tractage marché Joinville" 2.3795 48.8890            # 2
ev S2 reunion "Réunion du 20e" 2.3802 48.8872                        # 3: nearest to HERE, other section
mint_sessions m1
start_server --web-dir "$src/web"
[ -n "$port" ]; t $? "server starts"

HERE_LON=2.3800
HERE_LAT=48.8870 # near event 2; the commune's point is near event 1
hav() { # LON LAT: km from (lon, lat) to each S1 event, "id:km" nearest first (python3)
    sqlite3 -cmd '.load mod_spatialite' "$db" "SELECT id, ST_X(geom), ST_Y(geom) FROM event WHERE section = 'S1'" |
        python3 -c 'import math, sys
lon, lat = float(sys.argv[1]), float(sys.argv[2])
def hav(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
d = sorted((hav(lon, lat, float(x), float(y)), i) for i, x, y in (l.strip().split("|") for l in sys.stdin))
print(" ".join("%s:%.4f" % (i, k) for k, i in d))' "$1" "$2"
}
drive() { # WHERE PNG_NEAR PNG_MAP
    timeout 80 node --experimental-websocket "$src/tests/lib/near-drive.js" "$chrome" "$tmp/profile-$1" \
        "$b" "${tok[m1]}" "$1" "$2" "$3" 2 2>/dev/null
}
j() { python3 -c 'import json,sys
v = json.loads(sys.argv[1])
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v.get(k)
print(v)' "$res" "$1" 2>/dev/null; }
# the first card's distance ("1,2 km") against python's km, within 0.1 km
close() { python3 -c 'import sys; print(abs(float(sys.argv[1].replace(" km", "").replace(",", ".")) - float(sys.argv[2])) <= 0.1)' "$1" "$2"; }

# 1. the browser's geolocation, injected
res=$(drive "geo:$HERE_LON,$HERE_LAT" "$tmp/near.png" "$tmp/map.png")
echo "# ${res:0:600}"
exp=$(hav $HERE_LON $HERE_LAT)
first=${exp%% *}
is "$(j ready)" True "the page opens ready for a position"
is "$(j nav)" True "the navigation links to the page"
is "$(j message)" "2 actions à moins de 10 km, la plus proche en premier." "geolocation: two actions listed"
ids() { echo "$1" | tr ' ' '\n' | cut -d: -f1 | paste -sd,; }
is "$(j cards.0.id),$(j cards.1.id)" "$(ids "$exp")" "nearest first (python: $exp)"
case ",$(j cards.0.id),$(j cards.1.id)," in *,3,*) r=1 ;; *) r=0 ;; esac
t $r "the other section's action, 20 m away, is not listed"
is "$(close "$(j cards.0.dist)" "${first#*:}")" True "first distance $(j cards.0.dist) = python haversine ${first#*:} km (0.1 km)"
second=${exp#* }
is "$(close "$(j cards.1.dist)" "${second#*:}")" True "second distance $(j cards.1.dist) = python ${second#*:} km"
is "$(j cards.0.when)" "lundi 1 juin 2099, de 10:00 à 12:00" "date and time in Paris time"
is "$(j cards.0.count)" "Inscrits : 0 sur 6 espérés (il en faut au moins 2)" "sign-ups against the goals"
is "$(j pins)" 2 "two numbered markers on the small map"
is "$(j joined)" "Inscrits : 1 sur 6 espérés (il en faut au moins 2)|Je ne participe plus" "one click joins: count and button change"
is "$(sqlite3 "$db" "SELECT group_concat(event_id) FROM event_signup")" "$(j cards.0.id)" "the sign-up to the first action is in the store"
is "$(j overlay)" 2 "main map: the Actions overlay shows the section's two events"
case "$(j control)" in Actions*) r=0 ;; *) r=1 ;; esac
t $r "main map: a toggle named Actions"
case "$(j popup)" in *"Inscrits : "*"Je "*) r=0 ;; *) r=1 ;; esac
t $r "main map: a marker's popup has the sign-ups and a join button"

# 2. a commune typed in: the search's point, then the same list
pt=$(curl -s "$b/api/search?q=75056" | python3 -c 'import json,sys
print(*[h for h in json.load(sys.stdin)["results"] if h["kind"] == "commune"][0]["point"])')
res=$(drive "commune:75056" "$tmp/near2.png" "$tmp/map2.png")
echo "# ${res:0:300}"
exp=$(hav $pt)
first=${exp%% *}
is "$(j where)" "Position choisie : commune 75056." "commune: the position is named"
is "$(j cards.0.id),$(j cards.1.id)" "$(ids "$exp")" "commune: nearest first (python: $exp)"
is "$(close "$(j cards.0.dist)" "${first#*:}")" True "commune: distance $(j cards.0.dist) = python ${first#*:} km"
[ -s "$tmp/near.png" ] && [ -s "$tmp/map.png" ]; t $? "screenshots taken"
[ -n "${COOPMAP_SHOTS:-}" ] && cp "$tmp/near.png" "$tmp/map.png" "$COOPMAP_SHOTS/" 2>/dev/null
echo "1..$n"
