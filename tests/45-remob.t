#!/bin/bash
# Remobilisation between the rounds: Paris 2017, round 1 of the legislative election against
# the presidential round 1, every value of the four layers against python3 from the raw CSVs;
# transfer-table errors; a bureau missing from round 1; update after one bureau is saved;
# finalists from round 2. Expected figures come from python3, never from coopmap.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
S=${COOPMAP_SHARED:-}
if [ -z "$S" ] || [ ! -d "$S/paris/results_2017" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/tap.sh"
db=$tmp/s.db
cm() { "$COOPMAP" "$@" --db "$db" --quiet; }
P=$S/paris/results_2017
DATA=$here/../data
res() { cm import results "$1" --election "$2" --round "$3" --kind "$4" --date "$5" >/dev/null; }
# "code gap reserve voters doors" lines, all bureaux of the layers, full precision ("" = no data)
layers() {
    for l in remob_gap remob_reserve remob_voters remob_doors; do
        cm rank --layer $l --format csv | awk -F, -v c=$l 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
            { print $2, ($k == "" ? "nan" : $k) }' | sort >"$tmp/$l.col"
    done
    join "$tmp/remob_gap.col" "$tmp/remob_reserve.col" | join - "$tmp/remob_voters.col" | join - "$tmp/remob_doors.col"
}
version() { cm layers --json | python3 -c "import json,sys; print([l['version'] for l in json.load(sys.stdin) if l['name'] == '$1'][0])"; }
# compare two "code g r v d" files: "<codes in both> <differing beyond 1e-9 relative>"
compare() {
    join "$1" "$2" | awk 'function bad(a, b) { if (a == "nan" || b == "nan") return a != b;
            d = a > b ? a - b : b - a; return d > 1e-9 * (a > 0 ? a : -a) + 1e-9 }
        { n++; if (bad($2, $6) || bad($3, $7) || bad($4, $8) || bad($5, $9)) { k++; if (k < 4) print "# " $0 > "/dev/stderr" } }
        END { print n + 0, k + 0 }'
}

# Independent computation. Finalists per constituency: nuances with votes in round 2 when the
# round-2 file is given and has the constituency, else the two nuances with most round-1 votes.
cat >"$tmp/remob.py" <<'PY'
import csv, math, sys, collections
ref_f, r1_f, r2_f, blocs_f, rates_f = sys.argv[1:6]
camp = {'far_left', 'left', 'ecologist'}
meta = {'departement', 'commune', 'bureau', 'circonscription', 'commune_libelle', 'inscrits',
        'votants', 'blancs', 'exprimes'}
nuance_bloc, cand_bloc, rate = {}, {}, {}
for line in open(blocs_f, encoding='utf-8'):
    f = line.strip().split(',')
    if len(f) >= 3 and f[0] in ('nuance', 'candidate'):
        (nuance_bloc if f[0] == 'nuance' else cand_bloc)[f[1]] = f[2]
for line in open(rates_f, encoding='utf-8'):
    f = line.strip().split(',')
    if len(f) >= 2 and not line.startswith(('#', 'bloc,')):
        rate[f[0]] = float(f[1])
def rows(path):
    return list(csv.DictReader(open(path, encoding='utf-8'))) if path != '-' else []
def votes(r):
    return {k: int(v) for k, v in r.items() if k not in meta and v not in ('', None)}
ref = {}
for r in rows(ref_f):
    C = sum(v for k, v in votes(r).items() if cand_bloc.get(k) in camp)
    ref['75056_' + r['bureau']] = (int(r['inscrits']), int(r['votants']), int(r['exprimes']), C)
r1 = rows(r1_f)
tot1, tot2 = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
for r in r1:
    tot1[r['circonscription']].update(votes(r))
for r in rows(r2_f):
    tot2[r['circonscription']].update(votes(r))
fin = {}
for c, t in tot1.items():
    if sum(tot2[c].values()) > 0:
        fin[c] = {k for k, v in tot2[c].items() if v > 0}
    else:
        fin[c] = {k for k, _ in sorted(((k, v) for k, v in t.items() if v > 0), key=lambda kv: -kv[1])[:2]}
out = {}
for r in r1:
    code, c = '75056_' + r['bureau'], r['circonscription']
    if not any(nuance_bloc.get(k) in camp for k in fin[c]):
        out[code] = None
        continue
    R, V = int(r['inscrits']), int(r['votants'])
    res = sum(v * rate[nuance_bloc.get(k, 'other')] for k, v in votes(r).items() if k not in fin[c])
    g = math.nan
    if code in ref and R > 0 and ref[code][0] > 0 and ref[code][2] > 0:
        Rr, Vr, Er, Cr = ref[code]
        g = R * max(0.0, Vr / Rr - V / R) * (Cr / Er)
    out[code] = (g, res)
for code in sorted(set(out) | set(ref)):
    v = out.get(code)
    if v is None:
        print(code, 'nan', 'nan', 'nan', 'nan')
    else:
        g, r = v
        f = lambda x: 'nan' if math.isnan(x) else repr(x)
        print(code, f(g), f(r), f(g + r), f(math.nan if math.isnan(g) else (g + r) / 1.4))
PY
want() { python3 "$tmp/remob.py" "$P/2017-presidentielle-1_par_bureau_large_dep75.csv" "$1" "$2" "$DATA/blocs.csv" "$DATA/transfers.csv" | sort; }

# transfer table: the default file, then bad files (exit 2, file:line)
cm transfers import "$DATA/transfers.csv" >/dev/null; t $? "transfers import data/transfers.csv"
is "$(cm transfers list | wc -l)" 7 "transfers list: one rate per bloc"
cm transfers list | grep -q '^left  *0\.8500'; t $? "left bloc rate 0.85 as in the file"
grep -q '^# Source:' "$DATA/transfers.csv"; t $? "data/transfers.csv states the source of its figures"
printf 'bloc,rate\nfar_left,0.8\nleft,0.8\ngreens,0.7\n' >"$tmp/bad1.csv"
err=$(cm transfers import "$tmp/bad1.csv" 2>&1); is "$?" 2 "unknown bloc: exit 2"
echo "$err" | grep -q "bad1.csv:4: unknown bloc 'greens'"; t $? "unknown bloc named with file:line"
sed 's/^centre,0.25/centre,1.5/' "$DATA/transfers.csv" >"$tmp/bad2.csv"
line=$(grep -n '^centre,' "$tmp/bad2.csv" | cut -d: -f1)
err=$(cm transfers import "$tmp/bad2.csv" 2>&1); is "$?" 2 "rate 1.5: exit 2"
echo "$err" | grep -q "bad2.csv:$line: rate '1.5' of bloc centre is not a number in 0..1"; t $? "rate outside 0..1 named with file:line"
sed 's/^right,0.10/right,-0.1/' "$DATA/transfers.csv" >"$tmp/bad3.csv"
cm transfers import "$tmp/bad3.csv" >/dev/null 2>&1; is "$?" 2 "negative rate: exit 2"
grep -v '^other,' "$DATA/transfers.csv" >"$tmp/bad4.csv"
err=$(cm transfers import "$tmp/bad4.csv" 2>&1); is "$?" 2 "a bloc without a rate: exit 2"
echo "$err" | grep -q "no rate for bloc other"; t $? "missing bloc named"
is "$(cm transfers list | grep -c '^left  *0\.8500')" 1 "failed imports left the table unchanged"

cm remob --bureaux 75056_0101 >/dev/null 2>&1; is "$?" 2 "update before any full compute: exit 2"
cm blocs import "$DATA/blocs.csv" >/dev/null
res "$P/2017-presidentielle-1_par_bureau_large_dep75.csv" pres2017 1 presidentielle 2017-04-23
res "$P/2017-legislatives-1_par_bureau_large_dep75.csv" leg2017 1 legislatives 2017-06-11
cm remob >/dev/null 2>&1; is "$?" 1 "remob without --r1 or --bureaux: exit 1"
cm remob --r1 leg2017:2 >/dev/null 2>&1; is "$?" 1 "--r1 must be a round 1"
out=$(cm remob --r1 leg2017:1 --ref pres2017:1); t $? "remob --r1 leg2017:1 --ref pres2017:1"
echo "$out" | grep -q '896 bureaux, .* 18 areas, 9 with a finalist of our camp, 0 with finalists from round 2'
t $? "18 constituencies, 9 with a finalist of our camp (top two of round 1)"

want "$P/2017-legislatives-1_par_bureau_large_dep75.csv" - >"$tmp/want"
layers >"$tmp/got"
is "$(compare "$tmp/want" "$tmp/got")" "896 0" "gap, reserve, voters, doors equal python's on all 896 bureaux (1e-9)"
is "$(awk '$4 != "nan"' "$tmp/got" | wc -l)" "$(awk '$4 != "nan"' "$tmp/want" | wc -l)" "same bureaux with a value as python"
is "$(awk '$4 == "nan"' "$tmp/got" | wc -l)" "$(awk '$4 == "nan"' "$tmp/want" | wc -l)" "same bureaux without data as python"
awk '$3 != "nan" && $3 > 0' "$tmp/got" | grep -q .; t $? "some reserves are positive"
cm layers | grep -A1 '^remob_voters' | grep -q 'leg2017, tour 1 contre pres2017, tour 1'; t $? "layer names its reference elections"
cm layers | grep -A1 '^remob_reserve' | grep -q 'taux de report au tour 2 de leur bloc (far_left 0.85'; t $? "reserve formula states the rates"

# a bureau missing from round 1 (not entered yet) gets no data, not 0
grep -v '^75,056,1817,' "$P/2017-legislatives-1_par_bureau_large_dep75.csv" >"$tmp/leg1-partial.csv"
res "$tmp/leg1-partial.csv" leg2017 1 legislatives 2017-06-11
cm remob --r1 leg2017:1 --ref pres2017:1 >/dev/null; t $? "remob on a partial round 1"
layers >"$tmp/got"
is "$(awk '$1 == "75056_1817" { print $2, $3, $4, $5 }' "$tmp/got")" "nan nan nan nan" "bureau 1817 missing from round 1: no data in the four layers"
want "$tmp/leg1-partial.csv" - >"$tmp/want"
is "$(compare "$tmp/want" "$tmp/got")" "896 0" "partial round 1: every other bureau still equals python"

# update after saving one bureau: full compute, change bureau 1817's round 1, update it alone
res "$P/2017-legislatives-1_par_bureau_large_dep75.csv" leg2017 1 legislatives 2017-06-11
cm remob --r1 leg2017:1 --ref pres2017:1 >/dev/null
layers >"$tmp/before"; v0=$(version remob_voters)
# 1817: 60 fewer voters, taken from the ECO column (eliminated: the 18th is LR vs SOC)
awk -F, -v OFS=, '$3 == "1817" { for (i = 1; i <= NF; i++) if (h[i] == "ECO") fn = i; $7 -= 60; $9 -= 60; $fn -= 60 }
    NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i } 1' "$P/2017-legislatives-1_par_bureau_large_dep75.csv" >"$tmp/leg1-mod.csv"
res "$tmp/leg1-mod.csv" leg2017 1 legislatives 2017-06-11
out=$(cm remob --bureaux 75056_1817); t $? "remob --bureaux 75056_1817"
layers >"$tmp/after"; v1=$(version remob_voters)
t $([ "$v1" != "$v0" ]; echo $?) "the update changed the version of remob_voters"
is "$(diff "$tmp/before" "$tmp/after" | grep '^>' | cut -d' ' -f2 | tr '\n' ' ')" "75056_1817 " "only bureau 1817's values changed"
want "$tmp/leg1-mod.csv" - >"$tmp/want"
is "$(compare "$tmp/want" "$tmp/after")" "896 0" "after the update every bureau equals python on the changed file"
echo "$out" | grep -q 'updated [0-9]* bureaux (given and same areas), 1 changed'; t $? "update reports one bureau changed"
cm remob --r1 leg2017:1 --ref pres2017:1 >/dev/null
is "$(version remob_voters)" "$v1" "a full recompute gives the version the update gave"
cm remob --bureaux 75056_1817 >/dev/null
is "$(version remob_voters)" "$v1" "updating again with no change keeps the version"

# finalists from round 2 where the store has it (constituency 1 is absent from the file)
res "$P/2017-legislatives-2_par_bureau_large_dep75.csv" leg2017 2 legislatives 2017-06-11
out=$(cm remob --r1 leg2017:1 --ref pres2017:1); t $? "remob with round 2 in the store"
echo "$out" | grep -q '17 with finalists from round 2'; t $? "17 constituencies take their finalists from round 2"
want "$tmp/leg1-mod.csv" "$P/2017-legislatives-2_par_bureau_large_dep75.csv" >"$tmp/want"
layers >"$tmp/got"
is "$(compare "$tmp/want" "$tmp/got")" "896 0" "finalists from round 2: equal python's on all 896 bureaux"

# a presidential round 1 whose finalists are not of our camp is refused
err=$(cm remob --r1 pres2017:1 --ref leg2017:1 2>&1); is "$?" 2 "presidential 2017 (Macron, Le Pen): exit 2"
echo "$err" | grep -q 'no candidate of our camp .* is a finalist'; t $? "refusal says why"
# transfer rates change the version
v2=$(version remob_reserve)
sed 's/^centre,0.25/centre,0.5/' "$DATA/transfers.csv" >"$tmp/tr.csv"
cm transfers import "$tmp/tr.csv" >/dev/null && cm remob --r1 leg2017:1 --ref pres2017:1 >/dev/null
t $([ "$(version remob_reserve)" != "$v2" ]; echo $?) "new transfer rates: new version of remob_reserve"
echo "1..$n"
