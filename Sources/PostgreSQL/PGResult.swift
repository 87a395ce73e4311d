import CPostgreSQL

/// One result of a statement, cleared in `deinit`. Values come in binary format: integers
/// big-endian, `bytea`, `text` and `json` as their bytes, `jsonb` after its version byte.
public final class PGResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    public var rowCount: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }

    /// How many rows the statement changed (an INSERT, UPDATE or DELETE), or 0.
    public var changedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// The column's type OID (see ``PGType``).
    public func type(at column: Int) -> UInt32 { PQftype(handle, Int32(column)) }

    public func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    /// The value's bytes as the server sent them, lent until the result is cleared; nil for NULL.
    /// A `jsonb` value comes without its version byte: the JSON text.
    public func bytes(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer? {
        guard !isNull(row, column), let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        let buffer = UnsafeRawBufferPointer(start: value, count: Int(PQgetlength(handle, Int32(row), Int32(column))))
        if type(at: column) == PGType.jsonb, buffer.first == 1 { return UnsafeRawBufferPointer(rebasing: buffer.dropFirst()) }
        return buffer
    }

    /// An integer column (int2, int4, int8, bool), or nil for NULL or another type.
    public func int64(_ row: Int, _ column: Int) -> Int64? {
        guard let bytes = bytes(row, column) else { return nil }
        let bits = Self.bigEndian(bytes)
        switch (type(at: column), bytes.count) {
        case (PGType.int8, 8): return Int64(bitPattern: bits)
        case (PGType.int4, 4): return Int64(Int32(truncatingIfNeeded: bits))
        case (PGType.int2, 2): return Int64(Int16(truncatingIfNeeded: bits))
        case (PGType.bool, 1): return Int64(bits)
        default: return nil
        }
    }

    /// A float8 or float4 column (or an integer one), or nil.
    public func double(_ row: Int, _ column: Int) -> Double? {
        guard let bytes = bytes(row, column) else { return nil }
        switch (type(at: column), bytes.count) {
        case (PGType.float8, 8): return Double(bitPattern: Self.bigEndian(bytes))
        case (PGType.float4, 4): return Double(Float(bitPattern: UInt32(truncatingIfNeeded: Self.bigEndian(bytes))))
        default: return int64(row, column).map(Double.init)
        }
    }

    /// Up to eight bytes read as a big-endian unsigned integer (binary format's byte order).
    static func bigEndian(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A text-like column (text, varchar, name, json, jsonb, bytea) as UTF-8 text, or nil.
    public func string(_ row: Int, _ column: Int) -> String? {
        switch type(at: column) {
        case PGType.text, PGType.varchar, PGType.name, PGType.json, PGType.jsonb, PGType.bytea:
            return bytes(row, column).map { String(decoding: $0, as: UTF8.self) }
        default:
            return int64(row, column).map(String.init)
        }
    }
}
