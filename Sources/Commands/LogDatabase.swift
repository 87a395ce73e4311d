import Foundation
import Logs
import SQLiteLogs
import SQLite

/// An SQLite file as the commands open it: it must exist and be a regular file (it is never
/// created), and SQLite's errors on opening it are said with what to do.
public enum LogDatabase {
    /// Opens `path` as a raw connection that has passed the log contract (for the benchmarks'
    /// own queries); `write` asks for a writable one.
    public static func open(_ path: String, write: Bool = false, busyTimeoutMilliseconds: Int = 5_000) throws -> Database {
        try checkFile(path, option: "--db")
        return try described(path, reading: !write) {
            let db = try Database(path: path, mode: write ? .readWrite : .readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            try LogContract.check(db)
            return db
        }
    }

    /// Runs `open`, turning a damaged file (65) and a WAL file SQLite cannot read here (77) into
    /// errors that name `path` and what to do.
    static func described<T>(_ path: String, reading: Bool = true, _ open: () throws -> T) throws -> T {
        do {
            return try open()
        } catch let error as DatabaseError where error.isCorrupt {
            throw unusable(path, error)
        } catch let error as DatabaseError where reading && (error.isReadOnly || error.isCannotOpen) {
            throw unreadable(path, error)
        }
    }

    /// A WAL database SQLite cannot open even to read: it must create `<db>-shm` beside the file
    /// and this user cannot write to the directory. Exit 77, with what to change.
    static func unreadable(_ path: String, _ error: DatabaseError) -> any Error {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard !FileManager.default.isWritableFile(atPath: directory) else { return error }
        return CommandError(.noPermission, "cannot open \(path) to read it: the database is in WAL mode and SQLite must create "
            + "\(URL(fileURLWithPath: path).lastPathComponent)-shm beside it, but this user cannot write to \(directory). "
            + "Give the user write access to that directory (reading never writes the database), or run as the gateway's user")
    }

    /// A file that is not a usable SQLite database (damaged, truncated, not a database): named,
    /// with what to do. Exit 65.
    static func unusable(_ path: String, _ error: DatabaseError) -> CommandError {
        CommandError(.dataError, "\(path) is not a usable SQLite database (SQLite error \(error.resultCode): \(error.message)); "
            + "check the path, or restore the file from a backup")
    }

    /// Throws a clear error for a missing path, a directory or an unreadable file; `what` names
    /// what the option takes.
    static func checkFile(_ path: String, option: String, what: String = "the gateway's log database") throws(CommandError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandError(.noInput, "no such file: \(path); pass \(what) with \(option)")
        }
        guard !isDirectory.boolValue else {
            throw CommandError(.noInput, "\(path) is a directory; pass the database file itself with \(option)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CommandError(.noInput, "\(path) is not readable by this user; check its permissions")
        }
    }
}
