import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One SQLite connection. Not shared across threads: each worker opens its own.
public final class Database {
    /// How to open the file.
    public enum Mode: Sendable {
        /// Reads only; the file must exist. Nothing is ever written.
        case readOnly
        /// Reads and writes an existing file; fails if the file is missing or write-protected.
        case readWrite
        /// Reads and writes, creating the file when missing.
        case create
    }

    let handle: OpaquePointer
    /// The path as opened.
    public let path: String
    /// The mode the connection was opened with.
    public let mode: Mode
    private var statementCache: [String: Statement] = [:]

    /// Opens a connection and sets `busy_timeout`. A database this connection creates (an empty
    /// file) is switched to `journal_mode=WAL`; an existing one keeps the journal mode its owner
    /// chose (the gateway's log database is never switched behind its back).
    ///
    /// - Parameter busyTimeoutMilliseconds: how long to wait for another connection's lock
    ///   before failing with `SQLITE_BUSY`.
    public init(path: String, mode: Mode = .readOnly, busyTimeoutMilliseconds: Int = 5_000) throws(DatabaseError) {
        var flags: Int32 = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) }
            let error = DatabaseError(extendedResultCode: code, message: message, sql: nil)
            sqlite3_close_v2(handle)
            throw error
        }
        sqlite3_extended_result_codes(handle, 1)
        self.handle = handle
        self.path = path
        self.mode = mode
        sqlite3_busy_timeout(handle, Int32(clamping: busyTimeoutMilliseconds))
        do throws(DatabaseError) {
            // Reading the schema proves the file is a database (SQLITE_NOTADB otherwise).
            _ = try scalarInt("SELECT count(*) FROM sqlite_master")
            if mode != .readOnly {
                // SQLite silently opens a write-protected file read-only: refuse it instead. A file
                // without write permission bits counts as protected even for root, who could write it.
                if sqlite3_db_readonly(handle, "main") == 1 || Self.lacksWritePermission(path) {
                    throw DatabaseError(
                        extendedResultCode: SQLITE_READONLY,
                        message: "the database file is read-only", sql: nil)
                }
                if mode == .create, try scalarInt("PRAGMA page_count") == 0 {
                    try execute("PRAGMA journal_mode=WAL")
                }
            }
        } catch {
            statementCache.removeAll()
            sqlite3_close_v2(handle)
            throw error
        }
    }

    private static func lacksWritePermission(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH) == 0
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// True when this connection cannot write.
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    /// The rowid of the last inserted row.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changesCount: Int { Int(sqlite3_changes64(handle)) }

    /// Compiles a statement. Prefer `cachedStatement(_:)` for statements run many times.
    public func makeStatement(_ sql: String) throws(DatabaseError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// A statement compiled once per connection and reused.
    public func cachedStatement(_ sql: String) throws(DatabaseError) -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try makeStatement(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one statement with its arguments bound, ignoring rows.
    public func execute(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws(DatabaseError) {
        try cachedStatement(sql).execute(arguments)
    }

    /// Runs several statements separated by semicolons, without arguments (schema scripts).
    public func executeScript(_ sql: String) throws(DatabaseError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) }
            sqlite3_free(message)
            throw DatabaseError(extendedResultCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Calls `body` with the statement positioned on each row in turn.
    public func forEachRow(
        _ sql: String, _ arguments: [any DatabaseValueConvertible] = [],
        _ body: (Statement) throws -> Void
    ) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        while try statement.step() {
            try body(statement)
        }
    }

    /// Maps every row with `transform`.
    public func fetchAll<T>(
        _ sql: String, _ arguments: [any DatabaseValueConvertible] = [],
        _ transform: (Statement) throws -> T
    ) throws -> [T] {
        var rows: [T] = []
        try forEachRow(sql, arguments) { rows.append(try transform($0)) }
        return rows
    }

    /// The first column of the first row as an integer; nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws(DatabaseError) -> Int64? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        return try statement.step() ? statement.int64(at: 0) : nil
    }

    /// The first column of the first row as text; nil when there is no row or it is NULL.
    public func scalarString(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws(DatabaseError) -> String? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        return try statement.step() ? statement.string(at: 0) : nil
    }

    func error(_ code: Int32, sql: String?) -> DatabaseError {
        let extended = sqlite3_extended_errcode(handle)
        // The connection's code is the one for this failure unless it was reset meanwhile.
        let resultCode = (extended & 0xFF) == (code & 0xFF) ? extended : code
        return DatabaseError(extendedResultCode: resultCode, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
