/* store_schema.c - schema and migrations keyed on PRAGMA user_version.
 * Each migration runs inside the same BEGIN IMMEDIATE as the version check, so two processes
 * opening a fresh file cannot both apply it. Add a migration; never edit a released one. */
#include "store_int.h"

#include <stdio.h>

/* Version 1: geography, elections, census, import log. Geometries are EPSG:4326
 * MultiPolygons registered with SpatiaLite (ogrinfo and QGIS list them), with R*Tree indexes.
 * Result rows name their bureau by code, not by foreign key: results may arrive before, or
 * without, contours, and replacing a contour set must not delete results. */
static const char schema_v1[] =
    "SELECT InitSpatialMetadata(0, 'WGS84');"
    "SELECT InsertEpsgSrid(2154); SELECT InsertEpsgSrid(3857); SELECT InsertEpsgSrid(3035);"
    "CREATE TABLE commune ("
    "  code TEXT PRIMARY KEY CHECK (length(code) = 5),"
    "  name TEXT,"
    "  dep  TEXT);"
    "CREATE TABLE contour_set ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('bureau', 'iris')),"
    "  source TEXT NOT NULL,"          /* file name as given */
    "  sha256 TEXT NOT NULL,"
    "  year INTEGER,"
    "  communes TEXT NOT NULL,"        /* sorted comma list of communes it covers */
    "  n_features INTEGER NOT NULL,"
    "  n_areas INTEGER NOT NULL,"
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
    "CREATE TABLE bureau ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE CHECK (length(code) = 10 AND substr(code, 6, 1) = '_'),"
    "  commune TEXT NOT NULL,"
    "  label TEXT,"
    "  circo TEXT,"
    "  set_id INTEGER NOT NULL REFERENCES contour_set(id) ON DELETE CASCADE,"
    "  source TEXT,"
    "  year INTEGER);"
    "SELECT AddGeometryColumn('bureau', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);"
    "SELECT CreateSpatialIndex('bureau', 'geom');"
    "CREATE INDEX bureau_commune ON bureau(commune);"
    "CREATE INDEX bureau_set ON bureau(set_id);"
    "CREATE TABLE iris ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE CHECK (length(code) = 9),"
    "  commune TEXT NOT NULL,"
    "  label TEXT,"
    "  typ TEXT,"
    "  set_id INTEGER NOT NULL REFERENCES contour_set(id) ON DELETE CASCADE,"
    "  source TEXT,"
    "  year INTEGER);"
    "SELECT AddGeometryColumn('iris', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);"
    "SELECT CreateSpatialIndex('iris', 'geom');"
    "CREATE INDEX iris_set ON iris(set_id);"
    "CREATE TABLE election ("
    "  id TEXT PRIMARY KEY,"           /* user's id, e.g. pres2017 */
    "  kind TEXT NOT NULL,"            /* presidentielle, legislatives, europeennes, ... */
    "  date TEXT,"                     /* ISO date of round 1 */
    "  label TEXT);"
    "CREATE TABLE election_round ("
    "  id INTEGER PRIMARY KEY,"
    "  election TEXT NOT NULL REFERENCES election(id) ON DELETE CASCADE,"
    "  round INTEGER NOT NULL CHECK (round IN (1, 2)),"
    "  source TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  layout TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  UNIQUE (election, round));"
    "CREATE TABLE result ("
    "  id INTEGER PRIMARY KEY,"
    "  round_id INTEGER NOT NULL REFERENCES election_round(id) ON DELETE CASCADE,"
    "  bureau TEXT NOT NULL,"          /* INSEE_BBBB */
    "  commune TEXT NOT NULL,"
    "  circo TEXT,"                    /* constituency when the file gives one, e.g. 75-01 */
    "  inscrits INTEGER NOT NULL CHECK (inscrits >= 0),"
    "  votants INTEGER NOT NULL CHECK (votants >= 0),"
    "  abstentions INTEGER NOT NULL CHECK (abstentions >= 0),"
    "  blancs INTEGER,"
    "  nuls INTEGER,"
    "  exprimes INTEGER NOT NULL CHECK (exprimes >= 0),"
    "  nuls_derived INTEGER NOT NULL DEFAULT 0,"  /* 1: nuls = votants - blancs - exprimes */
    "  line INTEGER,"                  /* line in the source file */
    "  UNIQUE (round_id, bureau));"
    "CREATE INDEX result_bureau ON result(bureau);"
    "CREATE TABLE candidate ("
    "  id INTEGER PRIMARY KEY,"
    "  round_id INTEGER NOT NULL REFERENCES election_round(id) ON DELETE CASCADE,"
    "  circo TEXT NOT NULL DEFAULT '',"  /* '' for a national candidate or a nuance column */
    "  panel INTEGER,"
    "  name TEXT NOT NULL,"
    "  nuance TEXT,"
    "  UNIQUE (round_id, circo, panel, name));"
    "CREATE TABLE vote ("
    "  result_id INTEGER NOT NULL REFERENCES result(id) ON DELETE CASCADE,"
    "  candidate_id INTEGER NOT NULL REFERENCES candidate(id) ON DELETE CASCADE,"
    "  voix INTEGER NOT NULL CHECK (voix >= 0),"
    "  PRIMARY KEY (result_id, candidate_id)) WITHOUT ROWID;"
    "CREATE INDEX vote_candidate ON vote(candidate_id);"
    "CREATE TABLE census ("
    "  iris TEXT NOT NULL,"
    "  variable TEXT NOT NULL,"
    "  year INTEGER NOT NULL,"
    "  value REAL,"                    /* NULL: statistical secret, never 0 */
    "  source TEXT NOT NULL,"
    "  PRIMARY KEY (iris, variable, year)) WITHOUT ROWID;"
    "CREATE INDEX census_var ON census(variable, year);"
    "CREATE TABLE import_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  kind TEXT NOT NULL,"            /* bureaux, iris, results, census */
    "  source TEXT NOT NULL,"
    "  sha256 TEXT,"
    "  rows_read INTEGER, imported INTEGER, repaired INTEGER, rejected INTEGER,"
    "  message TEXT);"
    "CREATE TABLE option ("
    "  name TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL);";

/* Version 2: targeting layers. bloc_map is the user-editable nuance/candidate -> bloc table
 * (keys normalised: upper-case ASCII, accents stripped). A layer is one row: metadata, and
 * its values per bureau packed in two BLOBs read and written whole (a country is 70,000
 * bureaux x ~30 layers: one row per value made a recompute take seconds, a blob takes ms):
 *   codes: n x 10 bytes, the INSEE_BBBB codes, ascending;
 *   vals:  n x 8 bytes, IEEE 754 doubles little-endian, NaN = no data (E = 0, R = 0...).
 * `coopmap export --format csv` (or rank) gives them as a table. */
static const char schema_v2[] =
    "CREATE TABLE bloc_map ("
    "  kind TEXT NOT NULL CHECK (kind IN ('nuance', 'candidate')),"
    "  key TEXT NOT NULL,"             /* normalised nuance or surname */
    "  label TEXT,"                    /* as written in the source file */
    "  bloc TEXT NOT NULL,"
    "  years TEXT,"
    "  PRIMARY KEY (kind, key));"
    "CREATE TABLE layer ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  grp TEXT NOT NULL,"             /* results, potential, volatility, category, socio */
    "  title TEXT NOT NULL,"
    "  formula TEXT NOT NULL,"
    "  refs TEXT,"                     /* reference elections, e.g. pres2017 round 1 */
    "  years TEXT,"
    "  unit TEXT,"
    "  categorical INTEGER NOT NULL DEFAULT 0,"
    "  labels TEXT,"                   /* categorical: class labels joined by '|' */
    "  version INTEGER NOT NULL,"
    "  n_bureaux INTEGER NOT NULL,"
    "  computed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  codes BLOB NOT NULL CHECK (length(codes) = 10 * n_bureaux),"
    "  vals BLOB NOT NULL CHECK (length(vals) = 8 * n_bureaux));";

/* Version 3: accounts, organisation and privacy (issue 7). Times are Unix seconds written by the caller,
 * so that tests inject the clock. Secrets (passwords, session and link tokens) are stored only
 * as hashes. A member belongs to one section; roles above "member" live in user_role, each
 * with the scope it applies to (a section, a federation, or everything for admin). */
static const char schema_auth[] =
    "CREATE TABLE federation ("
    "  code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 3),"  /* département: 29, 2A, 971 */
    "  name TEXT);"
    "CREATE TABLE section ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),"
    "  name TEXT NOT NULL,"
    "  federation TEXT NOT NULL REFERENCES federation(code));"
    "CREATE INDEX section_federation ON section(federation);"
    "CREATE TABLE section_area ("       /* the section's territory */
    "  section_id INTEGER NOT NULL REFERENCES section(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('commune', 'bureau')),"
    "  code TEXT NOT NULL,"
    "  PRIMARY KEY (section_id, kind, code)) WITHOUT ROWID;"
    "CREATE TABLE user ("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  first_name TEXT, last_name TEXT, phone TEXT,"
    "  pw_hash TEXT,"                   /* argon2id string; NULL until the invitation is used */
    "  section_id INTEGER REFERENCES section(id),"
    "  member_no TEXT UNIQUE,"          /* NULL: not in the membership file (staff) */
    "  visibility TEXT NOT NULL DEFAULT 'officers'"
    "    CHECK (visibility IN ('officers', 'section', 'hidden')),"
    "  disabled TEXT CHECK (disabled IN ('admin', 'import')),"  /* NULL: active; else by whom */
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX user_section ON user(section_id);"
    "CREATE TABLE user_role ("
    "  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
    "  role TEXT NOT NULL CHECK (role IN ('officer', 'secretary', 'fed_staff', 'admin')),"
    "  scope TEXT NOT NULL,"            /* section code, federation code, or '' for admin */
    "  source TEXT NOT NULL CHECK (source IN ('cli', 'import')),"
    "  PRIMARY KEY (user_id, role, scope)) WITHOUT ROWID;"
    "CREATE TABLE session ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
    "  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
    "CREATE INDEX session_user ON session(user_id);"
    "CREATE TABLE user_token ("         /* one-time links: invitation, password reset */
    "  token_hash BLOB PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),"
    "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER);"
    "CREATE TABLE login_attempt ("      /* failures only; key is a hash of account or address */
    "  key BLOB NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX login_attempt_key ON login_attempt(key, at);"
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  actor_id INTEGER,"               /* who read; NULL: the command line */
    "  subject_id INTEGER,"             /* whose data */
    "  federation TEXT,"                /* the subject's federation, so staff read their own */
    "  action TEXT NOT NULL,"
    "  via TEXT NOT NULL);"
    "CREATE INDEX audit_federation ON audit(federation, at);";

/* Version 4: remobilisation between rounds. transfer_rate: share of an eliminated candidate's
 * round-1 voters, per bloc, expected to vote for our finalist (user-editable; defaults in
 * data/transfers.csv). remob_setup: the one current remobilisation setup (round 1 of the
 * current election, reference round, camp), so that saving a bureau's results can recompute
 * its layers without being told again what they compare. */
static const char schema_remob[] =
    "CREATE TABLE transfer_rate ("
    "  bloc TEXT PRIMARY KEY,"
    "  rate REAL NOT NULL CHECK (rate >= 0 AND rate <= 1),"
    "  note TEXT);"
    "CREATE TABLE remob_setup ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  r1 TEXT NOT NULL,"              /* ELECTION:ROUND of the current round 1 */
    "  ref TEXT NOT NULL,"             /* ELECTION:ROUND of the reference */
    "  camp TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));";

/* Version 5: events (issue 8): actions a section organises, sign-ups, targeted bureaux,
 * personal calendar feeds. Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ' (ordered as strings).
 * The place is a POINT with an R*Tree for "near me". Targeted bureaux are codes, not keys:
 * contours may be replaced, the doors knocked must stay. */
static const char schema_events[] =
    "CREATE TABLE event ("
    "  id INTEGER PRIMARY KEY,"
    "  section TEXT NOT NULL REFERENCES section(code),"
    "  kind TEXT NOT NULL CHECK (kind IN"
    "    ('porte-a-porte', 'tractage', 'marche', 'reunion', 'phoning', 'autre')),"
    "  title TEXT NOT NULL CHECK (length(title) > 0),"
    "  description TEXT,"
    "  address TEXT,"
    "  bureau TEXT,"                  /* when the place is a bureau's point on surface */
    "  starts_at TEXT NOT NULL,"
    "  ends_at TEXT NOT NULL CHECK (ends_at > starts_at),"
    "  goal_min INTEGER NOT NULL DEFAULT 0 CHECK (goal_min >= 0),"
    "  goal_target INTEGER NOT NULL DEFAULT 0 CHECK (goal_target >= goal_min),"
    "  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),"
    "  series_id INTEGER,"            /* id of the first event of a weekly series */
    "  created_by INTEGER REFERENCES user(id),"  /* NULL: the command line */
    "  version INTEGER NOT NULL DEFAULT 1,"  /* bumped by every change: optimistic locking */
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
    "SELECT AddGeometryColumn('event', 'geom', 4326, 'POINT', 'XY', 1);"
    "SELECT CreateSpatialIndex('event', 'geom');"
    "CREATE INDEX event_section ON event(section, starts_at);"
    "CREATE INDEX event_series ON event(series_id);"
    "CREATE TABLE event_bureau ("      /* targeted bureaux; doors knocked after the event */
    "  event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,"
    "  bureau TEXT NOT NULL,"
    "  doors INTEGER CHECK (doors >= 0),"
    "  PRIMARY KEY (event_id, bureau)) WITHOUT ROWID;"
    "CREATE TABLE event_signup ("
    "  event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,"
    "  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
    "  joined_at TEXT NOT NULL,"
    "  attended INTEGER CHECK (attended IN (0, 1)),"  /* NULL until recorded */
    "  PRIMARY KEY (event_id, user_id)) WITHOUT ROWID;"
    "CREATE INDEX event_signup_user ON event_signup(user_id);"
    "CREATE TABLE event_feed ("        /* personal calendar feed: one secret per member */
    "  user_id INTEGER PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE,"
    "  token_hash BLOB NOT NULL UNIQUE,"  /* BLAKE2b of the token; the token is never stored */
    "  created_at TEXT NOT NULL);";

/* Version 6: delegated rights (issue 8): a secretary (or a delegate, within what they hold)
 * hands named rights on a section to a member until a time. Rights are a bit set (1 events,
 * 2 results, 4 members, 8 print). Times are Unix seconds like the sessions. The audit learns
 * the section and delegation an action was done through, and its sentence. */
static const char schema_deleg[] =
    "CREATE TABLE delegation ("
    "  id INTEGER PRIMARY KEY,"
    "  grantor_id INTEGER NOT NULL REFERENCES user(id),"
    "  grantee_id INTEGER NOT NULL REFERENCES user(id),"
    "  section TEXT NOT NULL REFERENCES section(code),"
    "  rights INTEGER NOT NULL CHECK (rights BETWEEN 1 AND 15),"
    "  expires_at INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  revoked_at INTEGER,"
    "  parent_id INTEGER REFERENCES delegation(id),"  /* a delegate's re-delegation */
    "  CHECK (expires_at > created_at));"
    "CREATE INDEX delegation_grantee ON delegation(grantee_id, expires_at);"
    "CREATE INDEX delegation_section ON delegation(section);"
    "CREATE INDEX delegation_parent ON delegation(parent_id);"
    "ALTER TABLE audit ADD COLUMN section TEXT;"
    "ALTER TABLE audit ADD COLUMN delegation_id INTEGER;"
    "ALTER TABLE audit ADD COLUMN detail TEXT;";

/* Version 7: results typed over HTTP (issue 9). One row per save of a bureau: its version
 * (optimistic locking: a save names the version it read), who entered it and what. Keyed by
 * codes, not result ids: re-importing a round must not reset the versions the grids hold. */
static const char schema_entry[] =
    "CREATE TABLE result_entry ("
    "  id INTEGER PRIMARY KEY,"
    "  election TEXT NOT NULL,"
    "  round INTEGER NOT NULL,"
    "  bureau TEXT NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version > 0),"
    "  user_id INTEGER REFERENCES user(id) ON DELETE SET NULL,"
    "  at INTEGER NOT NULL,"
    "  figures TEXT NOT NULL,"       /* what was entered, "inscrits=..;votants=..;..." */
    "  UNIQUE (election, round, bureau, version));";

static const char *const migrations[] = {
    schema_v1,
    schema_v2,
    schema_auth,
    schema_remob,
    schema_events,
    schema_deleg,
    schema_entry,
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int
store_schema_latest(void)
{
    return N_MIGRATIONS;
}

int
store_migrate(struct store *st, struct cm_err *err)
{
    char sql[64];
    int rc, v;

    if (store_schema_version(st) == N_MIGRATIONS)
        return CM_OK; /* fast path: no write lock for an up-to-date store */
    if ((rc = store_begin(st, err)) != CM_OK)
        return rc;
    v = store_schema_version(st);
    if (v < 0 || v > N_MIGRATIONS) {
        rc = cm_err_set(err, CM_EDB, "store schema version %d is newer than this coopmap (%d)",
                        v, N_MIGRATIONS);
        goto out;
    }
    for (; v < N_MIGRATIONS; v++) {
        if ((rc = store_exec(st, migrations[v], "schema migration", err)) != CM_OK)
            goto out;
    }
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", N_MIGRATIONS);
    if ((rc = store_exec(st, sql, "schema version", err)) != CM_OK)
        goto out;
    return store_commit(st, err);
out:
    store_rollback(st);
    return rc;
}
