#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONScanning
import Testing
@testable import Shapes

@Suite("StringFormat shortcuts")
struct StringFormatShortcutTests {
    /// Strings of every format, near misses, and text: the first bytes and lengths the
    /// shortcuts decide on, spaces before and after byte 256, base64 past 256 bytes.
    static let samples: [String] = [
        "2024-05-01T12:30:00Z", "2024-05-01 12:30:00.123+02:00", "2024-05-01", "2024-05-01T12:30:00Z and more",
        "123e4567-e89b-12d3-a456-426614174000", "d23e4567-e89b-12d3-a456-426614174000", "DEADBEEF-e89b-12d3-a456-426614174000",
        "https://api.example.com/v1/x?y=1", "data:image/png;base64,iVBORw0K Ggo=", "dxyz://host/a path", "Data:text/plain,a b",
        "urn:isbn:0451450523", "mailto:someone@example.org", "ftp://a b", "h://x",
        "AAAAgD8AAIA/AACAPwAAgD8=", "AAAAgD8AAIA/AA==", "AAAAgD8AAIA/AAA=", "AAAAgD8AAIA/AAAA=", "AAAAgD8AAIA/AAAAB", "3q2+7wAAgD9mZmY/zczMPQ==", "abcdEFGH1234ijklMNOP5678qrstUVWX9012yzABCDEFGHabcdefgh-_0123456789xy",
        String(repeating: "Ab0+", count: 70), String(repeating: "Ab0+", count: 66) + "=", String(repeating: "Ab0+", count: 66),
        String(repeating: "Ab0+", count: 64) + " " + String(repeating: "Ab0+", count: 8) + "xyz",
        String(repeating: "Ab0+", count: 64) + " " + String(repeating: "Ab0+", count: 8) + "xy", String(repeating: "Ab0+", count: 64) + "A b",
        String(repeating: "Ab0+", count: 63) + "Ab0 " + String(repeating: "Ab0+", count: 4),
        "42", "-0.125", "1e10", ".5", "-", "12 34", "0123456789012345678901234567890123456789", "1.5E+3",
        "someone@example.org", "a@b.co", "<a@b.co>", "@example.org", "x y@b.co", "someone@example.org ",
        "Hello, how are you today?", "dear friend, hello", "Dear friend", "gpt-4o-mini", "chatcmpl-9xYzAbCdEfGh",
        "abcdefghijklmnopqrstuvwx", "call_abc123DEF456ghi789JKL", "a", "ab", "abc", "abcd", "abcdefg", "abcdefgh",
        "日本語のテキスト", "é1", "\u{7F}abc", "\tindented", " leading", "trailing ", "two  spaces here",
        String(repeating: "x", count: 255) + " tail", String(repeating: "x", count: 256) + " tail",
        String(repeating: "Q", count: 300) + " z", "",
    ]

    /// Bytes put in place of each byte of a sample: spaces and controls, the bytes formats are
    /// made of, and non-ASCII.
    static let replacements: [UInt8] = [0x00, 0x09, 0x0A, 0x20, 0x21, 0x22, 0x2B, 0x2D, 0x2E, 0x2F, 0x30, 0x39, 0x3A, 0x3C, 0x3D,
        0x3E, 0x40, 0x41, 0x44, 0x54, 0x5A, 0x5C, 0x5F, 0x61, 0x64, 0x7A, 0x7F, 0x80, 0xC3, 0xFF]

    @Test("a guess from bytes is the reference's, for every sample, each byte replaced, and each prefix", arguments: samples)
    func guessFromBytes(sample: String) {
        let bytes = Array(sample.utf8)
        func check(_ bytes: [UInt8]) {
            let fast = bytes.withUnsafeBytes { StringFormat.guess($0) }
            let reference = bytes.withUnsafeBytes { ReferenceFormat.guess($0) }
            #expect(fast == reference, "\(bytes)")
        }
        check(bytes)
        for index in bytes.indices {
            for byte in Self.replacements {
                var changed = bytes
                changed[index] = byte
                check(changed)
            }
            check(Array(bytes[..<index]))
            check(Array(bytes[index...]))
        }
    }

    /// Records, for each string the scanner reads, the guess from the token and the reference's.
    struct GuessVisitor: JSONVisitor {
        var mismatches: [String] = []
        var strings = 0
        var escaped = 0
        mutating func string(_ token: JSONStringToken) {
            strings += 1
            if token.hasEscapes { escaped += 1 }
            if StringFormat.guess(token) != ReferenceFormat.guess(token) {
                mismatches.append(String(decoding: token.raw, as: UTF8.self))
            }
        }
    }

    /// Escapes put at a place in a sample: controls, quotes, a slash, ASCII and non-ASCII
    /// code points (a space, a digit, `d`, `@`, a surrogate pair, a lone surrogate).
    static let escapes = [
        "\\n", "\\t", "\\r", "\\b", "\\f", "\\\"", "\\\\", "\\/", "\\u0020", "\\u0021", "\\u001F", "\\u0030",
        "\\u0064", "\\u0044", "\\u0040", "\\u003c", "\\u007F", "\\u0080", "\\u00e9", "\\uD83D\\uDE00", "\\uD83D", "\\u0041",
    ]

    @Test("a guess from an escaped token is the reference's from its decoded bytes, with an escape at each place",
          arguments: samples.filter { $0.utf8.count <= 300 })
    func guessFromEscapedTokens(sample: String) throws {
        let scalars = Array(sample.unicodeScalars)
        let characters = scalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case let s where s.value < 0x20: return Self.unicodeEscape(s.value)
            default: return String(scalar)
            }
        }
        var strings: [String] = []
        for index in 0...characters.count {
            for escape in Self.escapes {
                strings.append(characters[..<index].joined() + escape + characters[index...].joined())
            }
            if index < scalars.count, scalars[index].value < 0x10000 {
                // The character itself written as an escape.
                strings.append(characters[..<index].joined() + Self.unicodeEscape(scalars[index].value) + characters[(index + 1)...].joined())
            }
        }
        // Long escaped strings: over 512 raw bytes, and escapes around raw byte 256.
        strings.append(String(repeating: "\\/", count: 200) + characters.joined())
        strings.append(String(repeating: "x", count: 250) + "\\u0041\\u0042 " + characters.joined())
        let document = Array(("[\"" + strings.joined(separator: "\",\"") + "\"]").utf8)
        var visitor = GuessVisitor()
        try document.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            try scanner.scan(into: &visitor)
        }
        #expect(visitor.strings == strings.count)
        #expect(visitor.escaped == strings.count)
        #expect(visitor.mismatches.isEmpty, "\(visitor.mismatches.prefix(5))")
    }

    /// `\\u` and four hex digits (upper case past 9, as some encoders write them).
    static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    @Test("a space or control among the first 16 bytes is found as a byte-by-byte search finds it", arguments: 0...20)
    func lowByte(length: Int) {
        let values: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x41, 0x7F, 0x80, 0xA0, 0xA1, 0xFF]
        for filler in values where filler > 0x20 {
            var bytes = [UInt8](repeating: filler, count: length)
            for index in 0..<max(length, 1) {
                for value in values {
                    if length > 0 { bytes[index] = value }
                    let expected = bytes.prefix(16).contains { $0 <= 0x20 }
                    let fast = bytes.withUnsafeBytes { StringFormat.hasLowByteInFirst16($0) }
                    #expect(fast == expected, "\(bytes)")
                    if length > 0 { bytes[index] = filler }
                }
            }
        }
    }

    @Test("a 16-byte block is base64 exactly when each byte it judges is, with the kinds a byte-by-byte pass sees",
          arguments: 0..<16, [0, 1, 2, 8])
    func base64Block(lane: Int, ignored: Int) {
        for value in 0...255 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 16)
            bytes[lane] = UInt8(value)
            var classes = Base64Classes()
            let accepted = bytes.withUnsafeBytes { classes.add($0.loadUnaligned(as: SIMD16<Int8>.self), ignoringLast: ignored) }
            if lane >= 16 - ignored {
                // A lane past the bytes judged: neither checked nor counted.
                #expect(accepted)
                #expect(classes.upper == 0 && classes.digits == 0 && classes.symbols == 0 && classes.urlSafe == 0)
                continue
            }
            let byte = UInt8(value)
            let isLower = byte >= 0x61 && byte <= 0x7A
            let isUpper = byte >= 0x41 && byte <= 0x5A
            let isDigit = byte >= 0x30 && byte <= 0x39
            let isSymbol = byte == 0x2B || byte == 0x2F
            let isURLSafe = byte == 0x2D || byte == 0x5F
            #expect(accepted == (isLower || isUpper || isDigit || isSymbol || isURLSafe), "\(value)")
            if accepted {
                #expect(classes.lower != 0)
                #expect((classes.upper != 0) == isUpper, "\(value)")
                #expect((classes.digits != 0) == isDigit, "\(value)")
                #expect((classes.symbols != 0) == isSymbol, "\(value)")
                #expect((classes.urlSafe != 0) == isURLSafe, "\(value)")
            }
        }
    }
}

/// `StringFormat.guess` as it was before its shortcuts (first-byte and early-space rejection,
/// escaped text ruled out before decoding, base64 classified 16 bytes at a time): the oracle
/// for the fast paths. Escaped strings are decoded byte by byte through the token.
enum ReferenceFormat {
    static func guess(_ token: JSONStringToken) -> StringFormat {
        let raw = token.raw
        let count = raw.count
        if count == 0 { return .none }
        if token.hasEscapes {
            guard count <= 512 else { return .none }
            var decoded: [UInt8] = []
            token.forEachDecodedByte { decoded.append($0) }
            return decoded.withUnsafeBytes { guess($0) }
        }
        return guess(raw)
    }

    /// Guesses the format of decoded UTF-8 bytes.
    static func guess(_ raw: UnsafeRawBufferPointer) -> StringFormat {
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

    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }
    static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 6 }

    static func isDate(_ raw: UnsafeRawBufferPointer) -> Bool {
        isDigit(raw[0]) && isDigit(raw[1]) && isDigit(raw[2]) && isDigit(raw[3]) && raw[4] == UInt8(ascii: "-")
            && isDigit(raw[5]) && isDigit(raw[6]) && raw[7] == UInt8(ascii: "-") && isDigit(raw[8]) && isDigit(raw[9])
    }

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

    static func containsSpace(_ raw: UnsafeRawBufferPointer, upTo end: Int) -> Bool {
        for index in 0..<end where raw[index] <= 0x20 { return true }
        return false
    }

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
