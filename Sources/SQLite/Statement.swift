import CSQLite

/// A prepared statement. Finalized when released.
///
/// Bind parameters with `bind(_:)`, then call `step()` until it returns false, reading columns
/// while it returns true. Column reads are valid only until the next `step()` or `reset()`.
public final class Statement {
    let handle: OpaquePointer
    /// The SQL, as given.
    public let sql: String
    unowned let database: Database

    init(database: Database, sql: String) throws(DatabaseError) {
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, 0, &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw database.error(code, sql: sql)
        }
        self.handle = handle
        self.sql = sql
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Number of columns in each row.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The name of a result column.
    public func columnName(at index: Int) -> String {
        String(cString: sqlite3_column_name(handle, Int32(index)))
    }

    /// Resets the statement and binds all parameters, in order (`?1`, `?2`, …).
    public func bind(_ values: [any DatabaseValueConvertible]) throws(DatabaseError) {
        reset()
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw DatabaseError(
                extendedResultCode: SQLITE_MISUSE,
                message: "wrong number of arguments: \(values.count) given, \(expected) expected",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value.databaseValue, at: offset + 1)
        }
    }

    /// Binds one parameter by its 1-based index.
    public func bind(_ value: DatabaseValue, at index: Int) throws(DatabaseError) {
        let position = Int32(index)
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, position)
        case .integer(let int):
            code = sqlite3_bind_int64(handle, position, int)
        case .real(let double):
            code = sqlite3_bind_double(handle, position, double)
        case .text(let string):
            // By byte count, not up to the first NUL: a text with a NUL byte is bound whole.
            var text = string
            code = text.isEmpty
                ? sqlite3_bind_text(handle, position, "", 0, csqlite_transient())
                : text.withUTF8 { bytes in
                    sqlite3_bind_text64(handle, position, bytes.baseAddress, sqlite3_uint64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8))
                }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(handle, position, buffer.baseAddress, sqlite3_uint64(buffer.count), csqlite_transient())
            }
        }
        guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
    }

    /// Advances to the next row. Returns true when a row is available, false when done.
    @discardableResult
    public func step() throws(DatabaseError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            let error = database.error(code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion, ignoring rows.
    public func execute(_ arguments: [any DatabaseValueConvertible] = []) throws(DatabaseError) {
        try bind(arguments)
        while try step() {}
    }

    /// Makes the statement ready to run again; bindings are kept.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Whether a column of the current row is NULL.
    public func isNull(at index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    /// Whether a column of the current row is an integer.
    public func isInteger(at index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_INTEGER
    }

    /// Whether a column of the current row is a blob.
    public func isBlob(at index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_BLOB
    }

    /// The current row's column as an integer, or nil when NULL.
    public func int64(at index: Int) -> Int64? {
        isNull(at: index) ? nil : sqlite3_column_int64(handle, Int32(index))
    }

    /// The current row's column as a double, or nil when NULL.
    public func double(at index: Int) -> Double? {
        isNull(at: index) ? nil : sqlite3_column_double(handle, Int32(index))
    }

    /// The current row's column as text, or nil when NULL. Invalid UTF-8 is repaired.
    public func string(at index: Int) -> String? {
        guard !isNull(at: index), let text = sqlite3_column_text(handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Lends the column's bytes without copying them. The buffer is empty for NULL and zero-length
    /// values, and valid only inside `body`.
    public func withBytes<R, E: Error>(at index: Int, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let column = Int32(index)
        // sqlite3_column_blob before sqlite3_column_bytes, as SQLite documents.
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: count))
    }

    /// The column's bytes as SQLite holds them (text or blob), or nil for NULL: lent, valid only
    /// until the statement steps, resets or is finalized, and never after a conversion of the
    /// same column.
    public func lentBytes(at index: Int) -> UnsafeRawBufferPointer? {
        let column = Int32(index)
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: count)
    }

    /// The size in bytes of the column, without reading it.
    public func byteCount(at index: Int) -> Int {
        Int(sqlite3_column_bytes(handle, Int32(index)))
    }

    /// The column as bytes (copied), or nil when NULL.
    public func bytes(at index: Int) -> [UInt8]? {
        if isNull(at: index) { return nil }
        return withBytes(at: index) { Array($0) }
    }

    /// The column as a `DatabaseValue`, in its storage class.
    public func value(at index: Int) -> DatabaseValue {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, Int32(index)))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, Int32(index)))
        case SQLITE_TEXT: return .text(string(at: index) ?? "")
        case SQLITE_BLOB: return .blob(bytes(at: index) ?? [])
        default: return .null
        }
    }
}
