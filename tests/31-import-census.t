#!/bin/bash
# import census: INSEE RP (';'), epidia extracts (',', unnamed index column, weighted decimal
# counts), FILOSOFI (empty secret cells -> NULL). Expected figures from awk/python3/sqlite3.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
S=${COOPMAP_SHARED:-}
if [ -z "$S" ] || [ ! -d "$S/paris/census_iris" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
. "$(dirname "$0")/tap.sh"
db=$tmp/s.db
cm() { "$COOPMAP" "$@" --db "$db" --quiet; }
q() { sqlite3 "$db" "$1"; }
C=$S/paris/census_iris

# "iris variables" of a file: data rows, and named non-key columns whose cells are all numbers.
shape() {
    python3 - "$1" "$2" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline=''), delimiter=sys.argv[2]))
def num(s):
    try: float(s.replace(',', '.')); return True
    except ValueError: return False
h = rows[0]
cols = [i for i, name in enumerate(h) if name and name != 'IRIS'
        and all(num(r[i]) for r in rows[1:] if r[i] != '') and any(r[i] != '' for r in rows[1:])]
print(len(rows) - 1, len(cols))
PY
}
# count(DISTINCT iris) and count(DISTINCT variable) for one year
stored() { q "SELECT count(DISTINCT iris) || ' ' || count(DISTINCT variable) FROM census WHERE year = $1" ; }

# --- RP 2011, ';' ---------------------------------------------------------------------------
f=$C/RP_2011_CS8_Paris.csv
cm import census "$f" --year 2011 >/dev/null; t $? "RP 2011: exit 0"
is "$(stored 2011)" "$(shape "$f" ';')" "RP 2011: IRIS and variables"
spot=$(awk -F';' 'NR==1 { for (i = 1; i <= NF; i++) if ($i == "C11_POP15P_CS6") c = i } NR==2 { print $1, $c }' "$f")
is "$(q "SELECT iris || ' ' || CAST(value AS INTEGER) FROM census WHERE year = 2011 AND variable = 'C11_POP15P_CS6'
        AND iris = '${spot%% *}'")" "$spot" "RP 2011: spot value CS6 of the first IRIS"

# --- epidia 2016, ',', unnamed index column, decimals ------------------------------------------
f=$C/epidia_RP2016_IRIS_population_H_dep75.csv
cm import census "$f" --year 2016 >/dev/null; t $? "epidia population: exit 0"
is "$(stored 2016)" "$(shape "$f" ,)" "epidia: IRIS and variables (index, LIBCOM, TYP_IRIS left out)"
is "$(q "SELECT count(*) FROM census WHERE variable IN ('', 'LIBCOM', 'TYP_IRIS')")" 0 "no text or index column stored"
want=$(awk -F, 'NR==1 { for (i = 1; i <= NF; i++) if ($i == "P16_POP1529") c = i } NR==3 { printf "%s %.6f\n", $2, $c }' "$f")
is "$(q "SELECT iris || ' ' || printf('%.6f', value) FROM census WHERE year = 2016 AND variable = 'P16_POP1529'
        AND iris = '${want%% *}'")" "$want" "epidia: weighted decimal value kept"

# --- FILOSOFI 2018: empty secret cells are NULL, never 0 ---------------------------------------
f=$C/filosofi2018_disp_iris_dep75.csv
cm import census "$f" --year 2018 >/dev/null; t $? "FILOSOFI: exit 0"
is "$(stored 2018)" "$(shape "$f" ';')" "FILOSOFI: IRIS and variables"
empty=$(tr -d '\r' <"$f" | awk -F';' 'NR > 1 { for (i = 2; i <= NF; i++) if ($i == "") e++ } END { print e + 0 }')
is "$(q "SELECT count(*) FROM census WHERE year = 2018 AND value IS NULL")" "$empty" "NULL count = empty cells ($empty)"
zeros=$(tr -d '\r' <"$f" | awk -F';' 'NR > 1 && $2 != "" && $2 + 0 == 0 { z++ } END { print z + 0 }')
is "$(q "SELECT count(*) FROM census WHERE year = 2018 AND variable = 'DISP_TP6018' AND value = 0")" "$zeros" "no empty cell became 0"
med=$(awk -F';' 'NR == 2 { print $1, $4 }' "$f")
is "$(q "SELECT iris || ' ' || CAST(value AS INTEGER) FROM census WHERE variable = 'DISP_MED18' AND iris = '${med%% *}'")" "$med" "FILOSOFI: median income spot value"

# --- re-import replaces; another département's file adds ---------------------------------------
"$COOPMAP" info --db "$db" | grep -v import_log >"$tmp/i1"
cm import census "$f" --year 2018 >/dev/null
"$COOPMAP" info --db "$db" | grep -v import_log >"$tmp/i2"
cmp -s "$tmp/i1" "$tmp/i2"; t $? "importing the same file again gives the same info"
before=$(q "SELECT count(*) FROM census WHERE year = 2018")
g=$S/brest/census_iris/filosofi2018_disp_iris_dep29.csv
cm import census "$g" --year 2018 >/dev/null; t $? "FILOSOFI Finistère: exit 0"
rows=$(($(wc -l <"$g") - 1)); vars=$(shape "$g" ';' | cut -d' ' -f2)
is "$(q "SELECT count(*) FROM census WHERE year = 2018")" $((before + rows * vars)) "another département's file adds its IRIS"

# --- --vars ------------------------------------------------------------------------------------
cm import census "$C/epidia_RP2016_IRIS_household_H_dep75.csv" --year 2017 --vars C16_PMEN_CS5,C16_PMEN_CS6 >/dev/null
t $? "--vars: exit 0"
is "$(q "SELECT group_concat(DISTINCT variable) FROM (SELECT variable FROM census WHERE year = 2017 ORDER BY 1)")" \
   "C16_PMEN_CS5,C16_PMEN_CS6" "--vars imports only the named columns"

# --- bad inputs ---------------------------------------------------------------------------------
bad() { # name file where [flags]
    local name=$1 file=$2 where=$3; shift 3
    sqlite3 "$db" .dump >"$tmp/before"
    err=$(cm import census "$file" --year 2011 "$@" 2>&1); rc=$?
    is $rc 2 "$name: exit 2"
    echo "$err" | grep -q "$(basename "$file"):$where"; t $? "$name: message names $(basename "$file"):$where"
    sqlite3 "$db" .dump >"$tmp/after"
    cmp -s "$tmp/before" "$tmp/after"; t $? "$name: store unchanged"
}
sed '1s/^IRIS/CODE/' "$C/RP_2011_CS8_Paris.csv" >"$tmp/nokey.csv"
bad "no IRIS column" "$tmp/nokey.csv" "1: missing IRIS"
bad "unknown --vars column" "$C/RP_2011_CS8_Paris.csv" "1: no column NOPE" --vars NOPE
sed -n 1,2p "$C/RP_2011_CS8_Paris.csv" >"$tmp/ok.csv"
printf '751010102;12;x;0;0;0;0;0;0;0\n751010103;5\n' >>"$tmp/ok.csv"
out=$(cm import census "$tmp/ok.csv" --year 2012 --vars C11_POP15P,C11_POP15P_CS1 2>&1); rc=$?
is $rc 0 "a text cell in a --vars column: row rejected, import goes on"
echo "$out" | grep -q "ok.csv:3: C11_POP15P_CS1 'x' is not a number"; t $? "the row is named file:line"
echo "$out" | grep -q "ok.csv:4: 2 fields, the header has 10"; t $? "a cut row is rejected, not read as secret cells"
is "$(q "SELECT count(*) FROM census WHERE year = 2012")" 2 "only the good row is stored (2 variables)"
echo "1..$n"
