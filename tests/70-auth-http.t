#!/bin/bash
# Accounts over HTTP: the authorization matrix (every route x every role x own section / other
# section / other federation, from the table below; a server route without a row fails), member
# visibility and audit rows, CSRF, login and its rate limits, session expiry, and no personal
# data in the server's logs. Sessions for the matrix are minted here (token + BLAKE2b hash with
# python3's hashlib), so only the login tests pay for argon2id.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh" # t, cleanup of $tmp and the server, start_server
export COOPMAP_DB=$db
q() { sqlite3 -cmd '.timeout 5000' "$COOPMAP_DB" "$1"; }
cm() { "$COOPMAP" "$@" >>"$tmp/cli.out" 2>&1 || echo "# coopmap $* failed: $(tail -1 "$tmp/cli.out")"; }

# --- fixture: S1, S2 in federation 29, P1 in 75; members from a file; staff by hand
cm section add S1 "Brest centre" --federation 29
cm section add S2 "Brest nord" --federation 29
cm section add P1 "Paris 1er" --federation 75
cat > "$tmp/m.csv" <<'CSV'
member_no,email,first_name,last_name,section,function
2001,sec1@t.example,Sarah,Secretan,S1,secrétaire de section
2002,off1@t.example,Otto,Tresorin,S1,trésorier
2003,mem1@t.example,Mia,Membrane,S1,
2004,mem2@t.example,Maxime,Deuxieme,S2,
2005,memp@t.example,Paulo,Parisot,P1,
2006,fed29@t.example,Fredo,Federin,S2,secrétaire fédéral
2007,vissec@t.example,Vera,Visibella,S1,
2008,hidden@t.example,Hugo,Cachottier,S1,
CSV
cm members import "$tmp/m.csv"
cm user add fed75@t.example --role fed_staff --scope 75
cm user add admin@t.example --role admin
# events 1 (S1), 2 (S2), 3 (P1) for the event routes (issue 8)
cm events add --section S1 --kind tractage --title "Marché S1" --lon -4.486 --lat 48.390 --start 2099-06-01T10:00 --end 2099-06-01T12:00
cm events add --section S2 --kind tractage --title "Marché S2" --lon -4.490 --lat 48.410 --start 2099-06-01T10:00 --end 2099-06-01T12:00
cm events add --section P1 --kind reunion --title "Réunion P1" --lon 2.350 --lat 48.860 --start 2099-06-01T18:00 --end 2099-06-01T20:00
# results entry (issue 9): round e1:1 with one candidate; S1 holds commune 29019, P1 75056.
# Saves carry the version read: in a row only the first allowed role gets 200, the next 409.
cm section set-territory S1 29019
cm section set-territory P1 75056
q "INSERT INTO election(id, kind) VALUES ('e1', 'legislatives');
   INSERT INTO election_round(id, election, round, source, sha256, layout) VALUES (900, 'e1', 1, 't', 't', 't');
   INSERT INTO candidate(id, round_id, name) VALUES (900, 900, 'A')"
q "UPDATE user SET visibility='section' WHERE email='vissec@t.example';
   UPDATE user SET visibility='hidden' WHERE email='hidden@t.example'"
names="Sarah Secretan Otto Tresorin Mia Membrane Maxime Deuxieme Paulo Parisot Fredo Federin Vera Visibella Hugo Cachottier"

# one session per role: the token is what the browser would hold, the store keeps its hash
roles="mem1 off1 sec1 mem2 memp fed29 fed75 admin"
mint_sessions $roles
[ "$(q 'SELECT count(*) FROM session')" = 8 ]; t $? "eight sessions minted"

# --- server
cp -r "$src/web" "$tmp/web"
start_server --threads 2 --web-dir "$tmp/web" --log-level info
[ -n "$port" ]; t $? "server starts on port ${port:-? ($(head -c 200 "$tmp/err" | tr '\n' ' '))}"

# --- the matrix. Columns: anon mem1 off1 sec1 mem2 memp fed29 fed75 admin
# (mem1, off1, sec1: section S1 of federation 29; mem2 and fed29: S2, federation 29; memp: P1,
# federation 75; fed75: staff of 75, no section; admin: national)
# Row: METHOD ROUTE PATH BODY expected-statuses...; '@' in BODY is replaced by a fresh code.
# ROUTE is the server's pattern; kind "public" rows assert that the answer does not depend on
# who asks; "special" rows are covered by the dedicated tests further down.
matrix=$(cat <<'TABLE'
GET  /api/results/           /api/results/e1/1/29019_0001    -   401 200 200 200 404 404 200 404 200
POST /api/results/           /api/results/e1/1/upload?section=S1  not-a-results-file  401 403 403 400 404 404 400 404 400
POST /api/results/           /api/results/e1/1/upload?section=P1  not-a-results-file  401 404 404 404 404 403 404 400 400
GET  /api/transfers          /api/transfers?section=S1       -   401 200 200 200 200 200 200 200 200
PUT  /api/transfers          /api/transfers?section=S1       {"rates":{"far_left":0.8,"left":0.8,"ecologist":0.7,"centre":0.2,"right":0.1,"far_right":0,"other":0.2}}  401 403 403 200 404 404 200 404 200
POST /api/transfers          /api/transfers?section=P1       {"rates":{"far_left":0.8,"left":0.8,"ecologist":0.7,"centre":0.2,"right":0.1,"far_right":0,"other":0.2}}  401 404 404 404 404 403 404 200 200
GET  /api/results/           /api/results/e1/1/75056_0101    -   401 404 404 404 404 200 404 200 200
GET  /api/results/           /api/results/e1/1?section=S1    -   401 200 200 200 404 404 200 404 200
GET  /api/results/           /api/results/                   -   401 200 200 200 200 200 200 200 200
POST /api/results/           /api/results/e1/1/29019_0001    {"version":0,"inscrits":10,"votants":5,"blancs":0,"nuls":0,"exprimes":5,"votes":{"900":5}}  401 403 403 200 404 404 409 404 409
PUT  /api/results/           /api/results/e1/1/29019_0001    {"version":1,"inscrits":10,"votants":6,"blancs":1,"nuls":0,"exprimes":5,"votes":{"900":5}}  401 403 403 200 404 404 409 404 409
POST /api/results/           /api/results/e1/1/75056_0101    {"version":0,"inscrits":10,"votants":5,"blancs":0,"nuls":0,"exprimes":5,"votes":{"900":5}}  401 404 404 404 404 403 404 200 409
GET  /api/sections/          /api/sections/S1                -   401 200 200 200 404 404 200 404 200
GET  /api/sections/          /api/sections/S2                -   401 404 404 404 200 404 200 404 200
GET  /api/sections/          /api/sections/P1                -   401 404 404 404 404 200 404 200 200
GET  /api/sections/          /api/sections/S1/members        -   401 200 200 200 404 404 200 404 200
GET  /api/sections/          /api/sections/S2/members        -   401 404 404 404 200 404 200 404 200
GET  /api/sections/          /api/sections/P1/members        -   401 404 404 404 404 200 404 200 200
GET  /api/sections/          /api/sections/NOPE              -   401 404 404 404 404 404 404 404 404
POST /api/sections/          /api/sections/S1/territory      {"communes":["29019"]}  401 403 403 403 404 404 200 404 200
POST /api/sections/          /api/sections/S2/territory      {"communes":["29019"]}  401 404 404 404 403 404 200 404 200
POST /api/sections/          /api/sections/P1/territory      {"communes":["75056"]}  401 404 404 404 404 403 404 200 200
GET  /api/federations/       /api/federations/29             -   401 403 403 403 403 404 200 404 200
GET  /api/federations/       /api/federations/75             -   401 404 404 404 404 403 404 200 200
GET  /api/federations/       /api/federations/29/audit       -   401 403 403 403 403 404 200 404 200
GET  /api/federations/       /api/federations/75/audit       -   401 404 404 404 404 403 404 200 200
GET  /api/federations/       /api/federations/99             -   401 404 404 404 404 404 404 404 404
POST /api/federations/       /api/federations/29/sections    {"code":"@","name":"n"}  401 403 403 403 403 404 201 404 201
POST /api/federations/       /api/federations/75/sections    {"code":"@","name":"n"}  401 404 404 404 404 403 404 201 201
GET  /api/me                 /api/me                         -   401 200 200 200 200 200 200 200 200
POST /api/me                 /api/me                         {"visibility":"officers"}  401 200 200 200 200 200 200 200 200
GET  /api/events/            /api/events/1.ics               -   401 200 200 200 404 404 200 404 200
GET  /api/events/            /api/events/3.ics               -   401 404 404 404 404 200 404 200 200
GET  /api/events/            /api/events/99.ics              -   401 404 404 404 404 404 404 404 404
GET  /api/events/            /api/events/near?lon=-4.49&lat=48.4&km=20  -  401 200 200 200 200 200 200 200 200
POST /api/events/            /api/events/1/join              {}  401 200 200 200 404 404 200 404 200
POST /api/events/            /api/events/2/leave             {}  401 404 404 404 200 404 200 404 200
POST /api/events/            /api/events/3/join              {}  401 404 404 404 404 200 404 200 200
POST /api/events/            /api/events/feed                {}  401 200 200 200 200 200 200 200 200
POST /api/events/            /api/events/feed/revoke         {}  401 200 200 200 200 200 200 200 200
POST /api/events             /api/events                     {"section":"S1","kind":"tractage","title":"t","lon":-4.48,"lat":48.39,"start":"2099-07-01T10:00","end":"2099-07-01T12:00"}  401 403 403 201 404 404 201 404 201
POST /api/events             /api/events                     {"section":"P1","kind":"reunion","title":"t","lon":2.35,"lat":48.86,"start":"2099-07-01T10:00","end":"2099-07-01T12:00"}  401 404 404 404 404 403 404 201 201
POST /api/events/            /api/events/4/cancel            {}  401 403 403 200 404 404 200 404 200
POST /api/events/            /api/events/99/cancel           {}  401 404 404 404 404 404 404 404 404
GET  /api/events             /api/events?section=S1          -   401 200 200 200 404 404 200 404 200
GET  /api/events             /api/events?section=P1          -   401 404 404 404 404 200 404 200 200
GET  /api/events             /api/events?section=NOPE        -   401 404 404 404 404 404 404 404 404
GET  /api/events/            /api/events/1                   -   401 200 200 200 404 404 200 404 200
GET  /api/events/            /api/events/3                   -   401 404 404 404 404 200 404 200 200
GET  /api/events/            /api/events/99                  -   401 404 404 404 404 404 404 404 404
PUT  /api/events/            /api/events/1                   {"version":99}  401 403 403 409 404 404 409 404 409
PUT  /api/events/            /api/events/3                   {"version":99}  401 404 404 404 404 403 404 409 409
POST /api/events/            /api/events/1/edit              {"version":99}  401 403 403 409 404 404 409 404 409
POST /api/events/            /api/events/1/duplicate         {"count":1}  401 403 403 400 404 404 400 404 400
POST /api/events/            /api/events/3/duplicate         {"count":1}  401 404 404 404 404 403 404 400 400
POST /api/events/            /api/events/1/attendance        {"attendance":{"99":true}}  401 403 403 400 404 404 400 404 400
GET  /api/sections/*/delegations  /api/sections/S1/delegations  -  401 403 403 200 404 404 200 404 200
GET  /api/sections/*/delegations  /api/sections/P1/delegations  -  401 404 404 404 404 403 404 200 200
GET  /api/sections/*/delegations  /api/sections/NOPE/delegations  -  401 404 404 404 404 404 404 404 404
POST /api/sections/*/delegations  /api/sections/S1/delegations  {"grantee":"vissec\u0040t.example","rights":"events","until":"2099-01-01"}  401 403 403 201 404 404 201 404 201
POST /api/sections/*/delegations  /api/sections/P1/delegations  {"grantee":"memp\u0040t.example","rights":"print","until":"2099-01-01"}  401 404 404 404 404 403 404 201 201
GET  /api/federations/*/delegations  /api/federations/29/delegations  -  401 404 404 404 404 404 200 404 200
GET  /api/federations/*/delegations  /api/federations/75/delegations  -  401 404 404 404 404 404 404 200 200
POST /api/delegations/       /api/delegations/1/revoke       {}  401 404 404 200 404 404 200 404 200
POST /api/delegations/       /api/delegations/4/revoke       {}  401 404 404 404 404 404 404 200 200
POST /api/delegations/       /api/delegations/99/revoke      {}  401 404 404 404 404 404 404 404 404
GET  /api/delegations        /api/delegations                -   401 200 200 200 200 200 200 200 200
GET  /api/events/            public /api/events/feed.ics?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
POST /api/login              special
POST /api/logout             special
POST /api/link               special
GET  /                       public /
GET  /static/leaflet/        public /static/leaflet/leaflet.js
GET  /static/                public /static/login.html
GET  /api/bureaux/at         public /api/bureaux/at?lon=2.38&lat=48.87
GET  /api/bureaux/           public /api/bureaux/75056_1901
GET  /api/search             public /api/search?q=750
GET  /api/layers             public /api/layers
GET  /api/rank               public /api/rank?layer=turnout
GET  /api/rank.csv           public /api/rank.csv?layer=turnout
GET  /tiles/                 public /tiles/turnout/1/12/2074/1409.png
GET  /api/print              public /api/print?layer=turnout&area=75056&paper=a4
TABLE
)
cols="anon mem1 off1 sec1 mem2 memp fed29 fed75 admin"
fresh=0
while read -r method route path body rest; do
    [ -z "$method" ] && continue
    case "$path" in special) continue ;; public)
        a=$(req anon "$method" "$body"); m=$(req mem1 "$method" "$body"); s=$(req admin "$method" "$body")
        [ "$a" = "$m" ] && [ "$a" = "$s" ] && [ "$a" != 401 ] && [ "$a" != 403 ]
        t $? "public $method $body: same answer for anyone ($a $m $s)"; continue ;;
    esac
    [ "$body" = - ] && body=""
    bad=""
    set -- $rest
    for role in $cols; do
        want=$1; shift
        fresh=$((fresh+1)); bd=${body//@/N$fresh}
        got=$(req "$role" "$method" "$path" "$bd")
        [ "$got" = "$want" ] || bad="$bad $role:$got(want $want)"
    done
    [ -z "$bad" ]; t $? "matrix $method $path${bad:+ -$bad}"
done <<< "$matrix"

# every route of the server has a row (a new route without one fails here)
routes=$(grep -oE '^[[:space:]]*\{"[A-Z]+", "[^"]*", [01],' "$src/src/http/http_server.c" | sed -E 's/^[[:space:]]*\{"([A-Z]+)", "([^"]*)".*/\1 \2/')
[ -n "$routes" ]; t $? "route table read from the server source ($(echo "$routes" | wc -l) routes)"
missing=""
while read -r m r; do
    awk -v m="$m" -v r="$r" '$1 == m && $2 == r { f = 1 } END { exit !f }' <<< "$matrix" || missing="$missing $m:$r"
done <<< "$routes"
[ -z "$missing" ]; t $? "every server route is in the matrix${missing:+ (missing:$missing)}"

# --- the same 404 for an absent section and one out of reach: existence is not leaked
req mem1 GET /api/sections/NOPE >/dev/null; cp "$tmp/body" "$tmp/nope"
req mem1 GET /api/sections/P1 >/dev/null
cmp -s "$tmp/body" "$tmp/nope"; t $? "out of reach and absent answer byte for byte alike"

# --- member lists obey each member's choice, and each member shown is audited
# S1: sec1, off1, mem1 (officers), vissec (section), hidden (hidden)
audit() { q "SELECT count(*) FROM audit WHERE via='http' AND actor_id=(SELECT id FROM user WHERE email='$1@t.example')"; }
for spec in "mem1 mem1,vissec 1" "off1 mem1,off1,sec1,vissec 3" "sec1 hidden,mem1,off1,sec1,vissec 4" \
            "fed29 mem1,off1,sec1,vissec 4" "admin mem1,off1,sec1,vissec 4"; do
    set -- $spec
    a0=$(audit "$1")
    req "$1" GET /api/sections/S1/members >/dev/null
    got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(",".join(sorted(m["member_no"] for m in d["members"])))' "$tmp/body")
    want=$(for e in ${2//,/ }; do q "SELECT member_no FROM user WHERE email='$e@t.example'"; done | sort | paste -sd,)
    [ "$got" = "$want" ]; t $? "$1 sees in S1: $2 ($got)"
    [ $(( $(audit "$1") - a0 )) = "$3" ]; t $? "$1: $3 audit rows for the members shown"
done
req mem1 GET /api/sections/S1/members >/dev/null
! grep -q 'vissec@' "$tmp/body" && grep -q '"member_no":"2007"' "$tmp/body"; t $? "a plain member sees a visible member, not their e-mail"
req fed29 GET /api/federations/29/audit >/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["audit"] and all(r["via"] in ("http","cli") for r in d["audit"]) else 1)' "$tmp/body"
t $? "federation staff read their federation's audit"
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["audit"]))' "$tmp/body")" = \
  "$(q "SELECT count(*) FROM audit WHERE federation='29'")" ]; t $? "... all of it, and only it"

# --- visibility switch
c=(-b "coopmap_session=${tok[mem1]}" -H 'X-Requested-With: coopmap' -H 'Content-Type: application/json')
curl -s -o /dev/null "${c[@]}" --data '{"visibility":"hidden"}' "$b/api/me"
[ "$(q "SELECT visibility FROM user WHERE email='mem1@t.example'")" = hidden ]; t $? "a member hides themself"
req off1 GET /api/sections/S1/members >/dev/null
! grep -q '"2003"' "$tmp/body"; t $? "... and the treasurer no longer sees them"
[ "$(req mem1 POST /api/me '{"visibility":"everyone"}')" = 400 ]; t $? "unknown visibility: 400"

# --- CSRF
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
cs=(-b "coopmap_session=${tok[mem1]}" -H 'Content-Type: application/json' --data '{"visibility":"officers"}')
[ "$(code "${cs[@]}" "$b/api/me")" = 403 ]; t $? "POST without X-Requested-With: 403"
[ "$(code "${cs[@]}" -H 'X-Requested-With: coopmap' -H 'Origin: http://evil.example' "$b/api/me")" = 403 ]; t $? "foreign Origin: 403"
[ "$(code "${cs[@]}" -H 'X-Requested-With: coopmap' -H "Origin: $b" "$b/api/me")" = 200 ]; t $? "same Origin: 200"
[ "$(code -X POST -H 'X-Requested-With: coopmap' --data '{"email":"a@b","password":"x"}' -H 'Origin: http://evil.example' "$b/api/login")" = 403 ]
t $? "cross-origin login refused"
head -c 70000 /dev/zero | tr '\0' a > "$tmp/big"
[ "$(code -X POST -H 'X-Requested-With: coopmap' --data-binary @"$tmp/big" "$b/api/login")" = 413 ]; t $? "body over 64 KiB: 413"

# --- login, link, logout (a few real argon2id hashes)
link=$("$COOPMAP" user reset sec1@t.example | sed -n 's/.*#link=//p')
lg() { curl -s -o "$tmp/body" -D "$tmp/h" -w '%{http_code}' -X POST -H 'X-Requested-With: coopmap' -H 'Content-Type: application/json' --data "$2" "$b$1"; }
[ "$(lg /api/link "{\"token\":\"$link\",\"password\":\"short\"}")" = 400 ]; t $? "link with a short password: 400"
[ "$(lg /api/link "{\"token\":\"$link\",\"password\":\"sarah secret 2024\"}")" = 200 ]; t $? "invitation link sets the password"
grep -qi '^set-cookie: coopmap_session=[A-Za-z0-9_-]\{43\}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200' "$tmp/h"; t $? "session cookie HttpOnly, SameSite=Lax"
! grep -qi '^set-cookie:.*Secure' "$tmp/h"; t $? "no Secure flag over plain HTTP"
[ "$(lg /api/link "{\"token\":\"$link\",\"password\":\"sarah secret 2025\"}")" = 401 ]; t $? "a link works once"
[ "$(lg /api/login '{"email":"SEC1@t.example","password":"sarah secret 2024"}')" = 200 ]; t $? "login"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: coopmap_session=\([^;]*\);.*/\1/p' "$tmp/h")
[ "$(code -b "coopmap_session=$cookie" "$b/api/me")" = 200 ]; t $? "the login cookie opens /api/me"
curl -s -o /dev/null -H 'X-Forwarded-Proto: https' -D "$tmp/h2" -X POST -H 'X-Requested-With: coopmap' -b "coopmap_session=$cookie" "$b/api/logout"
grep -qi '^set-cookie: coopmap_session=;.*Max-Age=0; Secure' "$tmp/h2"; t $? "logout clears the cookie (Secure behind TLS)"
[ "$(code -b "coopmap_session=$cookie" "$b/api/me")" = 401 ]; t $? "logged out: 401"
[ "$(lg /api/login '{"email":"sec1@t.example","password":"wrong password"}')" = 401 ]; t $? "wrong password: 401"
[ "$(lg /api/login '{"email":"nobody@t.example","password":"wrong password"}')" = 401 ]; t $? "unknown account: same 401"
cmp -s "$tmp/body" <(curl -s -X POST -H 'X-Requested-With: coopmap' --data '{"email":"sec1@t.example","password":"wrong again"}' "$b/api/login"); t $? "same message for unknown account and wrong password"

# rate limits: failures are stored under hashes of the account and the address (computed here)
key() { python3 -c 'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode()+b"\0"+sys.argv[2].lower().encode(), digest_size=32).hexdigest())' "$1" "$2"; }
[ "$(q "SELECT count(*) FROM login_attempt WHERE key=X'$(key account sec1@t.example)'")" = 2 ]; t $? "two failures recorded for the account, under its hash"
! grep -aq 'sec1@t.example' "$COOPMAP_DB-wal" "$COOPMAP_DB" 2>/dev/null || [ "$(q "SELECT count(*) FROM login_attempt WHERE key LIKE '%@%'")" = 0 ]; t $? "no e-mail in login_attempt"
kc=$(key account sec1@t.example)
for i in 1 2 3; do q "INSERT INTO login_attempt VALUES (X'$kc', strftime('%s','now'))"; done
[ "$(lg /api/login '{"email":"sec1@t.example","password":"sarah secret 2024"}')" = 429 ]; t $? "5 failures on the account: 429 even with the right password"
[ "$(lg /api/login '{"email":"off1@t.example","password":"whatever password"}')" = 401 ]; t $? "another account from the same address still tried"
ka=$(key address 127.0.0.1)
for i in $(seq 20); do echo "INSERT INTO login_attempt VALUES (X'$ka', strftime('%s','now'));"; done | sqlite3 "$COOPMAP_DB"
[ "$(lg /api/login '{"email":"admin@t.example","password":"whatever password"}')" = 429 ]; t $? "20 failures from the address: 429"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-Requested-With: coopmap' -H 'X-Real-IP: 10.9.9.9' --data '{"email":"admin@t.example","password":"whatever password"}' "$b/api/login")" = 401 ]
t $? "behind the proxy, X-Real-IP names the client: another address is not limited"

# --- session expiry (idle, absolute), moving the stored times rather than the clock
[ "$(code -b "coopmap_session=${tok[mem2]}" "$b/api/me")" = 200 ]; t $? "mem2's session is live"
q "UPDATE session SET last_seen = last_seen - 7201 WHERE user_id=(SELECT id FROM user WHERE email='mem2@t.example')"
[ "$(code -b "coopmap_session=${tok[mem2]}" "$b/api/me")" = 401 ]; t $? "idle for 2 h: 401"
[ "$(q "SELECT count(*) FROM session WHERE user_id=(SELECT id FROM user WHERE email='mem2@t.example')")" = 0 ]; t $? "the expired session is deleted"
q "UPDATE session SET expires_at = strftime('%s','now') - 1 WHERE user_id=(SELECT id FROM user WHERE email='memp@t.example')"
[ "$(code -b "coopmap_session=${tok[memp]}" "$b/api/me")" = 401 ]; t $? "past the absolute expiry: 401"
"$COOPMAP" user disable fed75@t.example >/dev/null
[ "$(code -b "coopmap_session=${tok[fed75]}" "$b/api/me")" = 401 ]; t $? "disabling an account ends its sessions"
[ "$(code -b "coopmap_session=not-a-token" "$b/api/me")" = 401 ]; t $? "a malformed cookie: 401"

# --- pages: no inline script, the scripts they load exist
ok_pages=0
for p in login profile section federation; do
    [ "$(code "$b/static/$p.html")" = 200 ] && ! grep -q '<script>' "$tmp/web/$p.html" && ! grep -q ' on[a-z]*=' "$tmp/web/$p.html" \
        && grep -q 'src="/static/auth.js"' "$tmp/web/$p.html" || ok_pages=1
done
t $ok_pages "four pages served, no inline script or handler"
[ "$(code "$b/static/auth.js")" = 200 ]; t $? "auth.js served"

# --- no personal data in the logs
kill "$pid"; wait "$pid" 2>/dev/null; pid=""
leak=""
for w in $names "@t.example" ${tok[*]} "$link" "$cookie" "sarah secret"; do
    grep -qi -- "$w" "$tmp/err" "$tmp/access.log" && leak="$leak $w"
done
[ -z "$leak" ]; t $? "server logs carry no e-mail, name, password or token${leak:+ (found:$leak)}"
grep -q 'auth: login user [0-9]' "$tmp/err"; t $? "the log names users by id"
echo "1..$n"
