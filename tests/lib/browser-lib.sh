# browser-lib.sh - sourced by the browser tests (93-entry-page.t, 94-upload-page.t), not a test:
# skips without the shared data, Chromium or node's WebSocket; sets $sub, $chrome, $src, $tmp and
# sources tests/60-serve-lib.sh; browser_login EMAIL sets $cookie to a fresh session of EMAIL.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
if [ -z "${COOPMAP_SHARED:-}" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
. "$src/tests/60-serve-lib.sh"
need_browser
export COOPMAP_DB=$db
# a session as the page gets it: a one-time link, a password, the cookie the server sets
browser_login() {
    local tk
    tk=$("$COOPMAP" user reset "$1" --url "$b" | sed -n 's/.*#link=//p')
    curl -s -H 'X-Requested-With: coopmap' -H 'Content-Type: application/json' -c "$tmp/jar" \
        -d "{\"token\":\"$tk\",\"password\":\"secret pass 2024\"}" "$b/api/link" >/dev/null
    cookie=$(awk '$6 == "coopmap_session" {print $7}' "$tmp/jar")
}
