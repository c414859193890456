#!/bin/bash
# The command line itself: help, usage errors, exit codes, options from the environment.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
. "$(dirname "$0")/tap.sh"

out=$("$COOPMAP" --help); rc=$?
t $(( rc != 0 )) "--help exits 0"
echo "$out" | grep -q '^  import ' ; t $? "--help lists import"
"$COOPMAP" >/dev/null 2>&1; t $(( $? != 1 )) "no command: exit 1"
err=$("$COOPMAP" frobnicate 2>&1); rc=$?
t $(( rc != 1 )) "unknown command: exit 1"
echo "$err" | grep -q "unknown command 'frobnicate'"; t $? "unknown command named in the message"
err=$("$COOPMAP" info --db "$tmp/none.db" 2>&1); rc=$?
t $(( rc != 2 )) "info on a missing store: exit 2"
echo "$err" | grep -q "$tmp/none.db"; t $? "missing store named in the message"
[ ! -e "$tmp/none.db" ]; t $? "info does not create a store"
err=$("$COOPMAP" info --bogus 2>&1); rc=$?
t $(( rc != 1 )) "unknown option: exit 1"
echo "$err" | grep -q -- "--bogus"; t $? "unknown option named"
COOPMAP_DB="$tmp/env.db" "$COOPMAP" config | grep -q "^db *= $tmp/env.db"; t $? "COOPMAP_DB sets the store"
"$COOPMAP" config --db "$tmp/flag.db" | grep -q "^db *= $tmp/flag.db"; t $? "--db sets the store"
COOPMAP_DB="$tmp/env.db" "$COOPMAP" config --db "$tmp/flag.db" | grep -q "flag.db"; t $? "flag beats environment"
err=$(COOPMAP_PORT=x "$COOPMAP" config 2>&1); rc=$?
t $(( rc != 1 )) "bad environment value: exit 1"
echo "$err" | grep -q -- "--port"; t $? "bad value names the option"
"$COOPMAP" info --help | grep -q -- '--json'; t $? "info --help lists --json"
echo "1..$n"
