# tests/tap.sh - sourced by the shell tests: a temporary directory removed on exit, and TAP
# helpers. t STATUS NAME: ok when STATUS is 0; is GOT WANT NAME; skip REASON.
# Each test prints the plan itself at the end: echo "1..$n".
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
t() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() {
    n=$((n+1))
    if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi
}
skip() { n=$((n+1)); echo "ok $n # SKIP $1"; }
