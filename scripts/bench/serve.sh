#!/bin/bash
# Benchmark: cached tiles served by `coopmap serve` vs nginx serving the same files, with wrk,
# in the same run, on loopback only. Prints "serve ratio: X.XX" (ours req/s / nginx req/s).
# usage: scripts/bench/serve.sh [COOPMAP_BINARY] [STORE.db]   (not part of make test)
#   without a store, one is built from the Paris data in $COOPMAP_SHARED (or data/demo).
# Both servers get the same CPU budget (THREADS, default 1 worker) and no access log; wrk uses
# one thread and CONNS connections for DURATION seconds per round, ROUNDS rounds alternated.
set -eu
cd "$(dirname "$0")/../.."
bin=${1:-build/coopmap}
db=${2:-}
THREADS=${THREADS:-1} CONNS=${CONNS:-32} DURATION=${DURATION:-8} ROUNDS=${ROUNDS:-2}
for p in wrk nginx; do
    command -v "$p" >/dev/null 2>&1 && continue
    echo "bench: installing $p" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "$p" >/dev/null
done
nginx_bin=$(command -v nginx)
tmp=$(mktemp -d); pids=""
chmod 755 "$tmp" # nginx workers (www-data) read the tiles too
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [ -z "$db" ]; then
    db=$tmp/bench.db
    echo "bench: building the Paris store" >&2
    scripts/demo.sh "$bin" "$db" >/dev/null
fi

# --- ours, warm the disk cache through the server itself
p1=$(free_port)
"$bin" serve --db "$db" --port "$p1" --threads "$THREADS" --tiles-dir "$tmp/tiles" \
    --access-log off >"$tmp/serve.out" 2>"$tmp/serve.err" &
pids="$pids $!"
for _ in $(seq 100); do grep -q '^serving ' "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$p1/api/layers" >"$tmp/layers.json"
python3 - "$tmp/layers.json" >"$tmp/paths" <<'PY'
import json, math, sys
ls = json.load(open(sys.argv[1]))["layers"]
l = ([x for x in ls if x["name"] == "potential"] or ls)[0]
w, s, e, n = l["bounds"]
def tile(lon, lat, z):
    k = 2 ** z
    return int((lon + 180) / 360 * k), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * k)
for z in range(11, 16):
    x0, y0 = tile(w, n, z); x1, y1 = tile(e, s, z)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            print(l["tiles"][0].replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y)))
PY
ntiles=$(wc -l <"$tmp/paths")
sed "s|^|http://127.0.0.1:$p1|" "$tmp/paths" | xargs -n 50 curl -s >/dev/null
cached=$(find "$tmp/tiles" -name '*.png' | wc -l)
echo "bench: $ntiles tile URLs z11-z15, $cached non-empty tiles in the disk cache" >&2
# wrk requests only tiles that exist as files, so both servers send the same bytes
( cd "$tmp/tiles" && find . -name '*.png' | sed 's|^\.|/tiles|' | sort ) >"$tmp/files"
{
    echo "local paths = {"
    sed 's|.*|"&",|' "$tmp/files"
    echo "}"
    echo 'local i = 0'
    echo 'request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end'
} >"$tmp/paths.lua"

# --- nginx on another loopback port, same files, same headers
p2=$(free_port)
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx.conf" <<NGX
worker_processes $THREADS;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on; tcp_nopush on; keepalive_requests 100000;
    client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
    uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
    server {
        listen 127.0.0.1:$p2;
        location /tiles/ {
            alias $tmp/tiles/;
            types { image/png png; }
            add_header Cache-Control "public, max-age=31536000, immutable";
            add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            add_header X-Content-Type-Options nosniff;
            add_header Referrer-Policy same-origin;
        }
    }
}
NGX
"$nginx_bin" -c "$tmp/nginx.conf" -p "$tmp/nginx" 2>"$tmp/nginx.err" &
pids="$pids $!"
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$p2$(head -1 "$tmp/files")" && break; sleep 0.1; done
f=$(sed -n 2p "$tmp/files")
cmp <(curl -sf "http://127.0.0.1:$p1$f") <(curl -sf "http://127.0.0.1:$p2$f") \
    || { echo "bench: the two servers do not send the same tile $f" >&2; cat "$tmp/nginx.err" \
         "$tmp/nginx/error.log" >&2; exit 1; }

rps() { wrk -t1 -c"$CONNS" -d"${DURATION}s" -s "$tmp/paths.lua" "$1" | awk '/Requests\/sec/ {print $2}'; }
ours=0 theirs=0
for r in $(seq "$ROUNDS"); do
    a=$(rps "http://127.0.0.1:$p1"); c=$(rps "http://127.0.0.1:$p2")
    echo "bench: round $r: coopmap $a req/s, nginx $c req/s" >&2
    ours=$(python3 -c "print(max($ours, $a))"); theirs=$(python3 -c "print(max($theirs, $c))")
done
echo "coopmap serve: $ours req/s; nginx: $theirs req/s ($THREADS worker(s), $CONNS connections, ${DURATION}s x $ROUNDS, best round)"
python3 -c "print('serve ratio: %.2f' % ($ours / $theirs))"
