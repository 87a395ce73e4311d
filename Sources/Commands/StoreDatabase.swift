import Foundation
import Job
import Sampling
import Store
import Report
import SQLite

/// Opening the mapping store: in the log database itself, or in the file `--mappings-db` names.
public enum StoreDatabase {
    /// A writable store, checked sound and migrated. The log database must already have passed
    /// its contract check; `checkedSound` says the caller has just run the same integrity check
    /// on the same file (reading a large file twice costs seconds).
    public static func openForWriting(
        logPath: String, mappingsPath: String?, busyTimeoutMilliseconds: Int = 5_000, checkedSound: Bool = false
    ) throws -> MappingStore {
        let path = mappingsPath ?? logPath
        let mode: Database.Mode
        if mappingsPath != nil, !FileManager.default.fileExists(atPath: path) {
            mode = .create
        } else {
            try LogDatabase.checkFile(
                path, option: mappingsPath == nil ? "--db" : "--mappings-db",
                what: mappingsPath == nil ? "the gateway's log database" : "the mappings database")
            mode = .readWrite
        }
        let db: Database
        do {
            db = try Database(path: path, mode: mode, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        } catch {
            throw describeOpenFailure(error, path: path)
        }
        // A damaged file is never written, wherever the damage lies (a page the job never reads
        // may be one the store's next write would land on).
        if !checkedSound { try requireSound(db, path: path) }
        // In WAL, commits need not wait for the disk: a crash or kill still leaves each transaction
        // whole (as before or as after); a power cut may lose the last few, which the next run redoes.
        // A rollback-journal database keeps its owner's setting.
        if try db.scalarString("PRAGMA journal_mode") == "wal" {
            try db.execute("PRAGMA synchronous=NORMAL")
        }
        let store = MappingStore(db)
        try store.migrate()
        return store
    }

    /// Throws a data error (65) naming the first problem `PRAGMA quick_check` finds in `db`.
    static func requireSound(_ db: Database, path: String) throws {
        let problems: [String]
        do {
            problems = try db.quickCheck(limit: 3)
        } catch {
            throw describeOpenFailure(error, path: path)
        }
        guard let first = problems.first else { return }
        throw CommandError(.dataError, "\(path) is damaged (SQLite quick_check: \(TerminalText.escaped(first))); nothing was written. "
            + "Restore it from a backup, or recover it with: sqlite3 \(path) .recover | sqlite3 recovered.db")
    }

    static func describeOpenFailure(_ error: DatabaseError, path: String) -> any Error {
        if error.isReadOnly {
            return CommandError(.cannotCreate, "\(path) is read-only; the mapper stores its mappings there. "
                + "Make it writable, or keep mappings in another file with --mappings-db PATH")
        }
        if error.isCannotOpen {
            return CommandError(.cannotCreate, "cannot open \(path) for writing: \(error.message)")
        }
        if error.isCorrupt {
            return LogDatabase.unusable(path, error)
        }
        return error
    }

    /// A read-only store, or nil when none exists yet.
    static func openForReading(logPath: String, mappingsPath: String?) throws -> MappingStore? {
        let mappingsPath = mappingsPath ?? logPath
        guard FileManager.default.fileExists(atPath: mappingsPath) else { return nil }
        try LogDatabase.checkFile(mappingsPath, option: mappingsPath == logPath ? "--db" : "--mappings-db", what: "the mappings database")
        return try LogDatabase.described(mappingsPath) { MappingStore(try Database(path: mappingsPath, mode: .readOnly)) }
    }
}
