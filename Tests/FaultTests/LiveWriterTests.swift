import Foundation
import SQLite
import TestLogSupport
import Testing
import TestSupport

/// The gateway keeps logging while the nightly job runs: a writer PROCESS inserts rows into the
/// same WAL database, with its busy timeout, for the whole run.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct LiveWriterTests {
    /// The writer's summary line (`write_load inserted=… max_wait_ms=…`), as numbers.
    static func figures(_ output: String) -> [String: Double] {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("write_load ") }) else { return [:] }
        var values: [String: Double] = [:]
        for field in line.split(separator: " ").dropFirst() {
            let parts = field.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    static func writerRows(_ path: String) throws -> Int64 {
        let db = try Database(path: path, mode: .readOnly)
        return try db.scalarInt("SELECT count(*) FROM request_logs WHERE provider = 'write-load'") ?? 0
    }

    @Test func aRunBesideAWriterProcessFinishesAndNeverBlocksItPastItsBusyTimeout() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        let logs = try LogBuilder(path: path)
        for (index, name) in LogBuilder.plainExchanges.enumerated() {
            try logs.insert(name, model: "live-\(index)", times: 30)
        }
        logs.close()

        let busyTimeout = 1_000
        let stopFile = dir.path("stop")
        let writer = try Child(
            Executables.bench,
            ["write-load", "--db", path, "--seconds", "120", "--busy-timeout", "\(busyTimeout)", "--rate", "1000", "--stop-file", stopFile],
            in: dir, label: "writer")
        defer { if writer.isRunning { _ = writer.killNow() } }
        // The writer is logging before the run starts.
        let deadline = Date().addingTimeInterval(30)
        while try Self.writerRows(path) < 50 {
            try #require(writer.isRunning, "the writer stopped early: \(writer.out) \(writer.err)")
            try #require(Date() < deadline, "the writer inserted nothing in 30 s")
            usleep(10_000)
        }

        let runStarted = Date()
        let run = try runToEnd(Executables.mapper, ["run", "--db", path, "--jobs", "2", "--samples", "100"], in: dir, timeout: 300)
        let runEnded = Date()
        let rowsDuringRun = try Self.writerRows(path)
        _ = FileManager.default.createFile(atPath: stopFile, contents: nil)
        try #require(writer.wait(timeout: 30), "the writer did not stop")

        #expect(run.exitCode == 0, "run: exit \(run.exitCode), stderr: \(run.err)")
        #expect(writer.exitCode == 0, "writer: exit \(writer.exitCode), \(writer.out) \(writer.err)")
        for text in [run.err, run.out, writer.err] {
            #expect(!text.contains("SQLite error 5"), "SQLITE_BUSY escaped: \(text)")
            #expect(!text.lowercased().contains("locked"), "a lock error escaped: \(text)")
        }
        let figures = Self.figures(writer.out)
        let maxWait = try #require(figures["max_wait_ms"], "no summary from the writer: \(writer.out)")
        #expect(maxWait < Double(busyTimeout), "the writer waited \(maxWait) ms, over its busy timeout")
        // The writer was logging for the whole run, not before or after it.
        let first = try #require(figures["first_insert"])
        let last = try #require(figures["last_insert"])
        #expect(first < runStarted.timeIntervalSince1970 && last > runEnded.timeIntervalSince1970,
                "writer active \(first)–\(last), run \(runStarted.timeIntervalSince1970)–\(runEnded.timeIntervalSince1970)")
        #expect(rowsDuringRun > 50)
        #expect(run.out.contains("mapped 9") || run.out.contains("mapped 10"), "\(run.out)")

        // The rows written during the run are picked up by the next one.
        let next = try runToEnd(Executables.mapper, ["run", "--db", path, "--jobs", "2", "--samples", "100"], in: dir)
        #expect(next.exitCode == 0, "\(next.err)")
        let mapped = try snapshot(path, table: "model_mappings", key: ["model", "endpoint"])
        #expect(mapped.values.contains { $0["model"] == "write-load" && $0["status"] == "mapped" }, "\(mapped.keys.sorted())")
        #expect(try integrityCheck(path) == "ok")
    }
}
