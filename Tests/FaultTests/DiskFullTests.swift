import Catalog
import Foundation
import Job
import SQLiteStore
import Store
import SQLite
import SQLiteLogs
import TestLogSupport
import Testing
import TestSupport
@testable import Commands

/// The mappings cannot be written because the disk is full: a clear error and its exit code, the
/// log database untouched, the store as it was (or each key as before or after), and the next run
/// completes once there is room.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct DiskFullTests {
    /// A log database with four models, mapped once into a separate mappings file; then eight
    /// new models logged, so the next run has keys to write.
    static func prepare(_ dir: TemporaryDirectory) throws -> (logs: String, store: String) {
        let logsPath = dir.path("logs.db")
        let storePath = dir.path("mappings.db")
        let logs = try LogBuilder(path: logsPath)
        for (index, name) in LogBuilder.plainExchanges.prefix(4).enumerated() {
            try logs.insert(name, model: "full-\(index)", times: 20)
        }
        logs.close()
        let first = try runToEnd(Executables.mapper, ["run", "--db", logsPath, "--mappings-db", storePath, "--jobs", "2"], in: dir)
        try #require(first.exitCode == 0, "\(first.err)")
        try logs.reopen()
        for (index, name) in LogBuilder.plainExchanges.prefix(8).enumerated() {
            try logs.insert(name, model: "full-new-\(index)", times: 20)
        }
        logs.close()
        return (logsPath, storePath)
    }

    /// The file-size limit makes every write past a few KB fail (EFBIG), as a full disk does:
    /// SQLite reports an I/O error, exit 74.
    @Test func aRunWhoseWritesFailForLackOfSpaceExits74AndChangesNothing() throws {
        let dir = try TemporaryDirectory()
        let (logsPath, storePath) = try Self.prepare(dir)
        let logsBefore = fileBytes(logsPath)
        let storeBefore = fileBytes(storePath)
        let mappingsBefore = try snapshot(storePath, table: "model_mappings", key: ["model", "endpoint"])

        // `ulimit -f 8`: no file may grow past 4 KiB; SIGXFSZ ignored so write() fails with EFBIG.
        let limited = try runToEnd(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "ulimit -f 8 && trap '' XFSZ && exec \"$0\" \"$@\"", Executables.mapper.path,
             "run", "--db", logsPath, "--mappings-db", storePath, "--jobs", "2"],
            in: dir)
        #expect(limited.exitCode == 74, "exit \(limited.exitCode), stderr: \(limited.err)")
        #expect(limited.errorLines.count == 1, "\(limited.err)")
        let message = limited.errorLines.first ?? ""
        #expect(message.hasPrefix("Error: ") && message.contains("disk") && message.contains("free space"), "\(message)")
        #expect(fileBytes(logsPath) == logsBefore, "the log database changed")
        #expect(fileBytes(storePath) == storeBefore, "the mappings file changed")
        #expect(try integrityCheck(storePath) == "ok")
        #expect(try snapshot(storePath, table: "model_mappings", key: ["model", "endpoint"]) == mappingsBefore)

        // With room again, the next run maps the new models.
        let next = try runToEnd(Executables.mapper, ["run", "--db", logsPath, "--mappings-db", storePath, "--jobs", "2"], in: dir)
        #expect(next.exitCode == 0, "\(next.err)")
        #expect(try snapshot(storePath, table: "model_mappings", key: ["model", "endpoint"]).count == 12)
        #expect(fileBytes(logsPath) == logsBefore, "the log database changed")
    }

    /// A store that may not grow by a single page (`PRAGMA max_page_count`): SQLITE_FULL, which the
    /// command line reports as exit 73 with what to do; batches already written stay whole.
    @Test func aStoreThatCannotGrowFailsWithSQLiteFullAndKeepsEveryKeyWhole() throws {
        let dir = try TemporaryDirectory()
        let (logsPath, storePath) = try Self.prepare(dir)
        let logsBefore = fileBytes(logsPath)
        let before = try snapshot(storePath, table: "model_mappings", key: ["model", "endpoint"], ignoring: ["updated_at"])

        let database = try Database(path: storePath, mode: .readWrite)
        let pages = try #require(try database.scalarInt("PRAGMA page_count"))
        _ = try database.scalarInt("PRAGMA max_page_count = \(pages)")
        let store = MappingStore(database)
        try store.migrate()
        var options = MappingJob.Options()
        options.jobs = 2
        options.batchSize = 1
        options.mapperVersion = GatewayMapper.version
        let catalog = try Catalog.load(directory: Executables.repository.appendingPathComponent("schemas"))
        let job = MappingJob(source: SQLiteLogSource(path: logsPath), catalog: catalog, options: options)
        var thrown: (any Error)?
        do {
            _ = try job.run(store: store)
        } catch {
            thrown = error
        }
        let error = try #require(thrown as? DatabaseError, "the run must fail: \(String(describing: thrown))")
        #expect(error.isFull)
        let failure = GatewayMapper.describe(error)
        #expect(failure.exitCode == .cannotCreate)
        #expect(failure.message.contains("free disk space"), "\(failure.message)")
        #expect(!failure.message.contains("\n"))

        #expect(try integrityCheck(storePath) == "ok")
        let after = try snapshot(storePath, table: "model_mappings", key: ["model", "endpoint"], ignoring: ["updated_at"])
        for (key, row) in before { #expect(after[key] == row, "an existing key changed: \(key)") }
        for (key, row) in after where before[key] == nil {
            #expect(row["status"] != nil && row["version"] == "1", "a new key is whole: \(key)")
        }

        // Room again: the next run completes and maps every key.
        _ = try database.scalarInt("PRAGMA max_page_count = 1073741823")
        let summary = try job.run(store: store)
        #expect(summary.failures.isEmpty)
        #expect(try store.all().count == 12)
        #expect(fileBytes(logsPath) == logsBefore, "the log database changed")
    }
}
