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
        var value: Int64 = 0
        switch type(at: column) {
        case PGType.int8 where bytes.count == 8:
            for byte in bytes { value = value << 8 | Int64(byte) }
            return value
        case PGType.int4 where bytes.count == 4:
            for byte in bytes { value = value << 8 | Int64(byte) }
            return Int64(Int32(truncatingIfNeeded: value))
        case PGType.int2 where bytes.count == 2:
            for byte in bytes { value = value << 8 | Int64(byte) }
            return Int64(Int16(truncatingIfNeeded: value))
        case PGType.bool where bytes.count == 1:
            return Int64(bytes[0])
        default:
            return nil
        }
    }

    /// A float8 or float4 column (or an integer one), or nil.
    public func double(_ row: Int, _ column: Int) -> Double? {
        guard let bytes = bytes(row, column) else { return nil }
        var bits: UInt64 = 0
        switch type(at: column) {
        case PGType.float8 where bytes.count == 8:
            for byte in bytes { bits = bits << 8 | UInt64(byte) }
            return Double(bitPattern: bits)
        case PGType.float4 where bytes.count == 4:
            for byte in bytes { bits = bits << 8 | UInt64(byte) }
            return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        default:
            return int64(row, column).map(Double.init)
        }
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
