/// A byte-at-a-time parser for the catalog's JSONPath subset (filters: `JSONPathParser+Filter.swift`).
struct JSONPathParser {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Hard cap so a hostile path cannot grow without limit.
    static let maximumComponents = 256

    mutating func parse() throws(JSONPathError) -> [JSONPath.Component] {
        guard !bytes.isEmpty else { throw JSONPathError(offset: 0, reason: "empty path; start it with '$'") }
        guard bytes[0] == UInt8(ascii: "$") else {
            throw JSONPathError(offset: 0, reason: "path must start with '$', found \(Self.describe(bytes[0]))")
        }
        offset = 1
        var components: [JSONPath.Component] = []
        while offset < bytes.count {
            guard components.count < Self.maximumComponents else {
                throw JSONPathError(offset: offset, reason: "path longer than \(Self.maximumComponents) steps")
            }
            switch bytes[offset] {
            case UInt8(ascii: "."):
                offset += 1
                components.append(.key(try parseShorthandName()))
            case UInt8(ascii: "["):
                offset += 1
                components.append(try parseBracket())
            default:
                throw unexpected()
            }
        }
        return components
    }

    mutating func parseShorthandName() throws(JSONPathError) -> String {
        let start = offset
        guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "missing name after '.'") }
        if bytes[offset] == UInt8(ascii: "*") {
            throw JSONPathError(offset: offset, reason: "'.*' is not in the catalog subset; write '[*]'")
        }
        if bytes[offset] == UInt8(ascii: ".") {
            throw JSONPathError(offset: offset, reason: "descendant '..' is not in the catalog subset")
        }
        guard Self.isNameFirst(bytes[offset]) else { throw unexpected() }
        offset += 1
        while offset < bytes.count, Self.isNameChar(bytes[offset]) { offset += 1 }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func parseBracket() throws(JSONPathError) -> JSONPath.Component {
        skipBlanks()
        guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "unterminated '['") }
        let component: JSONPath.Component
        switch bytes[offset] {
        case UInt8(ascii: "*"):
            offset += 1
            component = .wildcard
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            component = .key(try parseQuoted())
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            component = .index(try parseIndex())
        case UInt8(ascii: "-"):
            // RFC 9535: a negative index counts from the end (`[-1]` is the last element).
            offset += 1
            guard offset < bytes.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[offset]) else {
                throw JSONPathError(offset: offset, reason: "'-' must be followed by a digit other than 0")
            }
            component = .index(-(try parseIndex()))
        case UInt8(ascii: "?"):
            offset += 1
            component = .filter(try parseFilter())
        default:
            throw unexpected()
        }
        skipBlanks()
        guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "unterminated '['; expected ']'") }
        guard bytes[offset] == UInt8(ascii: "]") else {
            if bytes[offset] == UInt8(ascii: ",") || bytes[offset] == UInt8(ascii: ":") {
                throw JSONPathError(offset: offset, reason: "unions and slices are not in the catalog subset")
            }
            throw unexpected()
        }
        offset += 1
        return component
    }

    private mutating func parseIndex() throws(JSONPathError) -> Int {
        let start = offset
        if bytes[offset] == UInt8(ascii: "0"), offset + 1 < bytes.count,
           (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset + 1]) {
            throw JSONPathError(offset: offset, reason: "index with a leading zero")
        }
        var value = 0
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[offset] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2, sum <= 1 << 53 else {
                throw JSONPathError(offset: start, reason: "index too large")
            }
            value = sum
            offset += 1
        }
        return value
    }

    mutating func parseQuoted() throws(JSONPathError) -> String {
        let quote = bytes[offset]
        offset += 1
        var out: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "unterminated quoted name") }
            let byte = bytes[offset]
            if byte == quote {
                offset += 1
                break
            }
            if byte < 0x20 { throw JSONPathError(offset: offset, reason: "control character in quoted name") }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                offset += 1
                continue
            }
            offset += 1
            guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "unterminated escape") }
            let escape = bytes[offset]
            switch escape {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try parseUnicodeEscape()
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                continue
            default:
                throw JSONPathError(offset: offset - 1, reason: "invalid escape '\\\(Self.printable(escape))'")
            }
            offset += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads `uXXXX` (offset at `u`), joining a surrogate pair when one follows.
    private mutating func parseUnicodeEscape() throws(JSONPathError) -> Unicode.Scalar {
        let start = offset - 1
        let high = try readHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                throw JSONPathError(offset: start, reason: "unpaired surrogate escape")
            }
            offset += 1
            let low = try readHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw JSONPathError(offset: start, reason: "unpaired surrogate escape") }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw JSONPathError(offset: start, reason: "invalid \\u escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw JSONPathError(offset: start, reason: "unpaired surrogate escape") }
        return scalar
    }

    /// Reads `u` and four hex digits; leaves the offset after them.
    private mutating func readHex4() throws(JSONPathError) -> UInt32 {
        let start = offset
        offset += 1
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard offset < bytes.count, let digit = Self.hexValue(bytes[offset]) else {
                throw JSONPathError(offset: start - 1, reason: "invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    mutating func skipBlanks() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    func unexpected() -> JSONPathError {
        JSONPathError(offset: offset, reason: "unexpected character \(Self.describe(bytes[offset]))")
    }

    static func describe(_ byte: UInt8) -> String {
        "'\(printable(byte))'"
    }

    static func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : hexByte(byte)
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }

    static func isNameFirst(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), 0x80...0xFF: true
        default: false
        }
    }

    static func isNameChar(_ byte: UInt8) -> Bool {
        isNameFirst(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// True when `name` can be written as `.name` (RFC 9535 member-name-shorthand).
    static func isShorthandName(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        guard let first = utf8.first, isNameFirst(first) else { return false }
        return utf8.allSatisfy(isNameChar)
    }

    /// `name` escaped for a single-quoted bracket.
    static func escaped(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = Array("0123456789abcdef")
                    out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
