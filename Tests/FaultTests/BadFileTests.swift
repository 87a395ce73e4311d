import SQLite
import Demo
import Foundation
import TestLogSupport
import Testing
import TestSupport

/// A log or mappings database that is damaged, missing, a directory or read-only: every command
/// fails with one clear line and the right sysexits code, and never changes the file's bytes.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct BadFileTests {
    /// How the file under test is spoiled.
    enum Damage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case truncatedToHalf, truncatedToOnePage, truncatedInsideHeader, garbageHeader, textFile, emptyFile, directory, missing
        var testDescription: String { rawValue }

        /// The exit code every command must give (sysexits.h).
        var exitCode: Int32 {
            switch self {
            case .truncatedToHalf, .truncatedToOnePage, .truncatedInsideHeader, .garbageHeader, .textFile, .emptyFile: return 65
            case .directory, .missing: return 66
            }
        }
    }

    /// The commands that open the log database.
    static let commands: [[String]] = [
        ["run"], ["run", "--dry-run"], ["expedite", "--model", "bad-0"], ["report"], ["report", "--json"], ["infer", "--model", "bad-0"],
    ]

    /// A small valid log database (WAL, closed cleanly so it is one file).
    static func makeLogs(_ path: String) throws {
        let logs = try LogBuilder(path: path)
        for (index, name) in LogBuilder.plainExchanges.prefix(4).enumerated() {
            try logs.insert(name, model: "bad-\(index)", times: 25)
        }
        logs.close()
    }

    static func spoil(_ path: String, _ damage: Damage) throws {
        var rng = SplitMix64(seed: 7)
        let bytes = try #require(fileBytes(path))
        switch damage {
        case .truncatedToHalf:
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        case .truncatedToOnePage:
            try bytes.prefix(4096).write(to: URL(fileURLWithPath: path))
        case .truncatedInsideHeader:
            try bytes.prefix(60).write(to: URL(fileURLWithPath: path))
        case .garbageHeader:
            var spoiled = bytes
            for index in 0..<100 { spoiled[index] = UInt8(truncatingIfNeeded: rng.next()) }
            try spoiled.write(to: URL(fileURLWithPath: path))
        case .textFile:
            try Data("id,model\n1,gpt-4o\n".utf8).write(to: URL(fileURLWithPath: path))
        case .emptyFile:
            try Data().write(to: URL(fileURLWithPath: path))
        case .directory:
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .missing:
            try FileManager.default.removeItem(atPath: path)
        }
    }

    @Test(arguments: Damage.allCases)
    func aDamagedLogDatabaseFailsEveryCommandWithOneLineAndTheRightCodeAndIsNeverWritten(_ damage: Damage) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        try Self.makeLogs(path)
        try Self.spoil(path, damage)
        let before = fileBytes(path)
        for command in Self.commands {
            let child = try runToEnd(Executables.mapper, command + ["--db", path], in: dir)
            let line = command.joined(separator: " ")
            #expect(child.exitCode == damage.exitCode, "\(line): exit \(child.exitCode), stderr: \(child.err)")
            #expect(child.errorLines.count == 1, "\(line): one error line, got: \(child.err)")
            let message = child.errorLines.first ?? ""
            #expect(message.hasPrefix("Error: "), "\(line): \(message)")
            #expect(message.contains("logs.db"), "\(line): the message names the file: \(message)")
            #expect(child.out.isEmpty, "\(line): nothing on stdout: \(child.out)")
            #expect(fileBytes(path) == before, "\(line): the file's bytes changed")
            // A reader may create an empty WAL beside a WAL-mode file; nothing may be written to it.
            #expect(walSize(path) == 0, "\(line): something was written to the WAL")
        }
    }

    @Test(arguments: [Damage.truncatedToHalf, .garbageHeader, .textFile, .directory])
    func aDamagedMappingsDatabaseFailsTheRunAndLeavesBothFilesAlone(_ damage: Damage) throws {
        let dir = try TemporaryDirectory()
        let logsPath = dir.path("logs.db")
        let storePath = dir.path("mappings.db")
        try Self.makeLogs(logsPath)
        let first = try runToEnd(Executables.mapper, ["run", "--db", logsPath, "--mappings-db", storePath, "--jobs", "2"], in: dir)
        try #require(first.exitCode == 0, "\(first.err)")
        try Self.spoil(storePath, damage)
        let logsBefore = fileBytes(logsPath)
        let storeBefore = fileBytes(storePath)
        for command in [["run"], ["expedite", "--model", "bad-0"], ["report"]] {
            let child = try runToEnd(Executables.mapper, command + ["--db", logsPath, "--mappings-db", storePath], in: dir)
            let line = command.joined(separator: " ")
            #expect(child.exitCode == damage.exitCode, "\(line): exit \(child.exitCode), stderr: \(child.err)")
            #expect(child.errorLines.count == 1 && child.errorLines.first?.hasPrefix("Error: ") == true, "\(line): \(child.err)")
            #expect(child.errorLines.first?.contains("mappings.db") == true, "\(line): the message names the file: \(child.err)")
            #expect(fileBytes(logsPath) == logsBefore, "\(line): the log database changed")
            #expect(fileBytes(storePath) == storeBefore, "\(line): the mappings file changed")
            #expect(walSize(storePath) == 0, "\(line): something was written to the mappings WAL")
        }
    }

    @Test func aReadOnlyLogDatabaseIsRefusedForWritingButReadAndMappedElsewhere() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        try Self.makeLogs(path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let before = fileBytes(path)

        // Storing mappings in it needs write access: 73, whoever runs it (root included).
        for command in [["run"], ["expedite", "--model", "bad-0"], ["override", "set", "--model", "bad-0", "--schema", "openai.chat_completions"]] {
            let child = try runToEnd(Executables.mapper, command + ["--db", path], in: dir)
            let line = command.joined(separator: " ")
            #expect(child.exitCode == 73, "\(line): exit \(child.exitCode), stderr: \(child.err)")
            #expect(child.errorLines.count == 1, "\(line): \(child.err)")
            #expect(child.errorLines.first?.contains("read-only") == true, "\(line): \(child.err)")
            #expect(fileBytes(path) == before, "\(line): the file's bytes changed")
        }
        // Reading it is fine, and the job runs with its mappings in another file.
        let report = try runToEnd(Executables.mapper, ["report", "--db", path], in: dir)
        #expect(report.exitCode == 1, "report: everything is pending: \(report.err)")
        let run = try runToEnd(Executables.mapper, ["run", "--db", path, "--mappings-db", dir.path("mappings.db"), "--jobs", "2"], in: dir)
        #expect(run.exitCode == 0, "\(run.err)")
        #expect(run.out.contains("mapped 4"), "\(run.out)")
        #expect(fileBytes(path) == before, "the read-only log database's bytes changed")
    }

    @Test func aReadOnlyMappingsDatabaseIsRefusedWithExit73() throws {
        let dir = try TemporaryDirectory()
        let logsPath = dir.path("logs.db")
        let storePath = dir.path("mappings.db")
        try Self.makeLogs(logsPath)
        let first = try runToEnd(Executables.mapper, ["run", "--db", logsPath, "--mappings-db", storePath, "--jobs", "2"], in: dir)
        try #require(first.exitCode == 0, "\(first.err)")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: storePath)
        let logsBefore = fileBytes(logsPath)
        let storeBefore = fileBytes(storePath)
        let child = try runToEnd(Executables.mapper, ["run", "--db", logsPath, "--mappings-db", storePath], in: dir)
        #expect(child.exitCode == 73, "exit \(child.exitCode), stderr: \(child.err)")
        #expect(child.errorLines.count == 1 && child.errorLines.first?.contains("mappings.db is read-only") == true, "\(child.err)")
        #expect(fileBytes(logsPath) == logsBefore)
        #expect(fileBytes(storePath) == storeBefore)
        // Reading the mappings still works.
        let report = try runToEnd(Executables.mapper, ["report", "--db", logsPath, "--mappings-db", storePath], in: dir)
        #expect(report.exitCode == 0, "\(report.err)")
    }
}

/// Damage inside the file (not at its head) is found only when a model's rows are read.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct InnerDamageTests {
    @Test func aLogDatabaseDamagedInsideFailsTheModelsItCannotReadWithExit65NotAnInternalError() throws {
        let dir = try TemporaryDirectory()
        let logsPath = dir.path("logs.db")
        let logs = try LogBuilder(path: logsPath)
        for (index, name) in LogBuilder.plainExchanges.enumerated() {
            try logs.insert(name, model: "inner-\(index)", times: 30)
        }
        logs.close()
        // Seeded garbage over two pages in the middle of the table's rows.
        var bytes = try #require(fileBytes(logsPath))
        let pageSize = 4096
        let first = bytes.count / pageSize / 2
        var rng = SplitMix64(seed: 11)
        for index in (first * pageSize)..<((first + 2) * pageSize) { bytes[index] = UInt8(truncatingIfNeeded: rng.next()) }
        try bytes.write(to: URL(fileURLWithPath: logsPath))

        let run = try runToEnd(Executables.mapper, ["run", "--db", logsPath, "--mappings-db", dir.path("mappings.db"), "--jobs", "2"], in: dir)
        #expect(run.exitCode == 65, "exit \(run.exitCode): \(run.out) \(run.err)")
        #expect(run.out.contains("FAILED inner-"), "a model whose rows cannot be read is named: \(run.out)")
        #expect(run.out.contains("malformed"), "\(run.out)")
        #expect(run.out.contains("mapped"), "the other models are still mapped: \(run.out)")
        #expect(fileBytes(logsPath) == bytes, "the damaged log database was written")
    }
}

/// Damage anywhere in the log database that also holds the mappings: the run finds it before its
/// first write (SQLite's quick_check), exits 65 and leaves every byte as it was.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct DamageBeforeWriteTests {
    enum Place: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case tablePages, indexRoot, freelistTrunk
        var testDescription: String { rawValue }
    }

    /// A log database with free pages (rows deleted), closed so it is one file; its page size.
    static func makeLogs(_ path: String) throws -> Int {
        let logs = try LogBuilder(path: path)
        for (index, name) in LogBuilder.plainExchanges.enumerated() {
            try logs.insert(name, model: "dmg-\(index)", times: 30)
        }
        logs.close()
        let db = try Database(path: path, mode: .readWrite)
        try db.execute("DELETE FROM request_logs WHERE model = 'dmg-8'")
        return Int(try db.scalarInt("PRAGMA page_size") ?? 4096)
    }

    /// The 1-based page to spoil.
    static func page(_ place: Place, in path: String, pageSize: Int) throws -> Int {
        let db = try Database(path: path, mode: .readOnly)
        switch place {
        case .tablePages:
            return Int(try db.scalarInt("PRAGMA page_count") ?? 4) / 2
        case .indexRoot:
            return Int(try db.scalarInt("SELECT rootpage FROM sqlite_master WHERE name = 'request_logs_model'") ?? 0)
        case .freelistTrunk:
            let bytes = try #require(fileBytes(path))
            return bytes[32..<36].reduce(0) { $0 << 8 | Int($1) }
        }
    }

    @Test(arguments: Place.allCases)
    func aRunNeverWritesADamagedDatabaseWhereverTheDamageLies(_ place: Place) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        let pageSize = try Self.makeLogs(path)
        let page = try Self.page(place, in: path, pageSize: pageSize)
        try #require(page > 1, "the \(place) page was found")
        var bytes = try #require(fileBytes(path))
        var rng = SplitMix64(seed: 5)
        for index in ((page - 1) * pageSize)..<(page * pageSize) { bytes[index] = UInt8(truncatingIfNeeded: rng.next()) }
        try bytes.write(to: URL(fileURLWithPath: path))

        for command in [["run", "--jobs", "2"], ["expedite", "--model", "dmg-0"], ["override", "set", "--model", "dmg-0", "--schema", "openai.chat_completions"]] {
            let child = try runToEnd(Executables.mapper, command + ["--db", path], in: dir)
            let line = command.joined(separator: " ")
            #expect(child.exitCode == 65, "\(line): exit \(child.exitCode): \(child.err)")
            // Found by the check before the first write, or earlier by a read that hit the damage.
            #expect(child.err.contains("damaged") || child.err.contains("not a usable SQLite database"), "\(line): \(child.err)")
            #expect(fileBytes(path) == bytes, "\(line): the damaged database was written")
            #expect(walSize(path) == 0, "\(line): something was written to the WAL")
        }
    }

    @Test func aRunWhoseLogsAreDamagedRecordsTheExitStatusItEndsWith() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        let store = dir.path("mappings.db")
        let pageSize = try Self.makeLogs(path)
        let page = try Self.page(.tablePages, in: path, pageSize: pageSize)
        var bytes = try #require(fileBytes(path))
        var rng = SplitMix64(seed: 5)
        for index in ((page - 1) * pageSize)..<(page * pageSize) { bytes[index] = UInt8(truncatingIfNeeded: rng.next()) }
        try bytes.write(to: URL(fileURLWithPath: path))
        let child = try runToEnd(Executables.mapper, ["run", "--db", path, "--mappings-db", store, "--jobs", "2"], in: dir)
        #expect(child.exitCode == 65, "\(child.err)")
        let runs = try Database(path: store, mode: .readOnly).fetchAll("SELECT exit_status, keys_considered FROM mapping_runs") {
            ($0.int64(at: 0), $0.int64(at: 1))
        }
        #expect(runs.count == 1)
        #expect(runs.first?.0 == 65, "recorded \(String(describing: runs.first?.0))")
        #expect((runs.first?.1 ?? 0) > 0, "the keys it did map are counted")
    }
}
