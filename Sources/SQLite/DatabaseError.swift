import CSQLite

/// An error from SQLite: the extended result code, SQLite's message, and the SQL that failed.
///
/// Prints as `SQLite error 19: UNIQUE constraint failed: t.id - while executing `INSERT …``.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_CONSTRAINT_UNIQUE`, …).
    public let extendedResultCode: Int32
    /// SQLite's own message.
    public let message: String
    /// The statement being prepared or run, when there was one.
    public let sql: String?

    public init(extendedResultCode: Int32, message: String? = nil, sql: String? = nil) {
        self.extendedResultCode = extendedResultCode
        self.message = message ?? String(cString: sqlite3_errstr(extendedResultCode))
        self.sql = sql
    }

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, …).
    public var resultCode: Int32 { extendedResultCode & 0xFF }

    /// True when another connection holds a lock: retry later.
    public var isBusy: Bool { resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED }
    /// True when the file is not a database or is damaged.
    public var isCorrupt: Bool { resultCode == SQLITE_NOTADB || resultCode == SQLITE_CORRUPT }
    /// True when the database cannot be written (read-only file or connection).
    public var isReadOnly: Bool { resultCode == SQLITE_READONLY }
    /// True when the file could not be opened.
    public var isCannotOpen: Bool { resultCode == SQLITE_CANTOPEN }
    /// True when the disk or the page budget is full.
    public var isFull: Bool { resultCode == SQLITE_FULL }

    public var description: String {
        var text = "SQLite error \(resultCode): \(message)"
        if let sql {
            // One line, whatever the statement's layout: an error is printed on a single line.
            let statement = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
            text += " - while executing `\(statement)`"
        }
        return text
    }
}
