import Demo
import Foundation
import LogGenerator
import PostgreSQL
import TestLogSupport
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `run` on PostgreSQL killed with SIGKILL at random points: each key as before or as after,
/// history whole, and the next run ends where a clean run does. Each attempt starts from a copy
/// of one template database (`CREATE DATABASE … TEMPLATE`).
@Suite(.enabled(if: Executables.found && TestPostgreSQL.isConfigured, "needs the built executables and a test server"))
struct PostgreSQLKillTests {
    /// Every row of a table as text by column, keyed like `snapshot` keys SQLite's.
    static func snapshot(_ connection: PGConnection, table: String, key: [String], ignoring: Set<String>) throws -> [String: [String: String]] {
        guard try !connection.execute("SELECT to_regclass($1)::text", [.text(table)]).isNull(0, 0) else { return [:] }
        let result = try connection.execute("SELECT row_to_json(t)::text FROM \(table) t")
        var rows: [String: [String: String]] = [:]
        for index in 0..<result.rowCount {
            let object = try JSONSerialization.jsonObject(with: Data((result.string(index, 0) ?? "{}").utf8)) as? [String: Any] ?? [:]
            var values: [String: String] = [:]
            for (column, value) in object where !ignoring.contains(column) {
                values[column] = value is NSNull ? "NULL" : "\(value)"
            }
            rows[key.map { (values[$0] ?? "NULL") + "\u{1F}" }.joined()] = values
        }
        return rows
    }

    static func state(_ uri: String) throws -> KillTests.State {
        let connection = try PGConnection(try PGConnectionString(uri))
        return KillTests.State(
            mappings: try snapshot(connection, table: "model_mappings", key: KillTests.keyColumns, ignoring: ["updated_at", "mapped_at"]),
            history: try snapshot(connection, table: "mapping_history", key: KillTests.historyColumns, ignoring: ["superseded_at", "mapped_at"]))
    }

    @Test func aRunKilledAtRandomPointsLeavesEveryKeyAsBeforeOrAfterAndTheNextRunCompletes() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("template.db")
        let logs = try LogBuilder(path: path)
        let exchanges = LogBuilder.plainExchanges
        for index in 0..<40 { try logs.insert(exchanges[index % exchanges.count], model: "kill-\(index)", times: 10) }
        let template = try TestPostgreSQL.Database()
        let loader = PostgreSQLLogLoader(connection: try template.connect())
        try loader.load(fromSQLite: path)
        let first = try runToEnd(Executables.mapper, ["run", "--db", template.uri, "--samples", "10"], in: dir)
        try #require(first.exitCode == 0, "\(first.err)")
        // The next night's work: changed APIs, a few new rows, new models.
        let lastID = try #require(try logs.db.scalarInt("SELECT max(id) FROM request_logs"))
        for index in 0..<12 {
            try logs.insert(exchanges[(index + 1) % exchanges.count], model: "kill-\(index)", times: 10,
                            path: try logs.endpoint(exchanges[index % exchanges.count], model: "kill-\(index)"))
        }
        for index in 12..<24 { try logs.insert(exchanges[index % exchanges.count], model: "kill-\(index)", times: 3) }
        for index in 40..<64 { try logs.insert(exchanges[index % exchanges.count], model: "kill-\(index)", times: 10) }
        try loader.load(fromSQLite: path, afterID: lastID)
        let before = try Self.state(template.uri)
        // A template database takes no connection while it is copied: `copy` ends the loader's.
        let templateName = template.name

        let admin = try PGConnection(try PGConnectionString(try #require(TestPostgreSQL.serverURI)))
        func copy(_ name: String) throws -> String {
            try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [.text(templateName)])
            try admin.execute("CREATE DATABASE \(name) TEMPLATE \(templateName)")
            return TestPostgreSQL.uri(try #require(TestPostgreSQL.serverURI), database: name)
        }
        let arguments = ["run", "--jobs", "1", "--samples", "10"]
        let clean = try copy(templateName + "_clean")
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(templateName)_clean WITH (FORCE)") }
        let started = Date()
        let cleanRun = try runToEnd(Executables.mapper, arguments + ["--db", clean], in: dir)
        var duration = Date().timeIntervalSince(started)
        try #require(cleanRun.exitCode == 0, "\(cleanRun.err)")
        let after = try Self.state(clean)
        try #require(after.history.count >= 10 && after.mappings.count == 64, "\(after.history.count) \(after.mappings.count)")

        var rng = SplitMix64(seed: 20_261_206)
        var killed = 0
        var attempts = 0
        let work = templateName + "_killed"
        defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(work) WITH (FORCE)") }
        while killed < 8 && attempts < 30 {
            attempts += 1
            let delay = rng.nextDouble() * duration
            let uri = try copy(work)
            let child = try Child(Executables.mapper, arguments + ["--db", uri], in: dir, label: "pg-kill-\(attempts)")
            let launched = Date()
            while child.isRunning && Date().timeIntervalSince(launched) < delay { usleep(500) }
            guard child.isRunning, child.killNow() else {
                _ = child.wait()
                duration = min(duration, Date().timeIntervalSince(launched))
                continue
            }
            killed += 1
            let point = "kill #\(killed) at \(Int(delay * 1000)) ms"
            _ = KillTests.check(try Self.state(uri), before: before, after: after, point: point)
            let resumed = try runToEnd(Executables.mapper, ["run", "--jobs", "2", "--samples", "10", "--db", uri], in: dir)
            #expect(resumed.exitCode == 0, "\(point): the next run: \(resumed.err)")
            #expect(try Self.state(uri).content == after.content, "\(point): the next run does not end where a clean run does")
        }
        #expect(killed >= 8, "only \(killed) of \(attempts) attempts killed a running run (a clean run takes \(duration) s)")
    }
}
