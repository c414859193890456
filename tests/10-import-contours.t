#!/bin/bash
# import bureaux / import iris on the real files of shared/data: counts and codes checked
# against ogrinfo and python3 (stdlib json), geometry against ogr2ogr's own reprojection,
# repair and gathering on a hand-made file, malformed inputs, idempotency, kill -9.
set -u
: "${COOPMAP:?COOPMAP must point to the coopmap binary}"
S=${COOPMAP_SHARED:-../shared/data}
if [ ! -d "$S/paris" ]; then echo "1..0 # SKIP shared data absent"; exit 0; fi
for tool in ogrinfo ogr2ogr sqlite3 python3; do
    command -v $tool >/dev/null || { echo "1..0 # SKIP $tool absent"; exit 0; }
done
. "$(dirname "$0")/tap.sh"
cm() { "$COOPMAP" "$@" --quiet; }
sq() { sqlite3 -batch "$@"; }
spatial() { sqlite3 -batch -cmd "SELECT load_extension('mod_spatialite');" "$@" | tail -n +2; }

PSHP=$S/paris/bv_contours_2017/paris_bv_2017_l93.shp
PGJ=$S/paris/bv_contours_2017/secteurs-des-bureaux-de-vote.geojson
BSHP=$S/brest/bv_contours/brest_metropole_bv_l93.shp
BGJ=$S/brest/bv_contours/BureauxVoteBrest.geojson
AIN=$S/etalab_contours_sample/exemple_etalab_contours_v2_ain.geojson
IRIS=$S/paris/iris_contours_2013/paris_iris_2013.shp
db=$tmp/a.db

# ogrinfo attribute values of one field, one per line
field() { ogrinfo -q -al -geom=NO "$1" | sed -n "s/^  $2 ([A-Za-z]*) = //p"; }

# --- Paris 2017 shapefile: 896 bureaux, codes = code_com + '_' + code_bv ---
out=$(cm import bureaux "$PSHP" --db "$db" --year 2017); rc=$?
is "$rc" 0 "Paris 2017 shapefile imports"
paste -d_ <(field "$PSHP" code_com) <(field "$PSHP" code_bv) | sort -u > "$tmp/paris.want"
is "$(wc -l < "$tmp/paris.want")" 896 "ogrinfo: 896 distinct code_com+code_bv"
sq "$db" "SELECT code FROM bureau ORDER BY code" > "$tmp/paris.got"
is "$(wc -l < "$tmp/paris.got")" 896 "896 bureaux in the store"
cmp -s "$tmp/paris.want" "$tmp/paris.got"; t $? "bureau codes equal ogrinfo's code_com_code_bv"
echo "$out" | grep -q "896 read, 896 imported, 0 repaired, 0 rejected"; t $? "report counts"
is "$(sq "$db" "SELECT count(*) FROM bureau WHERE year = 2017 AND set_id = 1")" 896 "--year and set"
is "$(sq "$db" "SELECT communes || ' ' || n_features || ' ' || n_areas FROM contour_set")" \
   "75056 896 896" "contour set: communes and counts"
is "$(sq "$db" "SELECT code || ' ' || dep FROM commune")" "75056 75" "commune row with its département"

# every geometry: valid, indexed, and where ogr2ogr puts it (centroids to 1e-7 degree)
ogr2ogr -f SQLite -dsco SPATIALITE=YES -t_srs EPSG:4326 -nln ref "$tmp/ref.sqlite" "$PSHP"
is "$(spatial "$db" "SELECT count(*) FROM bureau WHERE ST_IsValid(geom) = 1
      AND GeometryType(geom) = 'MULTIPOLYGON' AND ST_Srid(geom) = 4326")" 896 \
   "896 valid EPSG:4326 MultiPolygons"
d=$(spatial "$db" "ATTACH '$tmp/ref.sqlite' AS r;
      SELECT count(*) || ' ' || (max(max(abs(X(Centroid(b.geom)) - X(Centroid(p.GEOMETRY)))),
                   max(abs(Y(Centroid(b.geom)) - Y(Centroid(p.GEOMETRY))))) < 1e-7)
      FROM bureau b JOIN r.ref p ON b.code = p.code_com || '_' || p.code_bv")
is "$d" "896 1" "every centroid within 1e-7 degree of ogr2ogr -t_srs EPSG:4326"
is "$(spatial "$db" "SELECT count(*) FROM bureau b JOIN idx_bureau_geom i ON i.pkid = b.id
      WHERE i.xmin <= MbrMinX(b.geom) AND i.xmax >= MbrMaxX(b.geom)
        AND i.ymin <= MbrMinY(b.geom) AND i.ymax >= MbrMaxY(b.geom)")" 896 \
   "spatial index holds every bureau's box"
is "$(spatial "$db" "SELECT code FROM bureau WHERE ST_Contains(geom, MakePoint(2.379748, 48.880226, 4326))
      AND id IN (SELECT rowid FROM SpatialIndex WHERE f_table_name = 'bureau'
                 AND search_frame = MakePoint(2.379748, 48.880226, 4326))")" "75056_1905" \
   "SpatialIndex finds the bureau at the portal's geo_point_2d of 19-5"
is "$(sq "$db" "SELECT rtreecheck('idx_bureau_geom')")" ok "rtreecheck: the bulk-built R*Tree is sound"
is "$(sq "$db" "SELECT group_concat(substr(name, 1, 3), ' ') FROM (SELECT name FROM sqlite_master
      WHERE type = 'trigger' AND tbl_name = 'bureau' ORDER BY name)")" \
   "ggi ggu gid gii giu tmd tmi tmu" "SpatiaLite's eight triggers restored after the bulk load"
ogrinfo -ro -q "$db" 2>/dev/null | grep -q "bureau (Multi Polygon)"; t $? "ogrinfo lists the bureau layer"

# --- idempotency: the same file twice gives the same info (the import log grows by design) ---
"$COOPMAP" info --db "$db" | grep -v import_log > "$tmp/info1"
cm import bureaux "$PSHP" --db "$db" --year 2017 >/dev/null; rc=$?
"$COOPMAP" info --db "$db" | grep -v import_log > "$tmp/info2"
is "$rc" 0 "second import of the same file"
cmp -s "$tmp/info1" "$tmp/info2"; t $? "info identical after importing twice"
is "$(sq "$db" "SELECT count(*) FROM import_log WHERE kind = 'bureaux'")" 2 "one import_log row per import"

# --- Paris portal GeoJSON: arrondissement + num_bv -> the same 896 codes, replacing the set ---
python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["features"]:
    p = f["properties"]; print("75056_%04d" % (p["arrondissement"] * 100 + p["num_bv"]))
' "$PGJ" | sort -u > "$tmp/portal.want"
cm import bureaux "$PGJ" --db "$db" >/dev/null; rc=$?
is "$rc" 0 "Paris portal GeoJSON imports"
sq "$db" "SELECT code FROM bureau ORDER BY code" > "$tmp/portal.got"
cmp -s "$tmp/portal.want" "$tmp/portal.got"; t $? "portal codes (python json) equal the store's"
cmp -s "$tmp/paris.want" "$tmp/portal.got"; t $? "portal and shapefile give the same 896 codes"
is "$(sq "$db" "SELECT count(*) || ' ' || group_concat(source) FROM contour_set")" "1 $PGJ" \
   "the portal set replaced the shapefile's (same commune)"

# --- Brest: shapefile (code_com + code_bv) and GeoJSON (DEPCO + BVOTE) ---
bdb=$tmp/b.db
cm import bureaux "$BSHP" --db "$bdb" >/dev/null; rc=$?
is "$rc" 0 "Brest shapefile imports"
field "$BSHP" id_bv | sort -u > "$tmp/brest.want"
nf=$(ogrinfo -so -al "$BSHP" | sed -n 's/^Feature Count: //p')
is "$(sq "$bdb" "SELECT n_features FROM contour_set")" "$nf" "all $nf features read"
is "$(sq "$bdb" "SELECT count(*) FROM bureau")" "$(wc -l < "$tmp/brest.want")" \
   "one bureau per distinct id_bv ($(wc -l < "$tmp/brest.want"))"
is "$(sq "$bdb" "SELECT count(*) FROM bureau WHERE commune = '29019'")" \
   "$(grep -c '^29019_' "$tmp/brest.want")" "bureaux of the city of Brest (29019)"
python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["features"]:
    p = f["properties"]; print("%s_%04d" % (p["DEPCO"], p["BVOTE"]))
' "$BGJ" | sort -u > "$tmp/brestgj.want"
bdb2=$tmp/b2.db
cm import bureaux "$BGJ" --db "$bdb2" >/dev/null; rc=$?
is "$rc" 0 "Brest GeoJSON (DEPCO + BVOTE) imports"
sq "$bdb2" "SELECT code FROM bureau ORDER BY code" > "$tmp/brestgj.got"
cmp -s "$tmp/brestgj.want" "$tmp/brestgj.got"; t $? "DEPCO+BVOTE codes (python json) equal the store's"
cmp -s "$tmp/brest.want" "$tmp/brestgj.got"; t $? "Brest GeoJSON and shapefile agree"

# the PROJ path (any CRS): Brest in Web Mercator lands where the Lambert-93 inverse puts it
ogr2ogr -t_srs EPSG:3857 "$tmp/brest3857.shp" "$BSHP"
cm import bureaux "$tmp/brest3857.shp" --db "$tmp/b3.db" >/dev/null; rc=$?
is "$rc" 0 "EPSG:3857 shapefile imports"
is "$(spatial "$tmp/b3.db" "ATTACH '$bdb' AS l; SELECT count(*) || ' ' ||
      (max(abs(X(Centroid(a.geom)) - X(Centroid(b.geom))) + abs(Y(Centroid(a.geom)) - Y(Centroid(b.geom)))) < 1e-7)
      FROM bureau a JOIN l.bureau b USING (code)")" "$(wc -l < "$tmp/brest.want") 1" \
   "EPSG:3857 via PROJ and Lambert-93 direct agree to 1e-7 degree"

# --- Etalab sample: codeBureauVote ---
python3 -c '
import json, sys
print(len({f["properties"]["codeBureauVote"] for f in json.load(open(sys.argv[1]))["features"]}))
' "$AIN" > "$tmp/ain.want"
cm import bureaux "$AIN" --db "$tmp/ain.db" >/dev/null; rc=$?
is "$rc" 0 "Etalab sample imports"
is "$(sq "$tmp/ain.db" "SELECT count(*) FROM bureau")" "$(cat "$tmp/ain.want")" "Etalab sample: 7 bureaux"
is "$(sq "$tmp/ain.db" "SELECT circo FROM bureau WHERE code = '01001_0001'")" "0104" \
   "circonscription kept"
python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["features"]:
    p = f["properties"]; print(p["codeCommune"] + "|" + p["nomCommune"] + "|" + p["codeDepartement"])
' "$AIN" | sort -u > "$tmp/ain.communes"
sq "$tmp/ain.db" "SELECT code, name, dep FROM commune ORDER BY code" > "$tmp/ain.communes.got"
cmp -s "$tmp/ain.communes" "$tmp/ain.communes.got"; t $? "commune rows: code, nomCommune, département"

# --- IRIS 2013: 992 IRIS, codes = DCOMIRIS ---
field "$IRIS" DCOMIRIS | sort -u > "$tmp/iris.want"
cm import iris "$IRIS" --db "$db" --year 2013 >/dev/null; rc=$?
is "$rc" 0 "Paris IRIS 2013 imports"
sq "$db" "SELECT code FROM iris ORDER BY code" > "$tmp/iris.got"
is "$(wc -l < "$tmp/iris.got")" 992 "992 IRIS"
cmp -s "$tmp/iris.want" "$tmp/iris.got"; t $? "IRIS codes equal ogrinfo's DCOMIRIS"
is "$(spatial "$db" "SELECT count(*) FROM iris WHERE ST_IsValid(geom) = 1")" 992 "992 valid IRIS geometries"
is "$(sq "$db" "SELECT rtreecheck('idx_iris_geom')")" ok "rtreecheck on the IRIS index"
is "$(sq "$db" "SELECT count(DISTINCT commune) || ' ' || count(DISTINCT typ) FROM iris")" \
   "$(field "$IRIS" DEPCOM | sort -u | wc -l) $(field "$IRIS" TYP_IRIS | sort -u | wc -l)" \
   "IRIS communes (DEPCOM arrondissements) and TYP_IRIS kept"
ogrinfo -ro -q "$db" 2>/dev/null | grep -q "iris (Multi Polygon)"; t $? "ogrinfo lists the iris layer"

# --- repair, gathering, rejection: a hand-made GeoJSON ---
python3 - "$tmp/hand.geojson" <<'EOF'
import json, sys
def poly(*rings): return {"type": "Polygon", "coordinates": [list(r) for r in rings]}
sq = lambda x, y, s=0.01: [(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
feats = [
    ("29019_0001", poly(sq(-4.50, 48.40))),            # three parts of one bureau:
    ("29019_0001", poly(sq(-4.49, 48.40))),            #   two sharing an edge (merged)
    ("29019_0001", poly(sq(-4.40, 48.40))),            #   and one apart
    ("29019_0002", poly([(-4.3, 48.3), (-4.29, 48.31), (-4.29, 48.3), (-4.3, 48.31), (-4.3, 48.3)])),  # bow tie
    ("29019_0003", {"type": "LineString", "coordinates": [(-4.2, 48.2), (-4.1, 48.1)]}),
    ("29019_0004", poly(sq(-4.20, 48.40))),
    ("", poly(sq(-4.10, 48.40))),                       # no code
]
json.dump({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"code_com": "29019", "code_bv": c[6:] if c else ""},
     "geometry": g} for c, g in feats]}, open(sys.argv[1], "w"))
EOF
out=$(cm import bureaux "$tmp/hand.geojson" --db "$tmp/h.db" --report "$tmp/hand.report"); rc=$?
is "$rc" 0 "hand-made file imports despite bad features"
echo "$out" | grep -q "7 read, 5 imported, 1 repaired, 2 rejected"; t $? "report: 7 read, 5 imported, 1 repaired, 2 rejected"
is "$(sq "$tmp/h.db" "SELECT group_concat(code, ' ') FROM (SELECT code FROM bureau ORDER BY code)")" \
   "29019_0001 29019_0002 29019_0004" "three bureaux kept"
is "$(spatial "$tmp/h.db" "SELECT NumGeometries(geom) || ' ' || round(ST_Area(geom) * 1e4, 6)
      || ' ' || ST_IsValid(geom) FROM bureau WHERE code = '29019_0001'")" "2 3.0 1" \
   "3 features of one code: one valid MultiPolygon, adjacent parts merged, area kept"
is "$(spatial "$tmp/h.db" "SELECT ST_IsValid(geom) || ' ' || NumGeometries(geom) FROM bureau
      WHERE code = '29019_0002'")" "1 2" "bow tie repaired into two triangles"
grep -q "hand.geojson:feature 4: 29019_0003 is a LINESTRING, not a polygon" "$tmp/hand.report"
t $? "--report names the file and the non-polygon feature"
grep -q "hand.geojson:feature 6: empty bureau code" "$tmp/hand.report"; t $? "--report: feature without code"

# --- TopoJSON (OGR gives it no CRS: --s-srs needed) ---
python3 - "$tmp/t.topojson" <<'EOF'
import json, sys
g = lambda arcs, c: {"type": "Polygon", "arcs": arcs, "properties": {"codeBureauVote": c}}
json.dump({"type": "Topology",
           "objects": {"bv": {"type": "GeometryCollection",
                              "geometries": [g([[0, 1]], "29019_0001"), g([[-1, 2]], "29019_0002")]}},
           "arcs": [[[-4.49, 48.40], [-4.49, 48.41]],
                    [[-4.49, 48.41], [-4.50, 48.41], [-4.50, 48.40], [-4.49, 48.40]],
                    [[-4.49, 48.40], [-4.48, 48.40], [-4.48, 48.41], [-4.49, 48.41]]]},
          open(sys.argv[1], "w"))
EOF
"$COOPMAP" import bureaux "$tmp/t.topojson" --db "$tmp/tj.db" --quiet >/dev/null 2>&1; rc=$?
is "$rc" 2 "TopoJSON without --s-srs: exit 2"
cm import bureaux "$tmp/t.topojson" --s-srs EPSG:4326 --db "$tmp/tj.db" >/dev/null; rc=$?
is "$rc.$(spatial "$tmp/tj.db" "SELECT group_concat(code || ':' || round(ST_Area(geom) * 1e4, 6), ' ')
      FROM (SELECT * FROM bureau ORDER BY code)")" "0.29019_0001:1.0 29019_0002:1.0" \
   "TopoJSON with --s-srs EPSG:4326: two squares sharing an arc"

# --- malformed inputs: exit 2 (1 for usage), message names the file, store unchanged ---
sq "$db" .dump > "$tmp/dump0"
bad() { # want-exit what pattern args...
    local want=$1 what=$2 pat=$3; shift 3
    err=$("$COOPMAP" import "$@" --db "$db" --quiet 2>&1 >/dev/null); rc=$?
    is "$rc" "$want" "$what: exit $want"
    echo "$err" | grep -q -- "$pat"; t $? "$what: message names $pat"
    sq "$db" .dump > "$tmp/dump1"
    cmp -s "$tmp/dump0" "$tmp/dump1"; t $? "$what: store content unchanged"
}
for e in shp shx dbf prj cpg; do cp "${PSHP%.shp}.$e" "$tmp/trunc.$e"; done
head -c 120000 "$PSHP" > "$tmp/trunc.shp"
bad 2 "truncated .shp" "trunc.shp" bureaux "$tmp/trunc.shp"
for e in shp shx dbf; do cp "${PSHP%.shp}.$e" "$tmp/noprj.$e"; done
bad 2 "shapefile without .prj" "noprj.shp" bureaux "$tmp/noprj.shp"
echo "$err" | grep -q -- "--s-srs"; t $? "no CRS: the message points to --s-srs"
bad 2 "no code field" "communes29.geojson" bureaux "$S/brest/admin/communes29.geojson"
echo "$err" | grep -q "fields: code, nom"; t $? "no code field: the message lists the fields"
bad 1 "unknown flag" "--frobnicate" bureaux "$PSHP" --frobnicate
bad 2 "missing file" "nosuch.shp" bureaux "$tmp/nosuch.shp"
bad 2 "not a vector file" "hand.report" iris "$tmp/hand.report"
bad 1 "--code-field naming no field" "NOPE" bureaux "$PSHP" --code-field NOPE
echo "not a database" > "$tmp/notadb.db"
err=$("$COOPMAP" import bureaux "$AIN" --db "$tmp/notadb.db" --quiet 2>&1 >/dev/null); rc=$?
is "$rc" 3 "a store that is not a database: exit 3 (store error)"
is "$(cat "$tmp/notadb.db")" "not a database" "and the file is left alone"
cm import bureaux "$tmp/noprj.shp" --s-srs EPSG:2154 --db "$tmp/s.db" >/dev/null; rc=$?
is "$rc" 0 "no .prj but --s-srs EPSG:2154: imports"
is "$(spatial "$tmp/s.db" "ATTACH '$tmp/ref.sqlite' AS r; SELECT count(*) FROM bureau b JOIN r.ref p
      ON b.code = p.code_com || '_' || p.code_bv
      WHERE abs(X(Centroid(b.geom)) - X(Centroid(p.GEOMETRY))) < 1e-7")" 896 "--s-srs: same places"

# --- flags: a multi-layer GeoPackage, --layer, --commune + --bureau-field, --code-field ---
ogr2ogr -f GPKG "$tmp/multi.gpkg" "$BGJ" -nln brest
ogr2ogr -update -f GPKG "$tmp/multi.gpkg" "$AIN" -nln ain
err=$("$COOPMAP" import bureaux "$tmp/multi.gpkg" --db "$tmp/m.db" --quiet 2>&1 >/dev/null); rc=$?
is "$rc" 1 "two layers without --layer: exit 1"
echo "$err" | grep -q "brest, ain"; t $? "the message lists the layers"
cm import bureaux "$tmp/multi.gpkg" --layer ain --db "$tmp/m.db" >/dev/null; rc=$?
is "$rc.$(sq "$tmp/m.db" "SELECT count(*) FROM bureau")" "0.7" "--layer ain: 7 bureaux"
cm import bureaux "$BGJ" --commune 29019 --bureau-field BVOTE --db "$tmp/c.db" >/dev/null; rc=$?
is "$rc.$(sq "$tmp/c.db" "SELECT count(*) FROM bureau WHERE commune = '29019'")" \
   "0.$(sort -u "$tmp/brestgj.want" | sed 's/^[0-9]*_//' | sort -u | wc -l)" \
   "--commune 29019 --bureau-field BVOTE: one bureau per BVOTE number"
cm import bureaux "$BSHP" --code-field id_bv --label-field llieu --db "$tmp/f.db" >/dev/null; rc=$?
is "$rc.$(sq "$tmp/f.db" "SELECT count(*) FROM bureau WHERE label IS NOT NULL")" "0.$nf" \
   "--code-field id_bv --label-field llieu"

# --- kill -9 in the middle of a large import: previous content intact ---
big=$tmp/big.shp
for i in $(seq 0 11); do
    ogr2ogr -q $([ "$i" -gt 0 ] && echo -append) -nln big -dialect sqlite -sql \
      "SELECT ST_Translate(geometry, $((i * 13000)), -300000, 0) AS geometry,
              '$(printf '%05d' $((1001 + i)))' AS code_com, code_bv FROM paris_bv_2017_l93" "$big" "$PSHP"
done
cm import bureaux "$big" --db "$tmp/scratch.db" >/dev/null    # how long does it take here?
t0=$(date +%s%N); cm import bureaux "$big" --db "$tmp/scratch2.db" >/dev/null; t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
sq "$db" .dump > "$tmp/dump0"
# the import holds the write lock from BEGIN IMMEDIATE to COMMIT: kill it once the lock is
# seen taken (surely mid-transaction), then a quarter of its run time after that. On a busy
# machine the import may commit before the kill: then the store is put back and the kill
# tried sooner (an attempt counts only if the import log did not grow).
locked() { ! sqlite3 "$db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; }
nlog=$(sq "$db" "SELECT count(*) FROM import_log")
sq "$db" ".backup '$tmp/backup.db'"
for at in 0 $(( ms / 4 )); do
    for try in 1 2 3 4; do
        "$COOPMAP" import bureaux "$big" --db "$db" --quiet >/dev/null 2>&1 &
        pid=$!
        while ! locked && kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
        sleep "$(awk -v ms="$at" 'BEGIN { printf "%.3f", ms / 1000 }')"
        kill -9 "$pid" 2>/dev/null; killed=$?
        wait "$pid" 2>/dev/null
        [ "$(sq "$db" "SELECT count(*) FROM import_log")" = "$nlog" ] && break
        sq "$db" ".restore '$tmp/backup.db'"
        killed=1; at=$(( at / 2 ))
    done
    is "$killed" 0 "import killed -9 ${at} ms after it took the write lock (run: ${ms} ms)"
    is "$(sq "$db" "PRAGMA integrity_check")" "ok" "integrity_check ok after kill -9 (+${at} ms)"
    sq "$db" .dump > "$tmp/dump1"
    cmp -s "$tmp/dump0" "$tmp/dump1"; t $? "store content intact after kill -9 (+${at} ms)"
done
cm import bureaux "$big" --db "$db" >/dev/null; rc=$?
is "$rc.$(sq "$db" "SELECT count(*) FROM bureau")" "0.$((896 + 12 * 896))" \
   "the same import then completes (Paris portal + 12 copies)"
is "$(sq "$db" "SELECT rtreecheck('idx_bureau_geom') || ' ' || (SELECT count(*) FROM idx_bureau_geom)
      || ' ' || (SELECT count(*) FROM idx_bureau_geom i JOIN bureau b ON b.id = i.pkid)")" \
   "ok $((896 + 12 * 896)) $((896 + 12 * 896))" "R*Tree rebuilt over old and new rows, one entry per bureau"
is "$(spatial "$db" "SELECT count(*) FROM bureau WHERE ST_IsValid(geom) = 1")" "$((896 + 12 * 896))" \
   "every stored bureau geometry is valid"

echo "1..$n"
