#!/bin/bash
# GET /api/print: the server's PDF for the page's "Imprimer" button, checked with poppler; the
# bureau codes expected are read from the source CSV (awk), not from coopmap.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
sub=${COOPMAP_SHARED:-}/paris/subset_19e_20e
if [ -z "${COOPMAP_SHARED:-}" ] || [ ! -d "$sub" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
for tool in curl pdfinfo pdftotext; do
    command -v $tool >/dev/null || { echo "1..0 # SKIP $tool absent"; exit 0; }
done
tmp=$(mktemp -d)
. "$(dirname "$0")/60-serve-lib.sh"
make_store 1
start_server --print-max-sheets 100
[ -n "$port" ]; t $? "server starts"

curl -s -D "$tmp/h" -o "$tmp/p.pdf" "$b/api/print?layer=potential&area=75119&paper=A3&landscape=1"
grep -q '^HTTP/1.1 200' "$tmp/h"; t $? "print 75119 is 200"
grep -qi '^content-type: application/pdf' "$tmp/h"; t $? "served as application/pdf"
grep -qi '^content-disposition: attachment; filename="coopmap-potential-75119.pdf"' "$tmp/h"
t $? "downloaded under a plain file name"
pdfinfo "$tmp/p.pdf" | grep -qE 'Page size: *1190.5[0-9] x 841.89 pts \(A3\)'; t $? "A3 landscape"
pdftotext "$tmp/p.pdf" "$tmp/p.txt"
want=$(awk -F, 'NR > 1 && substr($3, 1, 2) == "19" { print "75056_" $3 }' \
    "$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv" | sort -u)
missing=0; for c in $want; do grep -q "$c" "$tmp/p.txt" || missing=$((missing+1)); done
[ -n "$want" ] && [ "$missing" = 0 ]; t $? "every bureau of the 19th in the table ($missing missing)"
grep -q "Ministère de l'Intérieur, INSEE, Ville de Paris" "$tmp/p.txt"; t $? "source line"
other=$(awk -F, 'NR > 1 && substr($3, 1, 2) == "20" { print "75056_" $3; exit }' \
    "$sub/2017-presidentielle-1_par_bureau_large_19e20e.csv")
! grep -q "$other" "$tmp/p.txt"; t $? "no bureau of the 20th in the 19th's table"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(code "$b/api/print?layer=potential&area=99999")" = 404 ]; t $? "unknown area: 404"
[ "$(code "$b/api/print?layer=nosuch&area=75119")" = 404 ]; t $? "unknown layer: 404"
[ "$(code "$b/api/print?layer=potential&area=75119&paper=B9")" = 400 ]; t $? "unknown paper: 400"
[ "$(code "$b/api/print?layer=potential&area=all&sheets=1")" = 400 ]
t $? "sheets for more than --print-max-sheets bureaux: 400"
curl -s -o "$tmp/s.pdf" "$b/api/print?layer=potential&area=75119&sheets=1"
sheets=$(pdfinfo "$tmp/s.pdf" | awk '/^Pages:/ {print $2}')
nb=$(echo "$want" | wc -l)
[ "${sheets:-0}" -gt "$nb" ]; t $? "sheets: $sheets pages for $nb bureaux"
curl -s "$b/" | grep -q 'id="print"'; t $? "the page has the print button"
echo "1..$n"
