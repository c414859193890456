#!/bin/bash
# The Ministry's file uploaded from the results page in a real browser (headless Chromium):
# the secretary picks the file, the page shows the report, reloads the grid with the file's
# figures (checked in the store with sqlite3), lists the round-2 bureaux and the transfer rates.
. "$(dirname "$0")/lib/browser-lib.sh" # skips, $sub $chrome $src $tmp, 60-serve-lib.sh, browser_login
# Chromium refuses a file input path with ".." in it (COOPMAP_SHARED=$PWD/../shared/data)
LEG=$(realpath "$sub/2017-legislatives-1_par_bureau_large_19e20e.csv")
# round 1 without the 20e (not entered yet): the upload must bring the file's figures
awk -F, 'NR == 1 || substr($3, 1, 2) != "20"' "$LEG" >"$tmp/no20.csv"
make_store 1
cm import results "$tmp/no20.csv" --election leg2017 --round 1 --kind legislatives --date 2017-06-11
cm blocs import "$src/data/blocs.csv"
cm transfers import "$src/data/transfers.csv"
cm remob --r1 leg2017:1 --ref pres2017:1
cm section add S1 "Paris 20e" --federation 75
cm section set-territory S1 $(awk -F, 'NR > 1 && substr($3, 1, 2) == "20" { print "75056_" $3 }' "$LEG")
printf 'member_no;email;first_name;last_name;section;function\n1;sec@p.example;Ana;B;S1;secrétaire de section\n' >"$tmp/m.csv"
cm members import "$tmp/m.csv"
start_server --web-dir "$src/web"
browser_login sec@p.example
[ -n "$cookie" ]; t $? "the secretary has a session"
res=$(timeout 100 node --experimental-websocket "$src/tests/lib/upload-drive.js" "$chrome" \
    "$tmp/profile" "$b" "$cookie" leg2017:1 "$LEG" "${UPLOAD_PNG:-$tmp/upload.png}" 2>/dev/null)
echo "# $res"
j() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2]))' "$res" "$1" 2>/dev/null; }
n20=$(awk -F, 'NR > 1 && substr($3, 1, 2) == "20"' "$LEG" | wc -l)
[ "$(j rows)" = "$n20" ]; t $? "the grid lists the section's $n20 bureaux"
[ "$(j upload_visible)" = True ]; t $? "the secretary sees 'Importer le fichier du ministère'"
case "$(j report)" in *"$n20 bureau(x) enregistré(s), $(( $(wc -l <"$LEG") - 1 - n20 )) ligne(s) hors de la section, 0 ligne(s) refusée(s)"*) r=0 ;; *) r=1 ;; esac
t $r "the page shows the report: $n20 written, the 19e outside, none refused"
first=$(awk -F, 'NR > 1 && substr($3, 1, 2) == "20" { print $3 }' "$LEG" | sort | head -1)
want=$(awk -F, -v c="$first" '$3 == c { print $6 }' "$LEG")
[ "$(j first)" = "$want" ] && [ "$(j reloaded)" = True ]; t $? "the grid reloaded with the file's inscrits ($want) for 75056_$first"
is() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; echo "#   got '$1', want '$2'"; fi; }
is "$(sqlite3 "$db" "SELECT sum(inscrits) FROM result r JOIN election_round e ON e.id = r.round_id WHERE e.election = 'leg2017' AND e.round = 1 AND bureau LIKE '75056_20%'")" \
   "$(awk -F, 'NR > 1 && substr($3, 1, 2) == "20" { s += $6 } END { print s }' "$LEG")" "the store holds the file's inscrits for the 20e"
[ "$(j r2)" -gt 0 ] 2>/dev/null && [ "$(j r2)" -le "$n20" ]; t $? "the round-2 list shows $(j r2) bureaux, all of the 20e"
[ "$(j r2_print)" = "/api/print?layer=remobilisation&area=75120" ]; t $? "its Imprimer button prints the remobilisation map of the section's arrondissement (its bureaux are the 20e)"
case "$(j rates)" in Extrême\ gauche*=0,85\|Gauche*) r=0 ;; *) r=1 ;; esac
t $r "the transfer table lists the blocs with their rates"
[ "$(j rates_editable)" = True ]; t $? "... editable by the secretary"
echo "1..$n"
