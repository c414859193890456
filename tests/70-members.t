#!/bin/bash
# Sections, accounts and the membership import on the command line: bad rows, dry-run diff,
# idempotency, disabling (never deleting), roles from functions, audit of reads, no secret
# stored in clear. Expected figures come from the CSV (awk) and the store (sqlite3).
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
. "$(dirname "$0")/tap.sh"
export COOPMAP_DB="$tmp/s.db"
q() { sqlite3 "$COOPMAP_DB" "$1"; }

"$COOPMAP" section add S1 "Brest centre" --federation 29 >/dev/null \
  && "$COOPMAP" section add S2 "Brest nord" --federation 29 >/dev/null \
  && "$COOPMAP" section add P1 "Paris 1er" --federation 75 >/dev/null
t $? "three sections added"
"$COOPMAP" section add S1 "again" --federation 29 >/dev/null 2>&1; t $(( $? != 2 )) "duplicate section: exit 2"
"$COOPMAP" section add S9 "x" --federation 1234 >/dev/null 2>&1; t $(( $? != 2 )) "bad federation code: exit 2"
"$COOPMAP" section set-territory S1 29019 29019_76 29019_0001 >/dev/null
t $? "set-territory"
[ "$(q "SELECT group_concat(kind||':'||code, ' ') FROM (SELECT * FROM section_area ORDER BY kind, code)")" \
  = "bureau:29019_0001 bureau:29019_0076 commune:29019" ]
t $? "territory stored canonical (bureau 76 padded to 0076)"
"$COOPMAP" section set-territory S1 29019 >/dev/null
[ "$(q "SELECT count(*) FROM section_area")" = 1 ]; t $? "set-territory replaces"
"$COOPMAP" section set-territory S1 2901 29x >/dev/null 2>&1; t $(( $? != 2 )) "bad commune code: exit 2"
"$COOPMAP" section list | grep -q "^S1 .*Brest centre"; t $? "section list shows S1"

cat > "$tmp/m.csv" <<'CSV'
Numéro d'adhérent;E-mail;Prénom;Nom;Section;Fonction
1001;ana@example.org;Ana;Le Gall;S1;Secrétaire de section
1002;bob@example.org;Bob;Kerbrat;S1;Trésorier
1003;cyd@example.org;Cyd;Morvan;S2;
1004;dee@example.org;Dee;"Quoted; name";P1;Secrétaire fédéral
1005;;Nomail;Personne;S1;
1006;eve@example.org;Eve;Nowhere;ZZ;
1007;ANA@example.org;Ana;Twice;S1;
CSV
# independent expectations: rows with an e-mail, a known section, first occurrence of the e-mail
counts=$(python3 - "$tmp/m.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8'), delimiter=';'))[1:]
seen, good = set(), 0
for r in rows:
    if r[1] and r[4] in ('S1', 'S2', 'P1') and r[1].lower() not in seen:
        good += 1
    if r[1]:
        seen.add(r[1].lower())
print(good, len(rows) - good)
PY
)
read -r good bad <<< "$counts"

out=$("$COOPMAP" members import "$tmp/m.csv" 2>&1); rc=$?
t $(( rc != 2 )) "bad rows without --partial: exit 2"
echo "$out" | grep -q "m.csv:6: no e-mail" && echo "$out" | grep -q "m.csv:7: unknown section 'ZZ'" \
  && echo "$out" | grep -q "m.csv:8: same e-mail as line 2"
t $? "bad rows listed with their line"
[ "$(q 'SELECT count(*) FROM user')" = 0 ]; t $? "... and nothing imported"

out=$("$COOPMAP" members import "$tmp/m.csv" --dry-run --partial); rc=$?
t $rc "dry run with --partial"
[ "$(echo "$out" | grep -c '^+ ')" = "$good" ]; t $? "dry run lists $good additions"
[ "$(q 'SELECT count(*) FROM user')" = 0 ]; t $? "dry run writes nothing"

out=$("$COOPMAP" members import "$tmp/m.csv" --partial); rc=$?
t $rc "import --partial"
[ "$(q 'SELECT count(*) FROM user')" = "$good" ]; t $? "$good accounts created"
[ "$(q 'SELECT count(*) FROM user WHERE pw_hash IS NULL')" = "$good" ]; t $? "new accounts have no password"
[ "$(echo "$out" | grep -c '^invite .*/static/login.html#link=')" = "$good" ]; t $? "one invitation link each"
[ "$(q "SELECT count(*) FROM user_token WHERE kind='invite' AND used_at IS NULL")" = "$good" ]; t $? "invitations stored"
echo "$out" | grep -q "$bad rejected"; t $? "report counts $bad rejected rows"
roles=$(q "SELECT group_concat(m, ' ') FROM (SELECT u.member_no||':'||r.role||':'||r.scope m FROM user_role r JOIN user u ON u.id = r.user_id ORDER BY 1)")
[ "$roles" = "1001:secretary:S1 1002:officer:S1 1004:fed_staff:75" ]; t $? "roles from functions ($roles)"
[ "$(q "SELECT count(*) FROM user WHERE visibility='officers'")" = "$good" ]; t $? "visibility defaults to officers"
tok=$(echo "$out" | sed -n 's/.*#link=//p' | head -1)
! grep -aq "$tok" "$COOPMAP_DB"* ; t $? "link token not stored in clear"

snap() { q "SELECT * FROM user; SELECT * FROM user_role; SELECT * FROM user_token"; }
before=$(snap)
out=$("$COOPMAP" members import "$tmp/m.csv" --partial); rc=$?
echo "$out" | grep -q "0 added, 0 changed, 0 disabled, $good unchanged"; t $? "second identical import: no change reported"
[ "$before" = "$(snap)" ]; t $? "second identical import: store unchanged"

# next month's file: bob left, cyd moved to S1 as treasurer, fay joined
grep -v '^100[2567];' "$tmp/m.csv" | sed 's/^1003;cyd@example.org;Cyd;Morvan;S2;$/1003;Cyd@Example.org;Cyd;Morvan;S1;trésorière/' > "$tmp/m2.csv"
echo "1008;fay@example.org;Fay;Le Bris;S2;adhérente" >> "$tmp/m2.csv"
out=$("$COOPMAP" members import "$tmp/m2.csv" --dry-run); rc=$?
t $rc "dry run of the new file"
echo "$out" | grep -q '^- 1002 disabled'; t $? "diff: 1002 disabled"
echo "$out" | grep -q '^~ 1003 section S2 -> S1; roles \[\] -> \[officer:S1\]'; t $? "diff: 1003 moved, role changed"
echo "$out" | grep -q '^+ 1008 S2 added'; t $? "diff: 1008 added"
[ "$(echo "$out" | grep -c '^[-+~] ')" = 3 ]; t $? "diff has exactly three lines"
[ "$before" = "$(snap)" ]; t $? "dry run wrote nothing"
"$COOPMAP" members import "$tmp/m2.csv" >/dev/null; t $? "import the new file"
[ "$(q "SELECT disabled FROM user WHERE member_no='1002'")" = import ]; t $? "1002 disabled, not deleted"
[ "$(q "SELECT count(*) FROM user_role r JOIN user u ON u.id=r.user_id WHERE u.member_no='1002'")" = 1 ]; t $? "disabled member keeps the role record"
[ "$(q "SELECT s.code FROM user u JOIN section s ON s.id=u.section_id WHERE member_no='1003'")" = S1 ]; t $? "1003 now in S1"
"$COOPMAP" members import "$tmp/m2.csv" | grep -q '0 added, 0 changed, 0 disabled'; t $? "idempotent again"
iconv -f UTF-8 -t ISO-8859-1 "$tmp/m2.csv" | sed 's/$/\r/' > "$tmp/m2-latin1.csv"
"$COOPMAP" members import "$tmp/m2-latin1.csv" --dry-run | grep -q '0 added, 0 changed, 0 disabled'
t $? "the same file in ISO-8859-1 with CRLF: same accounts, same roles"
"$COOPMAP" members import "$tmp/m.csv" --partial | grep -q '^~ 1002 enabled again'; t $? "a member back in the file is enabled again"

# accounts by hand
out=$("$COOPMAP" user add staff@example.org --role fed_staff --scope 29 --url https://coop.example/); rc=$?
t $rc "user add with a role"
echo "$out" | grep -q '^https://coop.example/static/login.html#link=[A-Za-z0-9_-]\{43\}$'; t $? "invitation link printed"
"$COOPMAP" user add staff@example.org >/dev/null 2>&1; t $(( $? != 2 )) "same e-mail twice: exit 2"
"$COOPMAP" user add x@example.org --role secretary --scope NOPE >/dev/null 2>&1; t $(( $? != 2 )) "role on unknown section: exit 2"
[ "$(q "SELECT count(*) FROM user WHERE email='x@example.org'")" = 0 ]; t $? "... and no half-made account"
"$COOPMAP" user reset ana@example.org | grep -q '#link='; t $? "reset prints a link"
[ "$(q "SELECT count(*) FROM user_token t JOIN user u ON u.id=t.user_id WHERE u.email='ana@example.org' AND used_at IS NULL")" = 1 ]
t $? "a new link voids the older ones"
"$COOPMAP" user disable dee@example.org >/dev/null; t $? "disable"
[ "$(q "SELECT disabled FROM user WHERE member_no='1004'")" = admin ]; t $? "disabled by admin"
"$COOPMAP" members import "$tmp/m.csv" --partial | grep -q "1004 stays disabled"; t $? "import does not re-enable an admin's decision"
a0=$(q "SELECT count(*) FROM audit")
listed=$("$COOPMAP" user list --section S1 | wc -l)
[ "$(( $(q "SELECT count(*) FROM audit WHERE via='cli' AND action='member_list'") - a0 ))" = "$listed" ] && [ "$listed" -gt 0 ]
t $? "user list writes one audit row per member shown ($listed)"
"$COOPMAP" user list --search 'gall' | grep -q 'ana@example.org'; t $? "search by name"
echo "1..$n"
