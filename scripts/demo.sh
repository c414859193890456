#!/bin/sh
# Build the demo store from the real Paris files shipped in data/demo/.
# usage: scripts/demo.sh COOPMAP_BINARY OUT.db
# Built in a temporary file and renamed at the end: an interrupted build never leaves a
# half-made demo store behind.
set -eu
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
bin=$(abs "$1")
out=$(abs "$2")
cd "$(dirname "$0")/.."   # sources are recorded as data/demo/..., as a user would type them
d=data/demo
tmp="$out.tmp.$$"
trap 'rm -f "$tmp" "$tmp-wal" "$tmp-shm"' EXIT
cm() { "$bin" "$@" --db "$tmp" --quiet; }

echo "demo: importing Paris contours, results and census into $out" >&2
cm import bureaux "$d/paris_bv_2017_l93.shp" --year 2017 >/dev/null
cm import iris "$d/paris_iris_2013.shp" --year 2013 >/dev/null
r() { cm import results "$d/2017-$1_par_bureau_large_dep75.csv" --election "$2" --round "$3" \
        --kind "$4" --date "$5" --label "$6" >/dev/null; }
r presidentielle-1 pres2017 1 presidentielle 2017-04-23 "Présidentielle 2017"
r presidentielle-2 pres2017 2 presidentielle 2017-04-23 "Présidentielle 2017"
r legislatives-1 leg2017 1 legislatives 2017-06-11 "Législatives 2017"
r legislatives-2 leg2017 2 legislatives 2017-06-11 "Législatives 2017"
cm import census "$d/RP_2011_CS8_Paris.csv" --year 2011 >/dev/null
for f in population household housing; do
    cm import census "$d/epidia_RP2016_IRIS_${f}_H_dep75.csv" --year 2016 >/dev/null
done
cm import census "$d/filosofi2018_disp_iris_dep75.csv" --year 2018 >/dev/null
# potential against the presidential round 1; volatility from it to the legislative round 1
cm compute --blocs data/blocs.csv --ref pres2017:1 --from pres2017:1 --to leg2017:1 >/dev/null
# between the legislative rounds: where to remobilise for round 2, against the presidential
cm remob --r1 leg2017:1 --ref pres2017:1 >/dev/null
# a section to try the section's pages with: fictional members (example.org addresses), its
# two best bureaux for turnout-driven door to door, two actions in the coming days
cm section add P20 "Paris 20e (démo)" --federation 75 >/dev/null
cm section set-territory P20 75120 >/dev/null   # the 20e arrondissement: its 76 bureaux
cat >"$tmp.members.csv" <<'CSV'
member_no;email;first_name;last_name;section;function
9001;secretaire.demo@example.org;Camille;Démo;P20;secrétaire de section
9002;militant.demo@example.org;Sacha;Exemple;P20;
9003;militante.demo@example.org;Noa;Essai;P20;
CSV
cm members import "$tmp.members.csv" >/dev/null
rm -f "$tmp.members.csv"
best=$(cm rank --layer potential --area 75120 --limit 2 --format csv | awk -F, 'NR > 1 { print $2 }')
first=$(echo "$best" | head -1)
day() { date -d "+$1 days" +%Y-%m-%d; }
cm events add --section P20 --kind porte-a-porte --title "Porte-à-porte, bureau ${first#*_}" \
    --bureau "$first" --address "Devant l'école" --start "$(day 3)T10:00" --end "$(day 3)T12:00" \
    --min 4 --target 8 --targets "$(echo $best | tr ' ' ',')" >/dev/null
cm events add --section P20 --kind marche --title "Marché de Belleville" --lon 2.3795 --lat 48.8693 \
    --address "Boulevard de Belleville" --start "$(day 5)T08:30" --end "$(day 5)T11:00" \
    --min 2 --target 4 >/dev/null
"$bin" info --db "$tmp" >/dev/null   # the store must open read-only before it is published
# the last connection has checkpointed and removed the WAL; move it along if it has not
for ext in -wal -shm; do [ -e "$tmp$ext" ] && mv "$tmp$ext" "$out$ext"; done
mv "$tmp" "$out"
trap - EXIT
