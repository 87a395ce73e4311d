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
            // Escapes in a formatted value are rare (`\/` in URLs): judged from the decoded bytes.
            guard count <= 512 else { return .none }
            return token.withDecodedBytes { guess($0) }
        }
        return guess(raw)
    }

    /// Guesses the format of decoded UTF-8 bytes.
    @inlinable
    public static func guess(_ raw: UnsafeRawBufferPointer) -> StringFormat {
        let count = raw.count
        guard count > 0 else { return .none }
        let first = raw[0]
        if firstByteRulesOutFormats(first) { return .none }
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

    /// True when no format starts with `first`: a space, a control, non-ASCII, `<`, `>` or `@`
    /// (dates, UUIDs and numbers start with a digit, `-` or `.`, URIs with a letter, base64
    /// with its alphabet; an e-mail address has none of these bytes anywhere).
    @inlinable @inline(__always)
    static func firstByteRulesOutFormats(_ first: UInt8) -> Bool {
        first &- 0x21 >= 0x5E || first == UInt8(ascii: "<") || first == UInt8(ascii: ">") || first == UInt8(ascii: "@")
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
    /// judged on the first 256 bytes and the padding; not all digits or all letters. `raw` has 16
    /// bytes or more.
    @inlinable
    static func isBase64(_ raw: UnsafeRawBufferPointer) -> Bool {
        let count = raw.count
        var end = count
        if raw[end - 1] == UInt8(ascii: "=") { end -= 1 }
        if end > 0, raw[end - 1] == UInt8(ascii: "=") { end -= 1 }
        if end < count, count % 4 != 0 { return false }
        // 16 bytes at a time, the last block overlapping the one before (kinds only add up).
        // Under 16 bytes to judge (16 or 17 with padding), the block's last lanes are the `=`.
        let limit = min(end, 256)
        var classes = Base64Classes()
        var index = 0
        while true {
            let start = max(0, min(index, limit &- 16))
            let block = raw.baseAddress!.loadUnaligned(fromByteOffset: start, as: SIMD16<Int8>.self)
            if !classes.add(block, ignoringLast: max(0, 16 &- limit)) { return false }
            if start &+ 16 >= limit { break }
            index &+= 16
        }
        let lower = classes.lower != 0
        let upper = classes.upper != 0
        let digits = classes.digits != 0
        let symbols = classes.symbols != 0
        let urlSafe = classes.urlSafe != 0
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

/// The kinds of base64 bytes seen in 16-byte blocks, as lane masks OR-ed together (a lane is
/// all ones where its byte was of the kind): lower and upper case letters, digits, `+`/`/`,
/// and the URL-safe `-`/`_`.
@usableFromInline
struct Base64Classes: Sendable {
    @usableFromInline var lower: UInt64 = 0
    @usableFromInline var upper: UInt64 = 0
    @usableFromInline var digits: UInt64 = 0
    @usableFromInline var symbols: UInt64 = 0
    @usableFromInline var urlSafe: UInt64 = 0

    @inlinable init() {}

    /// Adds the kinds of the bytes of `block` but its last `ignored` (0 to 8); false when one of
    /// them is not base64.
    /// Ranges are tested on signed lanes: a byte moved so that its range starts at -128 is in
    /// the range when it is under -128 plus the range's width (`a` is 97: 97 + 31 wraps to -128).
    @inlinable @inline(__always)
    mutating func add(_ block: SIMD16<Int8>, ignoringLast ignored: Int = 0) -> Bool {
        let lowerLanes = block &+ SIMD16<Int8>(repeating: 31) .< SIMD16<Int8>(repeating: -128 + 26)
        let upperLanes = block &+ SIMD16<Int8>(repeating: 63) .< SIMD16<Int8>(repeating: -128 + 26)
        let digitLanes = block &+ SIMD16<Int8>(repeating: 80) .< SIMD16<Int8>(repeating: -128 + 10)
        let symbolLanes = (block .== SIMD16<Int8>(repeating: 0x2B)) .| (block .== SIMD16<Int8>(repeating: 0x2F))
        let urlSafeLanes = (block .== SIMD16<Int8>(repeating: 0x2D)) .| (block .== SIMD16<Int8>(repeating: 0x5F))
        let all = unsafeBitCast(lowerLanes .| upperLanes .| digitLanes .| symbolLanes .| urlSafeLanes, to: SIMD2<UInt64>.self)
        let judged = UInt64.max >> UInt64(ignored &* 8)  // the lanes of the high word judged
        if all[0] & (all[1] | ~judged) != UInt64.max { return false }
        lower |= Self.word(lowerLanes, judged)
        upper |= Self.word(upperLanes, judged)
        digits |= Self.word(digitLanes, judged)
        symbols |= Self.word(symbolLanes, judged)
        urlSafe |= Self.word(urlSafeLanes, judged)
        return true
    }

    @inlinable @inline(__always)
    static func word(_ lanes: SIMDMask<SIMD16<Int8>>, _ judged: UInt64) -> UInt64 {
        let words = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
        return words[0] | words[1] & judged
    }
}
