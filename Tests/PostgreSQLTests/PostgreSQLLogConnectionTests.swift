import Demo
import LogGenerator
import Logs
import PostgreSQL
import PostgreSQLLogs
import SQLiteLogs
import TestLogSupport
import TestSupport
import Testing

/// The PostgreSQL source reads what the SQLite source reads from the same rows.
@Suite(.enabled(if: TestPostgreSQL.isConfigured, "GATEWAY_MAPPER_TEST_POSTGRES names no server"))
struct PostgreSQLLogConnectionTests {
    /// The demo logs in SQLite and the same rows in a fresh PostgreSQL database.
    func bothSources(bodyType: String = "bytea") throws -> (sqlite: any LogConnection, postgres: any LogConnection, keep: [AnyObject]) {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 400)
        let database = try TestPostgreSQL.Database()
        try PostgreSQLLogLoader(connection: try database.connect(), bodyType: bodyType).load(fromSQLite: path)
        let postgres = try PostgreSQLLogSource(connectionString: try PGConnectionString(database.uri)).connect()
        return (try SQLiteLogSource(path: path).connect(), postgres, [dir, database])
    }

    /// Every row of a model as (id, status, url, provider, model, request, response); bodies as
    /// text (a `text` column holds invalid UTF-8 as U+FFFD, which is what decoding reads too).
    func rows(_ logs: any LogConnection, model: String?, except: Set<Int64> = []) throws -> [String] {
        var out: [String] = []
        try logs.newestRows(model: model, storage: .text, afterID: 0, limit: 10_000) { row in
            if except.contains(row.id) { return true }
            let bodies = row.withBodies { "\(String(decoding: $0, as: UTF8.self).hashValue) \(String(decoding: $1, as: UTF8.self).hashValue)" }
            out.append("\(row.id) \(row.status ?? -1) \(row.targetURL) \(row.providerHeader ?? "-") \(row.model ?? "-") \(bodies)")
            return true
        }
        return out
    }

    /// The ids of a model's rows with a NUL byte in a body.
    func binaryRows(_ logs: any LogConnection, model: String?) throws -> Set<Int64> {
        var ids: Set<Int64> = []
        try logs.newestRows(model: model, storage: .text, afterID: 0, limit: 10_000) { row in
            if row.withBodies({ $0.contains(0) || $1.contains(0) }) { ids.insert(row.id) }
            return true
        }
        return ids
    }

    @Test(arguments: ["bytea", "text"])
    func theSameRowsReadTheSameFromBothSources(bodyType: String) throws {
        let (sqlite, postgres, keep) = try bothSources(bodyType: bodyType)
        let heads = try sqlite.modelHeads()
        #expect(try postgres.modelHeads().sorted { ($0.model ?? "") < ($1.model ?? "") } == heads.sorted { ($0.model ?? "") < ($1.model ?? "") })
        #expect(Set(try postgres.modelSummaries()) == Set(try sqlite.modelSummaries()))
        for head in heads.prefix(6) {
            // A text column holds no NUL byte: the loader leaves binary uploads out of it.
            let binary = bodyType == "text" ? try binaryRows(sqlite, model: head.model) : []
            #expect(try rows(postgres, model: head.model, except: binary) == rows(sqlite, model: head.model, except: binary))
            if let model = head.model {
                #expect(try postgres.maxID(model: model) == sqlite.maxID(model: model))
                #expect(try postgres.hasRows(model: model, storage: .text, atLeast: 5) == sqlite.hasRows(model: model, storage: .text, atLeast: 5))
                #expect(try postgres.firstLoggedAt(model: model, storage: .text) != nil)
            }
        }
        var fromPostgres = "", fromSQLite = ""
        #expect(try postgres.row(id: 17) { fromPostgres = "\($0.id) \($0.targetURL)" })
        #expect(try sqlite.row(id: 17) { fromSQLite = "\($0.id) \($0.targetURL)" })
        #expect(fromPostgres == fromSQLite)
        #expect(try !postgres.row(id: 999_999) { _ in })
        withExtendedLifetime(keep) {}
    }

    @Test func jsonAndJSONBBodiesAreReadAsJSONText() throws {
        let database = try TestPostgreSQL.Database()
        let connection = try database.connect()
        try connection.executeScript("""
            CREATE TABLE request_logs (id bigint PRIMARY KEY, created_at text, target_url text, provider text, model text,
              status int, request_body json, response_body jsonb);
            CREATE INDEX ON request_logs (model, id);
            INSERT INTO request_logs VALUES (1, '2026-12-06T00:00:00Z', 'https://api.example.com/v1/chat/completions', NULL, 'm', 200,
              '{"model":"m","z":1,"a":2}', '{"z":1,"a":[1,2]}');
            """)
        let logs = try PostgreSQLLogSource(connectionString: try PGConnectionString(database.uri)).connect()
        var bodies: [String] = []
        try logs.newestRows(model: "m", storage: .text, afterID: 0, limit: 5) { row in
            row.withBodies { bodies = [String(decoding: $0, as: UTF8.self), String(decoding: $1, as: UTF8.self)] }
            return true
        }
        #expect(bodies == [#"{"model":"m","z":1,"a":2}"#, #"{"a": [1, 2], "z": 1}"#])
    }

    @Test func aBodyOverTheLimitIsFlaggedAndNotRead() throws {
        let database = try TestPostgreSQL.Database()
        let loader = PostgreSQLLogLoader(connection: try database.connect())
        try loader.createTable()
        try loader.connection.execute(
            "INSERT INTO request_logs (created_at, target_url, model, status, request_body, response_body) VALUES (now(), 'https://h/v1/x', 'm', 200, $1, $2)",
            [.bytes(Array(repeating: 0x20, count: 5000)), .bytes(Array("{}".utf8))])
        let source = PostgreSQLLogSource(connectionString: try PGConnectionString(database.uri), maximumBodyBytes: 1000)
        let logs = try source.connect()
        var seen = false
        try logs.newestRows(model: "m", storage: .text, afterID: 0, limit: 5) { row in
            seen = true
            #expect(row.isRequestBodyTooLarge && !row.hasRequestBody)
            #expect(!row.isResponseBodyTooLarge && row.hasResponseBody)
            return true
        }
        #expect(seen)
    }

    @Test(arguments: [
        ("CREATE TABLE other (id bigint)", LogContractError.Problem.missingTable("request_logs")),
        ("CREATE TABLE request_logs (id bigint, created_at text, target_url text, model text, status int, request_body bytea, response_body bytea)",
         .missingColumns(["provider"])),
        ("CREATE TABLE request_logs (id bigint, created_at text, target_url text, provider text, model text, status int, request_body bytea, response_body bytea)",
         .missingModelIndex),
        ("""
         CREATE TABLE request_logs (id bigint, created_at text, target_url text, provider text, model text, status int, request_body int, response_body bytea);
         CREATE INDEX ON request_logs (model, id)
         """, .unsupportedType(column: "request_body", type: "integer", expected: ["bytea", "text", "json", "jsonb"])),
    ])
    func aTableOutsideTheContractIsNamedWithWhatIsMissing(sql: String, problem: LogContractError.Problem) throws {
        let database = try TestPostgreSQL.Database()
        try database.connect().executeScript(sql)
        let error = try #require(throws: LogContractError.self) {
            try PostgreSQLLogSource(connectionString: try PGConnectionString(database.uri)).connect()
        }
        #expect(error.problem == problem)
        #expect(!error.description.contains("password"))
    }

    @Test func aTablePartitionedByTimeWithItsIndexOnTheParentIsRead() throws {
        let database = try TestPostgreSQL.Database()
        try database.connect().executeScript("""
            CREATE TABLE request_logs (id bigint, created_at timestamptz NOT NULL, target_url text, provider text, model text,
              status int, request_body bytea, response_body bytea) PARTITION BY RANGE (created_at);
            CREATE TABLE request_logs_2026_11 PARTITION OF request_logs FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
            CREATE TABLE request_logs_2026_12 PARTITION OF request_logs FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
            CREATE INDEX request_logs_model ON request_logs (model, id);
            INSERT INTO request_logs VALUES (1, '2026-11-30T23:00:00Z', 'https://h/v1/x', NULL, 'm', 200, NULL, NULL),
              (2, '2026-12-01T01:00:00Z', 'https://h/v1/x', NULL, 'm', 200, NULL, NULL);
            """)
        let logs = try PostgreSQLLogSource(connectionString: try PGConnectionString(database.uri)).connect()
        #expect(try logs.modelHeads() == [ModelHead(model: "m", maxID: 2)])
        #expect(try logs.firstLoggedAt(model: "m", storage: .text) == "2026-11-30T23:00:00Z")
    }

    @Test func aViewOverAnOperatorsOwnTableIsReadThroughNamedByLogTable() throws {
        let database = try TestPostgreSQL.Database()
        try database.connect().executeScript("""
            CREATE SCHEMA gw;
            CREATE TABLE gw.spend_logs (request_id bigint, started timestamptz, api_base text, model_name text, code int, req bytea, resp bytea);
            CREATE INDEX ON gw.spend_logs (model_name, request_id);
            CREATE VIEW gw.mapper_logs AS SELECT request_id AS id, started AS created_at, api_base AS target_url,
              NULL::text AS provider, model_name AS model, code AS status, req AS request_body, resp AS response_body FROM gw.spend_logs;
            INSERT INTO gw.spend_logs VALUES (5, now(), 'https://h/v1/x', 'm', 200, NULL, NULL);
            """)
        let source = PostgreSQLLogSource(connectionString: try PGConnectionString(database.uri), table: "gw.mapper_logs")
        #expect(try source.connect().modelHeads() == [ModelHead(model: "m", maxID: 5)])
    }

    @Test func theSourceNeverWritesTheLogs() throws {
        let database = try TestPostgreSQL.Database()
        try PostgreSQLLogLoader(connection: try database.connect()).createTable()
        let logs = try PostgreSQLLogSource(connectionString: try PGConnectionString(database.uri)).open()
        let error = try #require(throws: PGError.self) {
            try logs.connection.execute("INSERT INTO request_logs (created_at, target_url) VALUES (now(), 'x')")
        }
        #expect(error.kind == .readOnly)
    }
}
