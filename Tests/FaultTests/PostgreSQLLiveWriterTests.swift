import Foundation
import LogGenerator
import PostgreSQL
import TestLogSupport
import Testing
import TestSupport

/// The gateway writes while the mapper runs: on PostgreSQL neither waits for the other.
@Suite(.enabled(if: Executables.found && TestPostgreSQL.isConfigured, "needs the built executables and a test server"))
struct PostgreSQLLiveWriterTests {
    /// Counts a writer thread's inserts and its slowest one.
    final class Writer: @unchecked Sendable {
        let lock = NSLock()
        var inserted = 0
        var slowest = 0.0
        var failure: String?
        var stop = false

        func run(_ uri: String) {
            do {
                let connection = try PGConnection(try PGConnectionString(uri))
                while !lock.withLock({ stop }) {
                    let started = Date()
                    try connection.execute(
                        """
                        INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body)
                        VALUES (now(), 'https://api.openai.com/v1/chat/completions', 'openai', 'live-writer', 200, $1, $2)
                        """, [.bytes(Array(#"{"model":"live-writer","messages":[]}"#.utf8)), .bytes(Array("{}".utf8))])
                    let seconds = Date().timeIntervalSince(started)
                    lock.withLock {
                        inserted += 1
                        slowest = max(slowest, seconds)
                    }
                }
            } catch {
                lock.withLock { failure = "\(error)" }
            }
        }
    }

    @Test func aRunBesideAWriterFinishesAndNeverHoldsItUp() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 3000)
        let database = try TestPostgreSQL.Database()
        try PostgreSQLLogLoader(connection: try database.connect()).load(fromSQLite: path)
        let writer = Writer()
        let thread = Thread { writer.run(database.uri) }
        thread.start()
        let run = try runToEnd(Executables.mapper, ["run", "--db", database.uri, "--jobs", "2"], in: dir)
        writer.lock.withLock { writer.stop = true }
        while !thread.isFinished { usleep(1_000) }
        #expect(run.exitCode == 0, "\(run.err)")
        #expect(writer.failure == nil, "\(writer.failure ?? "")")
        #expect(writer.inserted > 10, "the writer kept writing during the run")
        #expect(writer.slowest < 1.0, "the slowest insert took \(writer.slowest) s")
        let mapped = try database.connect().execute("SELECT count(*)::int8 FROM model_mappings WHERE status = 'mapped'").int64(0, 0) ?? 0
        #expect(mapped >= Int64(truth.keys.count))
    }
}
