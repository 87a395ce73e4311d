import SQLite

extension SQLiteStoreConnection {
    /// The columns of a mapping, current (`model_mappings`) or earlier (`mapping_history`).
    static let mappingColumns = """
          model                TEXT NOT NULL,
          endpoint             TEXT NOT NULL,
          version              INTEGER NOT NULL,
          schema_id            TEXT NOT NULL,
          status               TEXT NOT NULL,
          confidence           REAL NOT NULL,
          runner_up            TEXT,
          runner_up_confidence REAL,
          field_map            TEXT NOT NULL,
          reasons              TEXT NOT NULL,
          providers            TEXT NOT NULL,
          provider_headers     TEXT NOT NULL DEFAULT '{}',
          samples              INTEGER NOT NULL,
          rejected             TEXT NOT NULL,
          last_log_id          INTEGER NOT NULL,
          structure_hash       TEXT NOT NULL,
          mapper_version       TEXT NOT NULL,
          run_id               INTEGER,
          updated_at           TEXT NOT NULL
        """

    /// The store's tables, created by named migrations in the mappings database (the log database
    /// itself unless `--mappings-db` names another file). `request_logs` is never touched.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: mapping store") { db in
            try db.executeScript("""
                CREATE TABLE model_mappings (
                \(mappingColumns),
                  CHECK (status IN ('mapped', 'low_confidence', 'unmappable', 'drifted', 'override')),
                  PRIMARY KEY (model, endpoint));
                CREATE TABLE mapping_history (
                \(mappingColumns),
                  superseded_at        TEXT NOT NULL,
                  superseded_by_run    INTEGER,
                  PRIMARY KEY (model, endpoint, version));
                CREATE TABLE mapping_runs (
                  id              INTEGER PRIMARY KEY,
                  started_at      TEXT NOT NULL,
                  finished_at     TEXT,
                  mode            TEXT NOT NULL,
                  keys_considered INTEGER NOT NULL DEFAULT 0,
                  mapped          INTEGER NOT NULL DEFAULT 0,
                  changed         INTEGER NOT NULL DEFAULT 0,
                  failed          INTEGER NOT NULL DEFAULT 0,
                  bytes_scanned   INTEGER NOT NULL DEFAULT 0,
                  rows_rejected   INTEGER NOT NULL DEFAULT 0,
                  exit_status     INTEGER,
                  mapper_version  TEXT NOT NULL);
                CREATE TABLE mapping_overrides (
                  model      TEXT NOT NULL,
                  endpoint   TEXT NOT NULL,
                  schema_id  TEXT NOT NULL,
                  field_map  TEXT,
                  note       TEXT,
                  created_at TEXT NOT NULL,
                  PRIMARY KEY (model, endpoint));
                CREATE TABLE mapping_requests (
                  id           INTEGER PRIMARY KEY,
                  model        TEXT NOT NULL,
                  endpoint     TEXT,
                  requested_at TEXT NOT NULL,
                  done_at      TEXT,
                  run_id       INTEGER);
                CREATE INDEX mapping_requests_open ON mapping_requests(done_at, model);
                CREATE TABLE mapping_attribution (
                  id              INTEGER PRIMARY KEY CHECK (id = 1),
                  last_log_id     INTEGER NOT NULL,
                  unattributed    INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("v2: versions only grow") { db in
            // Before this, a key re-mapped after its override was cleared started again at version 1,
            // which its history already held: the next archive of that key failed every night.
            // Such a current row moves past its history's last version; no history row is touched.
            try db.execute("""
                UPDATE model_mappings SET version = 1 + (
                  SELECT max(h.version) FROM mapping_history h
                  WHERE h.model = model_mappings.model AND h.endpoint = model_mappings.endpoint)
                WHERE version <= (
                  SELECT max(h.version) FROM mapping_history h
                  WHERE h.model = model_mappings.model AND h.endpoint = model_mappings.endpoint)
                """)
        }
        migrator.registerMigration("v3: first logged and mapped times, request outcomes") { db in
            try db.executeScript("""
                ALTER TABLE model_mappings ADD COLUMN first_logged_at TEXT;
                ALTER TABLE model_mappings ADD COLUMN mapped_at TEXT;
                ALTER TABLE mapping_history ADD COLUMN first_logged_at TEXT;
                ALTER TABLE mapping_history ADD COLUMN mapped_at TEXT;
                UPDATE model_mappings SET mapped_at = updated_at WHERE status IN ('mapped', 'override');
                ALTER TABLE mapping_requests ADD COLUMN outcome TEXT;
                UPDATE mapping_requests SET outcome = 'served' WHERE done_at IS NOT NULL;
                """)
        }
        return migrator
    }
}
