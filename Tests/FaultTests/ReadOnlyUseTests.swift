import Foundation
import SQLite
import TestLogSupport
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Reading commands on a database this user cannot write, nor write beside: they read, or say
/// exactly what SQLite needs. Run as `nobody` when the tests run as root (root writes anywhere).
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct ReadOnlyUseTests {
    static let readers: [[String]] = [["report"], ["check"], ["infer", "--model", "ro-0"], ["override", "list"]]

    /// Runs the mapper as an unprivileged user.
    func runAsOtherUser(_ arguments: [String], in dir: TemporaryDirectory) throws -> Child {
        guard getuid() == 0 else { return try runToEnd(Executables.mapper, arguments, in: dir) }
        return try runToEnd(
            URL(fileURLWithPath: "/usr/bin/setpriv"),
            ["--reuid=65534", "--regid=65534", "--clear-groups", Executables.mapper.path] + arguments, in: dir)
    }

    /// A mapped log database in `dir/ro/` (journal mode as asked), the directory then made read-only.
    func makeDatabase(_ dir: TemporaryDirectory, wal: Bool) throws -> String {
        let folder = dir.path("ro")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/logs.db"
        let logs = try LogBuilder(path: path)
        for (index, name) in LogBuilder.plainExchanges.prefix(3).enumerated() { try logs.insert(name, model: "ro-\(index)", times: 20) }
        logs.close()
        let run = try runToEnd(Executables.mapper, ["run", "--db", path, "--jobs", "2"], in: dir)
        try #require(run.exitCode == 0, "\(run.err)")
        // The last connection to close checkpoints and removes -wal and -shm: nothing is left beside the file.
        try Database(path: path, mode: .readWrite).execute(wal ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA journal_mode=DELETE")
        try #require(!FileManager.default.fileExists(atPath: path + "-shm"), "no -shm is left")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".lock") {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        return path
    }

    func restore(_ dir: TemporaryDirectory) {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path("ro"))
    }

    @Test func aRollbackJournalDatabaseInAReadOnlyDirectoryIsRead() throws {
        let dir = try TemporaryDirectory()
        let path = try makeDatabase(dir, wal: false)
        defer { restore(dir) }
        for command in Self.readers {
            let child = try runAsOtherUser(command + ["--db", path], in: dir)
            #expect(child.exitCode == 0, "\(command): \(child.err)")
        }
    }

    @Test func aWALDatabaseInAReadOnlyDirectoryIsReadWhileTheGatewayHasItOpen() throws {
        let dir = try TemporaryDirectory()
        let path = try makeDatabase(dir, wal: true)
        defer { restore(dir) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path("ro"))
        let gateway = try Database(path: path, mode: .readOnly)  // as root: makes -shm and keeps it
        _ = try gateway.scalarInt("SELECT count(*) FROM request_logs")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path("ro"))
        for command in Self.readers {
            let child = try runAsOtherUser(command + ["--db", path], in: dir)
            #expect(child.exitCode == 0, "\(command): \(child.err)")
        }
        withExtendedLifetime(gateway) {}
    }

    @Test func aWALDatabaseSQLiteCannotOpenSaysWhyWithExit77() throws {
        let dir = try TemporaryDirectory()
        let path = try makeDatabase(dir, wal: true)
        defer { restore(dir) }
        for command in Self.readers {
            let child = try runAsOtherUser(command + ["--db", path], in: dir)
            #expect(child.exitCode == 77, "\(command): \(child.err)")
            #expect(child.err.contains("logs.db-shm") && !child.err.contains("store mappings"), "\(command): \(child.err)")
        }
    }
}
