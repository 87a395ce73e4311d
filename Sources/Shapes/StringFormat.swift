#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONScanning

/// A guess at what a string holds, from its shape only (the value is never kept).
public enum StringFormat: Int, Sendable, Hashable, CaseIterable, Comparable {
    /// Nothing recognised (free text, identifiers, …).
    case none
    /// RFC 3339 date-time, e.g. `2024-05-01T12:00:00Z`.
    case dateTime
    /// RFC 3339 full-date, e.g. `2024-05-01`.
    case date
    /// A UUID in 8-4-4-4-12 hex form.
    case uuid
    /// An absolute URI with a scheme (`https://…`, `data:…`).
    case uri
    /// Base64 of at least 16 characters (length a multiple of 4), or base64url of at least 64,
    /// e.g. an encoded embedding.
    case base64
    /// A decimal number written as a string.
    case numberString
    /// An e-mail address.
    case email
    /// Binary data (an uploaded file in a multipart form).
    case binary

    /// The JSON Schema `format` name (or `x-` name for formats JSON Schema lacks).
    public var name: String {
        switch self {
        case .none: return "none"
        case .dateTime: return "date-time"
        case .date: return "date"
        case .uuid: return "uuid"
        case .uri: return "uri"
        case .base64: return "base64"
        case .numberString: return "number-as-string"
        case .email: return "email"
        case .binary: return "binary"
        }
    }

    public static func < (lhs: StringFormat, rhs: StringFormat) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Guesses the format of a string token. Cheap: most checks stop at the first byte or on
    /// the length; base64 looks at no more than the first 256 bytes and the last few.
    @inlinable
    public static func guess(_ token: JSONStringToken) -> StringFormat {
        let raw = token.raw
        let count = raw.count
        if count == 0 { return .none }
        if token.hasEscapes {
            // Escapes in a formatted value are rare (`\/` in URLs): judge those from decoded bytes.
            guard count <= 512 else { return .none }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
                let length = JSONStringToken.decode(raw, into: buffer.baseAddress!)
                return guess(UnsafeRawBufferPointer(start: buffer.baseAddress!, count: length))
            }
        }
        return guess(raw)
    }

    /// Guesses the format of decoded UTF-8 bytes.
    @inlinable
    public static func guess(_ raw: UnsafeRawBufferPointer) -> StringFormat {
        let count = raw.count
        guard count > 0 else { return .none }
        let first = raw[0]
        if isDigit(first) {
            if count == 10, isDate(raw) { return .date }
            if count >= 19, count <= 40, isDate(raw), raw[10] | 0x20 == UInt8(ascii: "t") || raw[10] == 0x20, isTime(raw) {
                return .dateTime
            }
        }
        if count == 36, isUUID(raw) { return .uuid }
        if count <= 40, isDigit(first) || first == UInt8(ascii: "-") || first == UInt8(ascii: "."), isNumber(raw) {
            return .numberString
        }
        if isAlpha(first), memchr(raw.baseAddress!, 0x3A, min(count, 32)) != nil, let scheme = schemeEnd(raw) {
            // data: URIs may be long; other URIs must be short and free of spaces.
            if scheme == 4, raw[0] | 0x20 == UInt8(ascii: "d") { return .uri }
            if count <= 4096, !containsSpace(raw, upTo: count) { return .uri }
        }
        if count <= 254, count >= 5, memchr(raw.baseAddress!, 0x40, count) != nil, isEmail(raw) { return .email }
        if count >= 16, isBase64(raw) { return .base64 }
        return .none
    }

    @inlinable static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    @inlinable static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }
    @inlinable static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 6 }

    @inlinable
    static func isDate(_ raw: UnsafeRawBufferPointer) -> Bool {
        isDigit(raw[0]) && isDigit(raw[1]) && isDigit(raw[2]) && isDigit(raw[3]) && raw[4] == UInt8(ascii: "-")
            && isDigit(raw[5]) && isDigit(raw[6]) && raw[7] == UInt8(ascii: "-") && isDigit(raw[8]) && isDigit(raw[9])
    }

    @inlinable
    static func isTime(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard isDigit(raw[11]), isDigit(raw[12]), raw[13] == UInt8(ascii: ":"), isDigit(raw[14]), isDigit(raw[15]),
            raw[16] == UInt8(ascii: ":"), isDigit(raw[17]), isDigit(raw[18])
        else { return false }
        for index in 19..<raw.count {
            let byte = raw[index]
            guard isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte | 0x20 == UInt8(ascii: "z")
            else { return false }
        }
        return true
    }

    @inlinable
    static func isUUID(_ raw: UnsafeRawBufferPointer) -> Bool {
        for index in 0..<36 {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                if raw[index] != UInt8(ascii: "-") { return false }
            } else if !isHex(raw[index]) {
                return false
            }
        }
        return true
    }

    /// A JSON-style decimal number, optionally with a fraction and an exponent.
    @inlinable
    static func isNumber(_ raw: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        if raw[0] == UInt8(ascii: "-") { index = 1 }
        var digits = 0
        while index < raw.count, isDigit(raw[index]) { index += 1; digits += 1 }
        if index < raw.count, raw[index] == UInt8(ascii: ".") {
            index += 1
            while index < raw.count, isDigit(raw[index]) { index += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if index < raw.count, raw[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < raw.count, raw[index] == UInt8(ascii: "+") || raw[index] == UInt8(ascii: "-") { index += 1 }
            let start = index
            while index < raw.count, isDigit(raw[index]) { index += 1 }
            if index == start { return false }
        }
        return index == raw.count
    }

    /// The length of a URI scheme followed by `:` (and `//` unless `data:`/`mailto:`/`urn:`), or nil.
    @inlinable
    static func schemeEnd(_ raw: UnsafeRawBufferPointer) -> Int? {
        var index = 1
        while index < raw.count, index < 32 {
            let byte = raw[index]
            if byte == UInt8(ascii: ":") {
                guard index + 1 < raw.count else { return nil }
                if index + 2 < raw.count, raw[index + 1] == UInt8(ascii: "/"), raw[index + 2] == UInt8(ascii: "/") { return index }
                let data = index == 4 && raw[0] | 0x20 == UInt8(ascii: "d") && raw[1] | 0x20 == UInt8(ascii: "a")
                let urn = index == 3 && raw[0] | 0x20 == UInt8(ascii: "u") && raw[1] | 0x20 == UInt8(ascii: "r")
                return data || urn ? index : nil
            }
            guard isAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            else { return nil }
            index += 1
        }
        return nil
    }

    @inlinable
    static func containsSpace(_ raw: UnsafeRawBufferPointer, upTo end: Int) -> Bool {
        for index in 0..<end where raw[index] <= 0x20 { return true }
        return false
    }

    @inlinable
    static func isEmail(_ raw: UnsafeRawBufferPointer) -> Bool {
        var at = -1
        for index in 0..<raw.count {
            let byte = raw[index]
            if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { return false }
            if byte == UInt8(ascii: "@") {
                if at >= 0 { return false }
                at = index
            }
        }
        guard at > 0, at < raw.count - 3 else { return false }
        var dot = false
        for index in at + 2..<raw.count - 1 where raw[index] == UInt8(ascii: ".") { dot = true }
        return dot
    }

    /// Base64 alphabet (standard or URL-safe), length a multiple of 4 unless URL-safe unpadded,
    /// judged on the first 256 bytes and the padding; not all digits or all letters.
    @inlinable
    static func isBase64(_ raw: UnsafeRawBufferPointer) -> Bool {
        let count = raw.count
        var end = count
        if raw[end - 1] == UInt8(ascii: "=") { end -= 1 }
        if end > 0, raw[end - 1] == UInt8(ascii: "=") { end -= 1 }
        if end < count, count % 4 != 0 { return false }
        var digits = false
        var symbols = false
        var urlSafe = false
        var upper = false
        var lower = false
        for index in 0..<min(end, 256) {
            let byte = raw[index]
            if byte &- UInt8(ascii: "a") < 26 {
                lower = true
            } else if byte &- UInt8(ascii: "A") < 26 {
                upper = true
            } else if isDigit(byte) {
                digits = true
            } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") {
                symbols = true
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                urlSafe = true
            } else {
                return false
            }
        }
        if end > 256 {
            for index in max(256, end - 8)..<end where !(isAlpha(raw[index]) || isDigit(raw[index])
                || raw[index] == UInt8(ascii: "+") || raw[index] == UInt8(ascii: "/")
                || raw[index] == UInt8(ascii: "-") || raw[index] == UInt8(ascii: "_"))
            {
                return false
            }
        }
        // Mixed case and digits are what random bytes look like; words and hex ids are not base64.
        let letters = upper || lower
        // Ids use `-` or `_` as separators; only long runs count as URL-safe base64.
        if urlSafe { return count >= 64 && letters && upper && lower && digits }
        return count % 4 == 0 && letters && upper && lower && (digits || symbols || end < count)
    }
}
