import Foundation
import LogGenerator
import PostgreSQL
import TestLogSupport
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The server going away under a run (a restart, a failover: every session terminated): the run
/// ends with one line and exit 75, and the next run completes.
@Suite(.enabled(if: Executables.found && TestPostgreSQL.isConfigured, "needs the built executables and a test server"))
struct PostgreSQLRestartTests {
    @Test func aRunWhoseSessionsAreTerminatedExitsTryLaterAndTheNextRunCompletes() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 4000)
        let database = try TestPostgreSQL.Database()
        let admin = try database.connect()
        try PostgreSQLLogLoader(connection: admin).load(fromSQLite: path)
        var interrupted = 0
        for attempt in 0..<5 where interrupted == 0 {
            try admin.executeScript("DROP TABLE IF EXISTS model_mappings, mapping_history, mapping_runs, mapping_overrides, mapping_requests, mapping_attribution, gateway_mapper_migrations")
            let child = try Child(Executables.mapper, ["run", "--db", database.uri, "--jobs", "2"], in: dir, label: "restart-\(attempt)")
            // Wait until the run reads, then end every session of the database but this one.
            let launched = Date()
            var terminated = false
            while child.isRunning && Date().timeIntervalSince(launched) < 30 && !terminated {
                let sessions = try admin.execute(
                    "SELECT count(*)::int8 FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name LIKE 'gateway-mapper%'",
                    [.text(database.name)]).int64(0, 0) ?? 0
                if sessions >= 2 {
                    usleep(UInt32(50_000 * attempt))
                    try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [.text(database.name)])
                    terminated = true
                }
                usleep(2_000)
            }
            child.wait()
            guard terminated, child.exitCode != 0 else { continue }
            #expect(child.exitCode == 75, "\(child.errorLines)")
            #expect(child.errorLines.contains { $0.contains("try again later") }, "\(child.errorLines)")
            #expect(!child.err.contains("internal error"), "\(child.errorLines)")
            interrupted += 1
        }
        #expect(interrupted == 1, "no attempt caught the run while it held sessions")
        let next = try runToEnd(Executables.mapper, ["run", "--db", database.uri, "--jobs", "2"], in: dir)
        #expect(next.exitCode == 0, "\(next.err)")
        let mapped = try admin.execute("SELECT count(*)::int8 FROM model_mappings WHERE status = 'mapped'").int64(0, 0)
        #expect(mapped == Int64(truth.keys.count))
    }
}
