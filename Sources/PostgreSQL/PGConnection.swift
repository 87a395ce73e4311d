import CPostgreSQL
import Foundation

/// One connection to a PostgreSQL server through libpq, closed in `deinit`. Results come in
/// binary format (no hex-escaped `bytea`); ``forEachRow(_:_:_:)`` reads one row at a time in
/// libpq's single-row mode, so memory stays flat however many rows a query returns.
/// Not thread-safe: one connection per thread, as libpq requires.
public final class PGConnection {
    let handle: OpaquePointer
    public let location: PGConnectionString

    /// Connects (with `fallback_application_name` = `applicationName`, so the server and other
    /// sessions can see who holds what); server notices are dropped, not printed.
    public init(_ location: PGConnectionString, applicationName: String = "gateway-mapper", connectTimeoutSeconds: Int = 10) throws(PGError) {
        let keywords = ["dbname", "fallback_application_name", "connect_timeout"]
        let values = [location.raw, applicationName, "\(connectTimeoutSeconds)"]
        let connection = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw PGError(sqlState: "", message: "out of memory connecting to \(location.redacted)") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines
            PQfinish(connection)
            throw PGError(sqlState: "", message: "cannot connect to \(location.redacted): \(message)")
        }
        cpostgresql_silence_notices(connection)
        handle = connection
        self.location = location
        _ = PQsetClientEncoding(connection, "UTF8")
    }

    deinit {
        PQfinish(handle)
    }

    /// The server's version as a number (150004 for 15.4).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one statement with `arguments` bound to `$1`, `$2`…; returns its whole result.
    @discardableResult
    public func execute(_ sql: String, _ arguments: [PGValue] = []) throws(PGError) -> PGResult {
        try Self.checkText(arguments, sql: sql)
        let raw = Self.withArguments(arguments) { count, values, lengths, formats in
            PQexecParams(handle, sql, count, nil, values, lengths, formats, 1)
        }
        return try check(raw, sql: sql)
    }

    /// Runs statements separated by semicolons, without arguments (migrations).
    public func executeScript(_ sql: String) throws(PGError) {
        _ = try check(PQexec(handle, sql), sql: sql)
    }

    /// Calls `body` with each row of a query as it arrives (the row is row 0 of its result,
    /// lent until `body` returns); `body` returns false to stop early.
    public func forEachRow(_ sql: String, _ arguments: [PGValue] = [], _ body: (PGResult) throws -> Bool) throws {
        try Self.checkText(arguments, sql: sql)
        let sent = Self.withArguments(arguments) { count, values, lengths, formats in
            PQsendQueryParams(handle, sql, count, nil, values, lengths, formats, 1)
        }
        guard sent == 1 else { throw lastError(sql: sql) }
        _ = PQsetSingleRowMode(handle)
        var failure: (any Error)?
        var wanted = true
        while let raw = PQgetResult(handle) {
            // Every result must be taken, even after a stop or an error, before the next query.
            guard failure == nil, wanted else {
                PQclear(raw)
                continue
            }
            do {
                let result = try check(raw, sql: sql)
                if PQresultStatus(raw) == PGRES_SINGLE_TUPLE { wanted = try body(result) }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Wraps a result, throwing the error it reports.
    func check(_ raw: OpaquePointer?, sql: String) throws(PGError) -> PGResult {
        guard let raw else { throw lastError(sql: sql) }
        let result = PGResult(raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY:
            return result
        default:
            let state = PQresultErrorField(raw, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            let message = String(cString: PQresultErrorMessage(raw)).trimmingTrailingNewlines
            throw PGError(sqlState: state, message: message.isEmpty ? "unknown error" : message, sql: sql)
        }
    }

    func lastError(sql: String) -> PGError {
        PGError(sqlState: "", message: String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines, sql: sql)
    }

    /// Text travels NUL-terminated and PostgreSQL's text holds no NUL: such a value is refused
    /// here rather than cut short (as the server refuses it: SQLSTATE 22021).
    static func checkText(_ arguments: [PGValue], sql: String) throws(PGError) {
        for (index, argument) in arguments.enumerated() {
            if case .text(let text) = argument, text.utf8.contains(0) {
                throw PGError(sqlState: "22021", message: "argument $\(index + 1) holds a NUL byte, which text cannot", sql: sql)
            }
        }
    }

    /// Lends libpq the arguments as C arrays: text for text and numbers, binary for bytes.
    static func withArguments<R>(
        _ arguments: [PGValue],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        var buffers: [[UInt8]?] = []
        var formats: [Int32] = []
        for argument in arguments {
            switch argument {
            case .null: buffers.append(nil); formats.append(0)
            case .text(let text): buffers.append(Array(text.utf8) + [0]); formats.append(0)
            case .integer(let value): buffers.append(Array("\(value)".utf8) + [0]); formats.append(0)
            case .real(let value): buffers.append(Array("\(value)".utf8) + [0]); formats.append(0)
            case .bytes(let bytes): buffers.append(bytes); formats.append(1)
            }
        }
        let lengths = buffers.map { Int32($0?.count ?? 0) }
        let pointers = buffers.map { buffer -> UnsafeMutablePointer<CChar>? in
            guard let buffer else { return nil }
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, buffer.count))
            buffer.withUnsafeBytes { UnsafeMutableRawPointer(pointer).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            return pointer
        }
        defer { pointers.forEach { $0?.deallocate() } }
        let values = pointers.map { UnsafePointer($0) }
        return values.withUnsafeBufferPointer { values in
            lengths.withUnsafeBufferPointer { lengths in
                formats.withUnsafeBufferPointer { formats in
                    body(Int32(arguments.count), values.baseAddress, lengths.baseAddress, formats.baseAddress)
                }
            }
        }
    }

    /// Lends `strings` as a NULL-terminated array of C strings.
    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
