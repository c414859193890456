#!/bin/sh
# A stage includes only headers of its own or earlier stages; only src/store speaks SQL;
# only src/render draws with cairo; render never reaches the store.
set -eu
cd "$(dirname "$0")/.."
order="base store import calc render map http cli"
rank() { i=0; for s in $order; do [ "$s" = "$1" ] && { echo $i; return; }; i=$((i+1)); done; echo 99; }
fail=0
for f in src/*/*.c src/*/*.h; do
    stage=$(basename "$(dirname "$f")")
    r=$(rank "$stage")
    for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
        hdir=$(for s in $order; do [ -f "src/$s/$h" ] && echo "$s" && break; done)
        [ -n "$hdir" ] || continue
        if [ "$(rank "$hdir")" -gt "$r" ]; then
            echo "check_layers: $f includes $h from later stage $hdir" >&2; fail=1
        fi
        if [ "$stage" = render ] && [ "$hdir" = store ]; then
            echo "check_layers: $f: render must not reach the store ($h)" >&2; fail=1
        fi
    done
    if [ "$stage" != store ] && grep -qE '#include <(sqlite3|spatialite)' "$f"; then
        echo "check_layers: $f speaks SQL outside src/store" >&2; fail=1
    fi
    if [ "$stage" != render ] && grep -qE '#include <cairo' "$f"; then
        echo "check_layers: $f draws outside src/render" >&2; fail=1
    fi
done
[ $fail -eq 0 ] && echo "check_layers: ok"
exit $fail
