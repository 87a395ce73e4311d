/// A statement argument. Text and integers travel in text format (the server casts them to the
/// column's type); bytes travel in binary format, never escaped.
public enum PGValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int64)
    case real(Double)
    case bytes([UInt8])
}

/// PostgreSQL's type OIDs the mapper reads (from `pg_type`; fixed since PostgreSQL 7).
public enum PGType {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let varchar: UInt32 = 1043
    public static let jsonb: UInt32 = 3802
}
