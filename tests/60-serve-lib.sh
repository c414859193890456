# 60-serve-lib.sh - sourced by tests/60-http.t and tests/61-page.t (not a test itself): TAP
# helper, a store of the Paris 19e-20e subset with layers, `coopmap serve` on a free port.
# Needs $COOPMAP, $sub (the subset directory) and $tmp; sets $pid, $port and $b.
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
n=0
t() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
db=$tmp/t.db
cm() { "$COOPMAP" "$@" --db "$db" --quiet >/dev/null 2>"$tmp/import.err" || cat "$tmp/import.err" >&2; }
results() { # round
    cm import results "$sub/2017-presidentielle-${1}_par_bureau_large_19e20e.csv" --election pres2017 \
        --round "$1" --kind presidentielle --date 2017-04-23 --label "Présidentielle 2017"
}
# make_store ROUNDS...: contours, the given presidential 2017 rounds, every layer
make_store() {
    cm import bureaux "$sub/paris_bv_2017_19e20e_l93.shp" --year 2017
    for r in "$@"; do results "$r"; done
    cm compute --blocs "$(dirname "$0")/../data/blocs.csv"
}
# start_server [serve options]: waits for the "serving" line, sets $port and $b
start_server() {
    "$COOPMAP" serve --db "$db" --port 0 --tiles-dir "$tmp/tiles" --access-log "$tmp/access.log" \
        "$@" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    for _ in $(seq 50); do grep -q '^serving ' "$tmp/out" 2>/dev/null && break; sleep 0.1; done
    port=$(sed -n 's|^serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/out")
    b=http://127.0.0.1:$port
}

# mint_sessions ROLE...: a live 12-hour session for ROLE@t.example in $db; tok[ROLE] holds the
# token as a browser would, the store only its BLAKE2b hash (as the server writes it).
declare -A tok
mint_sessions() {
    local now r tk hx
    now=$(date +%s)
    : >"$tmp/sessions.sql"
    while read -r r tk hx; do
        tok[$r]=$tk
        echo "INSERT INTO session(token_hash, user_id, created_at, last_seen, expires_at)
              SELECT X'$hx', id, $now, $now, $now + 43200 FROM user WHERE email='$r@t.example';" >>"$tmp/sessions.sql"
    done < <(python3 -c 'import secrets, hashlib, sys
for r in sys.argv[1:]:
    t = secrets.token_urlsafe(32)
    print(r, t, hashlib.blake2b(t.encode(), digest_size=32).hexdigest())' "$@")
    sqlite3 "$db" <"$tmp/sessions.sql"
}
# req ROLE METHOD PATH [BODY]: prints the status, the body lands in $tmp/body; ROLE anon sends
# no cookie; other methods than GET carry the custom header and BODY as JSON.
req() {
    local role=$1 method=$2 path=$3 body=${4:-} c=()
    [ "$role" != anon ] && c=(-b "coopmap_session=${tok[$role]}")
    if [ "$method" = GET ]; then
        curl -s -o "$tmp/body" -w '%{http_code}' "${c[@]}" "$b$path"
    else
        curl -s -o "$tmp/body" -w '%{http_code}' "${c[@]}" -X "$method" -H 'X-Requested-With: coopmap' \
            -H 'Content-Type: application/json' --data "$body" "$b$path"
    fi
}

# remob_store R1_FILE: the subset's contours and presidential round 1, R1_FILE as leg2017 round 1,
# blocs, transfers, a full remobilisation compute; sections P19 (all of 75056) and P20 (bureau
# 75056_2001) with secretaries sec and sec20 and a plain member mem, sessions minted. Needs $here.
remob_store() {
    cm import bureaux "$sub/paris_bv_2017_19e20e_l93.shp" --year 2017
    cm import results "$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv" --election pres2017 \
        --round 1 --kind presidentielle --date 2017-04-23
    cm import results "$1" --election leg2017 --round 1 --kind legislatives --date 2017-06-11
    cm blocs import "$here/../data/blocs.csv"
    cm transfers import "$here/../data/transfers.csv"
    cm remob --r1 leg2017:1 --ref pres2017:1
    cm section add P19 "Paris 19-20" --federation 75
    cm section add P20 "Paris 20 un bureau" --federation 75
    cm section set-territory P19 75056
    cm section set-territory P20 75056_2001
    printf '%s\n' 'member_no,email,first_name,last_name,section,function' \
        '3001,sec@t.example,Sam,Secret,P19,secrétaire de section' '3002,mem@t.example,Mo,Membre,P19,' \
        '3003,sec20@t.example,Sol,Vingt,P20,secrétaire de section' >"$tmp/m.csv"
    cm members import "$tmp/m.csv"
    mint_sessions sec mem sec20
}

# need_browser: sets $chrome, or prints the plan of a skipped test and exits (the browser tests
# drive Debian's chromium from node's built-in WebSocket, tests/lib/cdp.js)
need_browser() {
    chrome=$(command -v chromium || true)
    [ -n "$chrome" ] || { echo "1..0 # SKIP chromium is not installed"; exit 0; }
    node --experimental-websocket -e 'if (typeof WebSocket !== "function") process.exit(1)' 2>/dev/null \
        || { echo "1..0 # SKIP node with WebSocket is not installed"; exit 0; }
}
