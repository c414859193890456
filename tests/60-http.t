#!/bin/bash
# `coopmap serve` end to end with curl on 127.0.0.1: statuses, HEAD, ETag/304, keep-alive,
# traversal, size limits, security headers, the JSON API checked against the source files,
# tiles (cache, immutability, bad coordinates, stale versions), graceful stop.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
if [ -z "${COOPMAP_SHARED:-}" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh"
make_store 1 2
# a copy of the page, with a symlink that points out of it
cp -r "$(dirname "$0")/../web" "$tmp/web"; web=$tmp/web
ln -s /etc/passwd "$web/pw.txt"
start_server --threads 2 --web-dir "$web" --log-level info
[ -n "$port" ]; t $? "server starts on a free port ($(cat "$tmp/out" "$tmp/err" | head -3))"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
err=$(timeout 5 "$COOPMAP" serve --db "$db" --port "$port" --access-log off 2>&1 >/dev/null); rc=$?
[ "$rc" = 3 ] && echo "$err" | grep -q "port $port"; t $? "a second server on the same port fails (exit $rc), naming the port"

# --- page, static files, caching
curl -s -D "$tmp/h" -o "$tmp/index" "$b/"
grep -q '^HTTP/1.1 200' "$tmp/h"; t $? "GET / is 200"
cmp -s "$tmp/index" "$web/index.html"; t $? "GET / serves web/index.html"
grep -qi '^content-type: text/html' "$tmp/h"; t $? "the page is text/html"
grep -qi "^content-security-policy: default-src 'self'; img-src 'self' data:; frame-ancestors 'none'" "$tmp/h"
t $? "CSP header without inline script"
grep -qi '^x-content-type-options: nosniff' "$tmp/h"; t $? "X-Content-Type-Options nosniff"
grep -qi '^referrer-policy: same-origin' "$tmp/h"; t $? "Referrer-Policy same-origin"
! grep -qi '<script>' "$web/index.html" && ! grep -qi 'style=' "$web/index.html"
t $? "the page has no inline script or style"
len=$(stat -c %s "$web/index.html")
curl -s -I "$b/" >"$tmp/hh"
grep -q '^HTTP/1.1 200' "$tmp/hh" && grep -qi "^content-length: $len" "$tmp/hh"; t $? "HEAD / is 200 with the GET length"
curl -s -X HEAD -o "$tmp/headbody" "$b/" --max-time 2; [ ! -s "$tmp/headbody" ]; t $? "HEAD sends no body"
etag=$(grep -i '^etag:' "$tmp/h" | cut -d' ' -f2 | tr -d '\r')
[ "$(code -H "If-None-Match: $etag" "$b/")" = 304 ]; t $? "If-None-Match with the ETag gives 304"
[ "$(code -H 'If-None-Match: "other"' "$b/")" = 200 ]; t $? "another ETag gives 200"
[ "$(code "$b/static/app.js")" = 200 ]; t $? "web/app.js is served"
L=/usr/share/javascript/leaflet
[ "$(code "$b/static/leaflet/leaflet.min.js")" = 200 ]; t $? "Leaflet is served from the Debian package"
curl -s -D "$tmp/lh" -o "$tmp/leaflet.gz" -H 'Accept-Encoding: gzip, deflate' "$b/static/leaflet/leaflet.min.js"
grep -qi '^content-encoding: gzip' "$tmp/lh" && gunzip -c "$tmp/leaflet.gz" | cmp -s - "$L/leaflet.min.js"
t $? "Leaflet goes out precompressed (leaflet.min.js.gz) to a client taking gzip"
grep -qi '^content-type: text/javascript' "$tmp/lh" && grep -qi '^vary: accept-encoding' "$tmp/lh"
t $? "the gzip variant keeps the JavaScript type and says Vary: Accept-Encoding"
curl -s -D "$tmp/lh" -o "$tmp/leaflet.js" "$b/static/leaflet/leaflet.min.js"
! grep -qi '^content-encoding' "$tmp/lh" && cmp -s "$tmp/leaflet.js" "$L/leaflet.min.js"
t $? "without Accept-Encoding, the plain file"
[ "$(code "$b/static/nothere.js")" = 404 ]; t $? "missing static file: 404"
[ "$(code "$b/no/such/page")" = 404 ]; t $? "unknown path: 404"
curl -s "$b/no/such/page" | python3 -c 'import json,sys; assert json.load(sys.stdin)["error"]["code"] == "ENOTFOUND"'
t $? "404 body is a JSON error"
csrf=(-H 'X-Requested-With: coopmap')
[ "$(code -X POST -d x=1 "${csrf[@]}" -H "Origin: $b" "$b/api/layers")" = 405 ]
t $? "same-origin POST with the custom header reaches routing (405 on a GET route)"
[ "$(code -X POST -d x=1 "$b/api/layers")" = 403 ]; t $? "POST without the custom header: 403"
[ "$(code -X POST -d x=1 "${csrf[@]}" -H 'Origin: http://evil.example' "$b/api/layers")" = 403 ]
t $? "POST from another origin: 403"
[ "$(code -X DELETE "${csrf[@]}" -H "Origin: http://127.0.0.1:$((port + 1))" "$b/api/layers")" = 403 ]
t $? "DELETE from another port of the same host: 403"

# --- traversal after URL decoding
for p in '/static/..%2f..%2fetc/passwd' '/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd' \
         '/static/%2e%2e/%2e%2e/etc/passwd' '/static/../../etc/passwd' '/static/leaflet/..%2f..%2f..%2fetc/passwd'; do
    c=$(curl -s --path-as-is -o "$tmp/trav" -w '%{http_code}' "$b$p")
    { [ "$c" = 404 ] || [ "$c" = 400 ]; } && ! grep -q 'root:' "$tmp/trav"; t $? "traversal $p refused ($c)"
done
c=$(code "$b/static/pw.txt"); [ "$c" = 404 ]; t $? "a symlink out of the web dir is refused ($c)"

# --- keep-alive: two URLs in one curl, the second on the same connection
curl -sv "$b/" "$b/static/style.css" -o /dev/null -o /dev/null 2>"$tmp/v"
grep -q 'Re-using existing connection' "$tmp/v"; t $? "keep-alive: the second request re-uses the connection"
! grep -qi '^< connection: close' "$tmp/v"; t $? "no Connection: close on normal responses"

# --- oversized requests
head -c 1048576 /dev/zero >"$tmp/big"
c=$(code --data-binary @"$tmp/big" "$b/api/search"); [ "$c" = 413 ]; t $? "1 MiB body refused with 413 ($c)"
c=$(code -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$b/")
{ [ "$c" = 431 ] || [ "$c" = 413 ] || [ "$c" = 400 ]; }; t $? "40 KB header refused ($c)"
c=$(code "$b/static/$(head -c 3000 /dev/zero | tr '\0' a)"); [ "$c" = 414 ] || [ "$c" = 431 ] || [ "$c" = 404 ]
t $? "very long path refused ($c)"
[ "$(code "$b/")" = 200 ]; t $? "server still answers after the refusals"

# --- JSON API, figures checked against the source CSV
curl -s "$b/api/layers" >"$tmp/layers.json"
python3 -m json.tool "$tmp/layers.json" >/dev/null; t $? "/api/layers is valid JSON"
python3 - "$tmp/layers.json" <<'PY'; t $? "/api/layers: sources, legend, formula, TileJSON fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert "Ministère de l'Intérieur, INSEE, Ville de Paris" in d["sources"], d["sources"]
assert d["layers"], "no layer"
for l in d["layers"]:
    for k in ("name", "title", "version", "formula", "refs", "years", "legend", "tiles", "minzoom", "maxzoom", "bounds"):
        assert k in l, (l["name"], k)
    assert l["tiles"][0].startswith("/tiles/%s/%d/" % (l["name"], l["version"])), l["tiles"]
    assert l["legend"]["classes"] and all(c["color"].startswith("#") for c in l["legend"]["classes"])
    w, s, e, n = l["bounds"]
    assert 2.2 < w < e < 2.5 and 48.8 < s < n < 48.95, l["bounds"]
PY
want=$(awk -F, '$2=="056" && $3=="1907" {print $6, $7, $9}' "$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv")
got=$(curl -s "$b/api/bureaux/75056_1907" | python3 -c '
import json,sys
d = json.load(sys.stdin)
r = [r for r in d["rounds"] if r["election"] == "pres2017" and r["round"] == 1][0]
print(r["inscrits"], r["votants"], r["exprimes"])')
[ -n "$want" ] && [ "$want" = "$got" ]; t $? "bureau 75056_1907: inscrits votants exprimes = CSV ($want / $got)"
want=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="MÉLENCHON") c=i} $2=="056" && $3=="1907" {print $c}' \
    "$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv")
got=$(curl -s "$b/api/bureaux/75056_1907" | python3 -c '
import json,sys
d = json.load(sys.stdin)
r = [r for r in d["rounds"] if r["election"] == "pres2017" and r["round"] == 1][0]
print([v["voix"] for v in r["votes"] if "MÉLENCHON" in v["name"].upper()][0])')
[ -n "$want" ] && [ "$want" = "$got" ]; t $? "bureau 75056_1907: Mélenchon votes = CSV ($want / $got)"
[ "$(code "$b/api/bureaux/75056_9999")" = 404 ]; t $? "unknown bureau: 404"
[ "$(code "$b/api/bureaux/xyz")" = 404 ]; t $? "malformed bureau code: 404"
# a point inside bureau 1907, computed by OGR/GEOS and PROJ from the shapefile, not by coopmap
pt=$(ogrinfo -q -dialect SQLite -sql "SELECT ST_X(ST_PointOnSurface(geometry)) x, ST_Y(ST_PointOnSurface(geometry)) y FROM paris_bv_2017_19e20e_l93 WHERE code_bv='1907'" \
    "$sub/paris_bv_2017_19e20e_l93.shp" | awk '/ x \(Real\)/{x=$4} / y \(Real\)/{y=$4} END{print x, y}' \
    | gdaltransform -s_srs EPSG:2154 -t_srs EPSG:4326)
set -- $pt
got=$(curl -s "$b/api/bureaux/at?lon=$1&lat=$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
[ "$got" = 75056_1907 ]; t $? "/api/bureaux/at a point inside 1907 gives 75056_1907 ($got)"
[ "$(code "$b/api/bureaux/at?lon=0&lat=0")" = 404 ]; t $? "/api/bureaux/at outside every bureau: 404"
[ "$(code "$b/api/bureaux/at?lon=abc&lat=48")" = 400 ]; t $? "/api/bureaux/at with a bad number: 400"
want=$(awk -F, '$2=="056" && $3 ~ /^19/' "$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv" | wc -l)
got=$(curl -s "$b/api/search?q=75056_19" | python3 -c '
import json,sys; print(sum(1 for h in json.load(sys.stdin)["results"] if h["kind"] == "bureau" and h["code"].startswith("75056_19")))')
[ "$got" -eq $(( want < 20 ? want : 20 )) ]; t $? "/api/search?q=75056_19 lists the 19e bureaux, capped at 20 ($got)"
curl -s "$b/api/search?q=75056" | python3 -c '
import json,sys; r = json.load(sys.stdin)["results"]; assert r[0]["kind"] == "commune" and r[0]["code"] == "75056", r'
t $? "/api/search?q=75056 finds the commune first"
[ "$(code "$b/api/search")" = 400 ]; t $? "/api/search without q: 400"

# --- rank, against the layer values of the same API
python3 - "$b" "$tmp/layers.json" <<'PY'; t $? "/api/rank is sorted, limited, filtered by area"
import json, sys, urllib.request
b, layers = sys.argv[1], json.load(open(sys.argv[2]))["layers"]
l = [l for l in layers if not l.get("categorical")][0]
get = lambda u: json.load(urllib.request.urlopen(b + u))
r = get("/api/rank?layer=%s&limit=10" % l["name"])["rows"]
assert len(r) == 10 and [x["rank"] for x in r] == list(range(1, 11)), r
v = [x["value"] for x in r]
assert v == sorted(v, reverse=True), v
for x in r[:3]:
    assert abs(get("/api/bureaux/" + x["code"])["layers"][l["name"]] - x["value"]) < 1e-9
a = get("/api/rank?layer=%s&area=75120&limit=500" % l["name"])["rows"]
assert a and all(x["code"].startswith("75056_20") for x in a), a[:3]
PY
[ "$(code "$b/api/rank?layer=nope")" = 404 ]; t $? "/api/rank of an unknown layer: 404"
[ "$(code "$b/api/rank?layer=potential&area=7512")" = 400 ]; t $? "/api/rank with a malformed area: 400"

# --- tiles
read -r tpl name version < <(python3 -c '
import json,sys; l = json.load(open(sys.argv[1]))["layers"][0]; print(l["tiles"][0], l["name"], l["version"])' "$tmp/layers.json")
# the tile holding the point inside bureau 1907 at z14, computed here
read -r z x y < <(python3 -c '
import math,sys; lon, lat, z = float(sys.argv[1]), float(sys.argv[2]), 14
n = 2 ** z; x = int((lon + 180) / 360 * n)
y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n); print(z, x, y)' "$1" "$2")
url=$b${tpl/\{z\}/$z}; url=${url/\{x\}/$x}; url=${url/\{y\}/$y}
curl -s -D "$tmp/th" -o "$tmp/tile.png" "$url"
grep -q '^HTTP/1.1 200' "$tmp/th" && grep -qi '^content-type: image/png' "$tmp/th"; t $? "tile $z/$x/$y is a 200 PNG"
grep -qi '^cache-control: public, max-age=31536000, immutable' "$tmp/th"; t $? "tiles are immutable for a year"
python3 - "$tmp/tile.png" 256 <<'PY'; t $? "the tile is a 256 px PNG"
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", d[16:24]) == (int(sys.argv[2]),) * 2
PY
[ -f "$tmp/tiles/$name/$version/$z/$x/$y.png" ] && cmp -s "$tmp/tiles/$name/$version/$z/$x/$y.png" "$tmp/tile.png"
t $? "the tile is in the disk cache at tiles/$name/$version/$z/$x/$y.png"
! ls "$tmp/tiles/$name/$version/$z/$x/" | grep -v '\.png$' | grep -q .; t $? "no temporary file left in the cache"
curl -s -o "$tmp/tile2.png" "$url"; cmp -s "$tmp/tile.png" "$tmp/tile2.png"; t $? "the cached tile is served identical"
etag=$(grep -i '^etag:' "$tmp/th" | cut -d' ' -f2 | tr -d '\r')
[ -n "$etag" ] && [ "$(code -H "If-None-Match: $etag" "$url")" = 304 ]; t $? "tile If-None-Match: 304"
[ "$(code -I "$url")" = 200 ]; t $? "tile HEAD: 200"
curl -s -o "$tmp/tile2x.png" "${url%.png}@2x.png"
python3 - "$tmp/tile2x.png" 512 <<'PY'; t $? "@2x tile is a 512 px PNG"
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", d[16:24]) == (int(sys.argv[2]),) * 2
PY
stale=$b/tiles/$name/$((version + 1))/$z/$x/$y.png
[ "$(code "$stale")" = 404 ]; t $? "stale layer version: 404"
[ "$(code "$b/tiles/nolayer/$version/$z/$x/$y.png")" = 404 ]; t $? "unknown layer: 404"
for bad in "$z/$((1 << z))/$y" "$z/$x/-1" "25/0/0" "$z/$x/$y.jpg" "$z/$x" "$z/${x}a/$y" "$z/$x/$y@3x"; do
    c=$(code "$b/tiles/$name/$version/$bad.png"); [ "$c" = 404 ]; t $? "bad tile $bad: 404 ($c)"
done

# --- access log: one line per request, no client address, no query string
[ "$(grep -c ' access: ' "$tmp/access.log")" -ge 40 ]; t $? "access log has a line per request"
! grep -q '127\.0\.0\.1\|?' "$tmp/access.log"; t $? "access log holds no address and no query string"
grep -q " access: GET /tiles/$name/$version/$z/$x/$y.png 200 " "$tmp/access.log"; t $? "access log records the tile 200"

# --- the layers follow the store, and only the map's data: a census import commits to the
# store without changing any layer or contour, and must not reload them
cm import census "$sub/filosofi2018_disp_iris_19e20e.csv" --year 2018
sleep 2.5
! grep -q 'layers read again' "$tmp/err"; t $? "a write that leaves the map alone reloads nothing"
# recompute with another camp: the server picks it up
cm compute --camp left --blocs "$(dirname "$0")/../data/blocs.csv"
for _ in $(seq 50); do
    v2=$(curl -s "$b/api/layers" | python3 -c '
import json,sys; print([l for l in json.load(sys.stdin)["layers"] if l["name"] == sys.argv[1]][0]["version"])' "$name")
    [ "$v2" != "$version" ] && break; sleep 0.2
done
[ "$v2" != "$version" ]; t $? "after coopmap compute, /api/layers gives the new version of $name ($version -> $v2)"
[ "$(code "$url")" = 404 ]; t $? "the old version's tile is now 404"
[ "$(code "$b/tiles/$name/$v2/$z/$x/$y.png")" = 200 ]; t $? "the new version's tile is 200"
grep -q 'layers read again' "$tmp/err"; t $? "the recompute reloaded the layers"

# --- graceful stop
kill -TERM "$pid"; for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$pid" 2>/dev/null; t $? "SIGTERM stops the server"
wait "$pid"; t $? "the server exits 0 after SIGTERM"
pid=""
echo "1..$n"
