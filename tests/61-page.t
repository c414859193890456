#!/bin/bash
# The web page in headless Chromium: the page loads Leaflet and app.js from us, requests
# tiles that the server renders (200 in its access log), and the screenshot shows the
# layer's class colours in the map area (decoded here with the Python standard library).
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
if [ -z "${COOPMAP_SHARED:-}" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
    echo "1..0 # SKIP chromium is not installed (scripts/install-deps.sh installs Debian chromium)"
    exit 0
fi
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh"
make_store 1
start_server --web-dir "$(dirname "$0")/../web"
[ -n "$port" ]; t $? "server starts"
curl -s "$b/api/layers" >"$tmp/layers.json"

shot=${COOPMAP_SCREENSHOT:-$tmp/shot.png} # set it to keep the screenshot
# browse PROFILE ARGS... URL: one headless Chromium run with a fresh profile, quiet and offline
browse() {
    local profile=$tmp/$1; shift
    timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --user-data-dir="$profile" --virtual-time-budget=8000 "$@" \
        2>>"$tmp/chrome.log"
}
browse profile --screenshot="$shot" --window-size=1200,800 "$b/" >/dev/null
[ -s "$shot" ]; t $? "chromium wrote a screenshot"

grep -q ' access: GET / 200 ' "$tmp/access.log"; t $? "the page was fetched"
for f in /static/leaflet/leaflet.min.js /static/leaflet/leaflet.css /static/app.js /static/style.css /api/layers; do
    grep -q " access: GET $f 200 " "$tmp/access.log"; t $? "the browser fetched $f (200)"
done
name=$(python3 -c 'import json,sys; print([l for l in json.load(open(sys.argv[1]))["layers"] if l["name"] == "potential"][0]["name"])' "$tmp/layers.json")
ntiles=$(grep -c " access: GET /tiles/$name/[0-9]*/[0-9]*/[0-9]*/[0-9]*\(@2x\)\?\.png 200 " "$tmp/access.log")
[ "$ntiles" -ge 4 ]; t $? "the browser requested tiles of the potential layer (the default) and got 200 ($ntiles)"
! grep ' access: GET /tiles/' "$tmp/access.log" | grep -qv ' 200 '; t $? "no tile request failed"
grep -q " access: GET /api/rank 200 " "$tmp/access.log"; t $? "the ranked list was loaded"

# The map area (left of the 24rem panel, below the header) must show the legend's colours as
# drawn with the tile layer's opacity 0.85 over the map background #f4f4f0.
# classes.py PNG LAYERS X0 Y0 X1 Y1: the class colours of the potential layer (drawn with the
# tile layer's opacity 0.85 over the map background #f4f4f0) inside a region of the screenshot
cat >"$tmp/classes.py" <<'PY'
import json, struct, sys, zlib
data = open(sys.argv[1], "rb").read()
x0, y0, x1, y1 = map(int, sys.argv[3:7])
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, typ = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if typ == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), (depth, ctype)
        bpp = 3 if ctype == 2 else 4
    elif typ == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line)); prev = line
counts = {}
for y in range(max(y0, 0), min(y1, h), 2):
    r = rows[y]
    for x in range(max(x0, 0), min(x1, w), 2):
        px = r[x * bpp:x * bpp + 3]
        counts[px] = counts.get(px, 0) + 1
layer = [l for l in json.load(open(sys.argv[2]))["layers"] if l["name"] == "potential"][0]
bg = (0xf4, 0xf4, 0xf0)
found = 0
for c in layer["legend"]["classes"]:
    rgb = [int(c["color"][i:i + 2], 16) for i in (1, 3, 5)]
    want = [round(0.85 * v + 0.15 * g) for v, g in zip(rgb, bg)]
    hits = sum(k for px, k in counts.items() if all(abs(p - q) <= 3 for p, q in zip(px, want)))
    print("# class %s %s: %d sampled pixels" % (c["label"], c["color"], hits))
    found += hits > 50
print("# %d distinct colours in %d,%d-%d,%d" % (len(counts), x0, y0, x1, y1))
sys.exit(0 if len(counts) > 5 and found >= 2 else 1)
PY
# desktop: the map is left of the 24rem panel, below the header
python3 "$tmp/classes.py" "$shot" "$tmp/layers.json" 10 80 780 780
t $? "the screenshot shows the layer's class colours in the map"
python3 "$tmp/classes.py" "$shot" "$tmp/layers.json" 880 300 1190 790 >/dev/null
[ $? = 1 ]; t $? "the panel area holds no map colours (the panel is beside the map)"

# phone: Chromium's narrowest window is 500 px; the panel goes under the map
browse profile3 --screenshot="$tmp/phone.png" --window-size=500,900 "$b/" >/dev/null
python3 "$tmp/classes.py" "$tmp/phone.png" "$tmp/layers.json" 10 100 490 520
t $? "phone width: the map fills the top of the screen"
python3 "$tmp/classes.py" "$tmp/phone.png" "$tmp/layers.json" 10 640 490 890 >/dev/null
[ $? = 1 ]; t $? "phone width: the legend and list are below the map, not beside it"

# a link to a bureau opens its figures: the DOM after the scripts ran (no click needed)
browse profile2 --dump-dom "$b/#layer=potential&bureau=75056_1907" >"$tmp/dom.html"
grep -q 'Bureau 75056_1907' "$tmp/dom.html"; t $? "#bureau=75056_1907 opens the bureau panel"
want=$(awk -F, '$2=="056" && $3=="1907" {print $6}' "$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv")
got=$(grep -o 'Inscrits</td><td class="num">[^<]*' "$tmp/dom.html" | head -1 | sed 's/.*>//' | tr -cd '0-9')
[ -n "$want" ] && [ "$want" = "$got" ]; t $? "the panel shows the bureau's inscrits from the CSV ($want / $got)"
grep -q " access: GET /api/bureaux/75056_1907 200 " "$tmp/access.log"; t $? "the page asked the API for the bureau"

kill -TERM "$pid"; wait "$pid"; t $? "server stops cleanly"
pid=""
echo "1..$n"
