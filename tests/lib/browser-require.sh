# browser-require.sh - sourced by the browser tests (93, 97), not a test itself: the Paris
# subset, Debian's chromium, a node with WebSocket and curl, or "1..0 # SKIP why" and exit.
# Sets $sub (the subset directory), $chrome and $src (the repository root).
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
if [ -z "${COOPMAP_SHARED:-}" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
chrome=$(command -v chromium || true)
[ -n "$chrome" ] || { echo "1..0 # SKIP chromium is not installed"; exit 0; }
node --experimental-websocket -e 'if (typeof WebSocket !== "function") process.exit(1)' 2>/dev/null \
    || { echo "1..0 # SKIP node with WebSocket is not installed"; exit 0; }
command -v curl >/dev/null || { echo "1..0 # SKIP curl absent"; exit 0; }
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
