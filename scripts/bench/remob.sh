#!/bin/bash
# Benchmark of the remobilisation layers at the scale of a country (not part of make test):
# the benchmarks' shared store (scripts/bench/gen_store.sh: coopmap gen --bureaux N, contours
# and presidential round 1), plus the legislative round 1 of gen; then timed: the full compute
# for every bureau, the update after one département's round 1 is entered at once, and the
# update after one bureau is saved. Prints wall, cpu and coopmap's own load/total figures.
# Then end to end through `coopmap serve`: from the HTTP save of one bureau's round 1 (POST
# /api/results/...) to the new tile of that bureau being served (target < 1 s).
# usage: scripts/bench/remob.sh [BUREAUX] [OUT_DIR]
set -eu
n=${1:-70000}
out=${2:-bench-out}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bin=$root/build/coopmap
base=$(scripts/bench/gen_store.sh "$n" "$out")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/remob.db
cp "$base" "$db"
cm() { "$bin" "$@" --db "$db" --quiet; }
cm import results "$out/gen-$n/leg2028-t1.csv" --election leg2028 --round 1 \
    --kind legislatives --date 2028-06-11 >/dev/null
cm transfers import data/transfers.csv >/dev/null

# one timed run: "label  wall s  (cpu s)" then coopmap's report, indented
run() {
    label=$1; shift
    TIMEFORMAT='%R %U %S'
    { time "$bin" remob "$@" --db "$db" --quiet >"$tmp/out"; } 2>"$tmp/time"
    read -r wall user sys < <(tail -1 "$tmp/time")
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" \
        'BEGIN { printf "%-44s %7.3f s  (cpu %.3f s)\n", l, w, u + s }'
    sed 's/^/    /' "$tmp/out"
}
run "full compute, every bureau (leg2028:1 vs pres2027:1)" --r1 leg2028:1 --ref pres2027:1
# the département with most bureaux, and its codes
dep=$(cm rank --layer remob_voters --format csv | awk -F, 'NR > 1 { c[substr($2, 1, 2)]++ }
    END { for (d in c) if (c[d] > m) { m = c[d]; b = d } print b }')
codes=$(cm rank --layer remob_voters --area "$dep" --format csv | awk -F, 'NR > 1 { print $2 }' | paste -sd,)
nd=$(echo "$codes" | tr ',' '\n' | wc -l)
run "update: département $dep entered at once ($nd bureaux)" --bureaux "$codes"
one=${codes%%,*}
run "update: one bureau saved ($one)" --bureaux "$one"

# --- end to end: a secretary of the bureau's commune saves it over HTTP; time until the
# server answers the new tile URL of that bureau (layers reloaded, tile drawn)
commune=${one%_*}
dep=${commune:0:2}; [ "$dep" = 97 ] && dep=${commune:0:3}
cm section add BENCH "bench" --federation "$dep" >/dev/null
cm section set-territory BENCH "$commune" >/dev/null
cm user add bench@bench.example --section BENCH --role secretary --scope BENCH >/dev/null
read -r token hash < <(python3 -c 'import secrets, hashlib; t = secrets.token_urlsafe(32)
print(t, hashlib.blake2b(t.encode(), digest_size=32).hexdigest())')
now=$(date +%s)
sqlite3 "$db" "INSERT INTO session(token_hash, user_id, created_at, last_seen, expires_at)
    SELECT X'$hash', id, $now, $now, $now + 3600 FROM user WHERE email = 'bench@bench.example'"
pt=$(sqlite3 -batch -noheader -cmd '.load mod_spatialite' "$db" \
    "SELECT X(p) || ' ' || Y(p) FROM (SELECT PointOnSurface(geom) p FROM bureau WHERE code = '$one')" 2>/dev/null | grep -v '^$')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "$db" --port "$port" --threads 2 --tiles-dir "$tmp/tiles" --access-log off \
    >"$tmp/serve.out" 2>"$tmp/serve.err" &
spid=$!
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 200); do grep -q '^serving ' "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
python3 - "$port" "$token" "$one" $pt <<'PY'
import http.client, json, math, sys, time
port, token, code, lon, lat = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
c = http.client.HTTPConnection("127.0.0.1", int(port))
def req(method, path, body=None):
    h = {"Cookie": "coopmap_session=" + token, "X-Requested-With": "coopmap"}
    if body is not None:
        h["Content-Type"] = "application/json"
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    return r.status, r.read()
def tile_url():
    ls = json.loads(req("GET", "/api/layers")[1])
    ls = ls.get("layers", ls) if isinstance(ls, dict) else ls
    l = [x for x in ls if x["name"] == "remob_voters"][0]
    z, n = 14, 2 ** 14
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return l["tiles"][0].replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
before = tile_url()
req("GET", before)  # the old tile, drawn and cached
st, b = req("GET", "/api/results/leg2028/1/" + code)
d = json.loads(b)
k = max(1, d["votants"] // 10)  # a tenth of the voters stayed home, taken from the first list
cand = max(d["candidates"], key=lambda x: x["voix"] or 0)
votes = {str(x["id"]): x["voix"] for x in d["candidates"] if x["voix"] is not None}
votes[str(cand["id"])] -= min(k, cand["voix"])
k = min(k, cand["voix"])
body = {"version": d["version"], "inscrits": d["inscrits"], "votants": d["votants"] - k,
        "blancs": d["blancs"], "nuls": d["nuls"], "exprimes": d["exprimes"] - k, "votes": votes}
t0 = time.monotonic()
st, b = req("POST", "/api/results/leg2028/1/" + code, body)
t_save = time.monotonic() - t0
if st != 200:
    sys.exit("save failed: %d %s" % (st, b[:200]))
while True:
    url = tile_url()
    if url != before:
        st, png = req("GET", url)
        if st == 200:
            break
    if time.monotonic() - t0 > 30:
        sys.exit("no new tile after 30 s")
    time.sleep(0.01)
t_tile = time.monotonic() - t0
remob = json.loads(b)["remob"] or {}
print("%-44s %7.3f s  (save answered in %.3f s, remob update %.3f s; target < 1 s)"
      % ("HTTP save of %s -> its new tile served" % code, t_tile, t_save, remob.get("seconds", float("nan"))))
PY
echo "cpu: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
