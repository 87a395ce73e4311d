import TestSupport
import Foundation
import CommandTestSupport
import Testing
import Logs
import SQLiteLogs
import SQLite
@testable import Commands

@Suite struct GatewayMapperTests {
    @Test func helpGoesToStandardOutputAndExitsZero() {
        let result = CommandRunner.run(["--help"])
        #expect(result.code == .success)
        #expect(result.out.contains("USAGE: gateway-mapper <command>"))
        #expect(result.err.isEmpty)
    }

    @Test(arguments: GatewayMapper.commands.map { $0.name })
    func everyCommandHasHelp(name: String) {
        let result = CommandRunner.run([name, "--help"])
        #expect(result.code == .success)
        #expect(result.out.contains("USAGE: gateway-mapper \(name)"))
    }

    @Test(arguments: GatewayMapper.commands.map { $0.name })
    func anUnknownFlagIsAUsageError(name: String) {
        let result = CommandRunner.run([name, "--no-such-flag"])
        #expect(result.code == .usage)
        #expect(result.err.hasPrefix("Error: "))
        #expect(result.err.contains("USAGE: gateway-mapper \(name)"))
        #expect(result.out.isEmpty)
    }

    @Test func anUnknownCommandIsAUsageError() {
        let result = CommandRunner.run(["frobnicate"])
        #expect(result.code == .usage)
        #expect(result.err.contains("unknown command 'frobnicate'"))
    }

    @Test func noCommandIsAUsageError() {
        #expect(CommandRunner.run([]).code == .usage)
    }

    @Test func aMissingValueIsAUsageError() {
        let result = CommandRunner.run(["check", "--db"])
        #expect(result.code == .usage)
        #expect(result.err.contains("missing value for '--db'"))
    }
}

@Suite struct LogDatabaseTests {
    @Test func aMissingDatabaseIsNoInputAndIsNotCreated() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("missing.db")
        let result = CommandRunner.run(["check", "--db", path])
        #expect(result.code == .noInput)
        #expect(result.err.contains("no such file: \(path)"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aDirectoryIsNoInput() throws {
        let dir = try TemporaryDirectory()
        let result = CommandRunner.run(["check", "--db", dir.url.path])
        #expect(result.code == .noInput)
        #expect(result.err.contains("is a directory"))
    }

    @Test func aFileThatIsNotSQLiteIsADataErrorAndStaysUntouched() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("garbage.db")
        let bytes = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: URL(fileURLWithPath: path))
        let result = CommandRunner.run(["check", "--db", path])
        #expect(result.code == .dataError)
        #expect(result.err.contains("not a usable SQLite database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func aDatabaseWithoutTheContractIsADataError() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("other.db")
        try Database(path: path, mode: .create).execute("CREATE TABLE request_logs (id INTEGER PRIMARY KEY, model TEXT)")
        let result = CommandRunner.run(["check", "--db", path])
        #expect(result.code == .dataError)
        #expect(result.err.contains("lacks columns"))
        #expect(result.err.contains("'target_url'"))
    }

    @Test func aLogDatabaseIsCheckedReadOnly() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        try Database(path: path, mode: .create).executeScript(LogContract.createSQL)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = CommandRunner.run(["check", "--db", path])
        #expect(result.code == .success)
        #expect(result.out.contains("follows the log contract"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
