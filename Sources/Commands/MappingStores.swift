import Foundation
import PostgreSQL
import PostgreSQLStore
import Report
import SQLite
import SQLiteStore
import Store

/// Where the command line opens the mapping store: in the log database itself, or where
/// `--mappings-db` says. The one place a new kind of store (a server named by a URI) is added;
/// today every store is an SQLite file.
public enum MappingStores {
    /// A writable store, checked sound and migrated. The log database must already have passed
    /// its contract check; `checkedSound` says the caller has just run the same integrity check
    /// on the same file (reading a large file twice costs seconds). With `runMode`, the store's
    /// run lock is taken before anything is checked or written, and returned with the store.
    public static func openForWriting(
        logPath: DatabaseLocation, mappingsPath: DatabaseLocation?, busyTimeoutMilliseconds: Int = 5_000, checkedSound: Bool = false,
        lockingFor runMode: String? = nil
    ) throws -> (store: MappingStore, lease: (any RunLease)?) {
        let location = mappingsPath ?? logPath
        if location.isPostgreSQL {
            let store = MappingStore(try postgreSQL(location, option: mappingsPath == nil ? "--db" : "--mappings-db", lockTimeoutMilliseconds: busyTimeoutMilliseconds))
            let lease = try runMode.map { try lock(store, mode: $0) }
            try store.migrate()
            return (store, lease)
        }
        let path = location.raw
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
        let store = MappingStore(db)
        let lease = try runMode.map { try lock(store, mode: $0) }
        // A damaged file is never written, wherever the damage lies (a page the job never reads
        // may be one the store's next write would land on).
        if !checkedSound { try requireSound(db, path: path) }
        // In WAL, commits need not wait for the disk: a crash or kill still leaves each transaction
        // whole (as before or as after); a power cut may lose the last few, which the next run redoes.
        // A rollback-journal database keeps its owner's setting.
        if try db.scalarString("PRAGMA journal_mode") == "wal" {
            try db.execute("PRAGMA synchronous=NORMAL")
        }
        try store.migrate()
        return (store, lease)
    }

    /// Takes the store's run lock for a run of `mode`, or says why not (75 when another run holds it).
    static func lock(_ store: MappingStore, mode: String) throws -> any RunLease {
        do {
            return try store.lockForRun(mode: mode)
        } catch .held(let holder) {
            throw CommandError(.tryAgain, "another gateway-mapper run holds the lock on \(store.location) (\(holder)); try again later")
        } catch .cannotCreate(let location, let reason) {
            throw CommandError(.cannotCreate, "cannot create the run lock \(location): \(reason); the directory must be writable")
        } catch .backend(let error) {
            throw error
        }
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

    /// A connection to a store in PostgreSQL; a malformed URI is a usage error (64).
    static func postgreSQL(_ location: DatabaseLocation, option: String, lockTimeoutMilliseconds: Int = 5_000) throws -> PostgreSQLStoreConnection {
        try PostgreSQLStoreConnection(try LogSources.connectionString(location, option: option), lockTimeoutMilliseconds: lockTimeoutMilliseconds)
    }

    /// A read-only store, or nil when none exists yet.
    public static func openForReading(logPath: DatabaseLocation, mappingsPath: DatabaseLocation?) throws -> MappingStore? {
        let location = mappingsPath ?? logPath
        if location.isPostgreSQL {
            return MappingStore(try postgreSQL(location, option: location == logPath ? "--db" : "--mappings-db"))
        }
        let mappingsPath = location.raw
        let logPath = logPath.raw
        guard FileManager.default.fileExists(atPath: mappingsPath) else { return nil }
        try LogDatabase.checkFile(mappingsPath, option: mappingsPath == logPath ? "--db" : "--mappings-db", what: "the mappings database")
        return try LogDatabase.described(mappingsPath) { MappingStore(try Database(path: mappingsPath, mode: .readOnly)) }
    }
}
