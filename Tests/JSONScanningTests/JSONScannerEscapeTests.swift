@testable import JSONScanning
import Testing

/// The decoder as it was before its fast paths (a byte at a time, hex digits one by one): the
/// oracle for `JSONStringToken.decode` and `forEachDecodedByte`. Kept verbatim but for its name.
func referenceDecode(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
    func hex4(_ index: Int) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 {
            value = value << 4 | UInt16(JSONStringToken.hexValue(raw[index + offset]))
        }
        return value
    }
    var out: [UInt8] = []
    func body(_ byte: UInt8) { out.append(byte) }
    var index = 0
    let count = raw.count
    while index < count {
        let byte = raw[index]
        if byte != UInt8(ascii: "\\") {
            body(byte)
            index += 1
            continue
        }
        let kind = raw[index + 1]
        index += 2
        switch kind {
        case UInt8(ascii: "n"): body(0x0A)
        case UInt8(ascii: "t"): body(0x09)
        case UInt8(ascii: "r"): body(0x0D)
        case UInt8(ascii: "b"): body(0x08)
        case UInt8(ascii: "f"): body(0x0C)
        case UInt8(ascii: "u"):
            var scalar = UInt32(hex4(index))
            index += 4
            if scalar & 0xFC00 == 0xD800, index + 6 <= count,
                raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u")
            {
                let low = UInt32(hex4(index + 2))
                if low & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
            }
            if scalar & 0xF800 == 0xD800 { scalar = 0xFFFD }
            JSONStringToken.encodeUTF8(scalar, body)
        default: body(kind)
        }
    }
    return out
}

/// Records each string and key token's decoded bytes three ways (`decode`, `forEachDecodedByte`,
/// and the reference decoder), with its length and flags.
struct DecodingVisitor: JSONVisitor {
    var mismatches: [String] = []
    var tokens = 0

    mutating func key(_ key: JSONStringToken) { check(key) }
    mutating func string(_ token: JSONStringToken) { check(token) }

    mutating func check(_ token: JSONStringToken) {
        tokens += 1
        let raw = token.raw
        let expected = referenceDecode(raw)
        // Room for exactly `raw.count` bytes, then eight guard bytes that must stay untouched.
        let target = UnsafeMutablePointer<UInt8>.allocate(capacity: raw.count + 8)
        defer { target.deallocate() }
        target.initialize(repeating: 0xA5, count: raw.count + 8)
        let length = JSONStringToken.decode(raw, into: target)
        let decoded = Array(UnsafeBufferPointer(start: target, count: length))
        let guardBytes = Array(UnsafeBufferPointer(start: target + raw.count, count: 8))
        let each = token.withDecodedBytes { Array($0) }
        if decoded != expected || each != expected || token.utf8Count != expected.count
            || guardBytes != Array(repeating: 0xA5, count: 8)
        {
            mismatches.append(String(decoding: raw, as: UTF8.self).debugDescription)
        }
    }
}

/// The tokens of `document` whose decoded bytes differ from the reference decoder's, and how
/// many tokens were read (the document must scan).
func decodingMismatches(_ document: [UInt8]) -> (mismatches: [String], tokens: Int) {
    var visitor = DecodingVisitor()
    guard case .success = scan(document, into: &visitor) else { return (["scan failed: \(document)"], 0) }
    return (visitor.mismatches, visitor.tokens)
}

@Suite("JSONScanner escapes against the reference reader and decoder")
struct JSONScannerEscapeTests {
    static let hexDigits = Array("0123456789abcdefABCDEF".utf8)

    /// Escapes of every kind, one-letter and `\u` (upper and lower case, every width of UTF-8,
    /// surrogate pairs and lone surrogates).
    static let escapes: [String] = [
        #"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#,
        #"\u0000"#, #"\u001f"#, #"\u0041"#, #"\u007F"#, #"\u0080"#, #"\u00e9"#, #"\u07FF"#, #"\u0800"#,
        #"\u6f22"#, #"\uABCD"#, #"\uFfFf"#, #"\uD7FF"#, #"\uE000"#,
        #"\ud83d\ude00"#, #"\uD83D\uDE00"#, #"\udbff\udfff"#, #"\ud800\udc00"#,
        #"\ud83d"#, #"\udc00"#, #"\uDFFF"#, #"\ud83d\ud83d"#, #"\ud83d\u0041"#, #"\ud83d\n"#, #"\ud83dx"#,
        #"\udc00\ud800"#, #"\u4f60\u597d\u4e16\u754c"#, #"\n\n\t\u0041\""#,
    ]

    /// Documents holding `escape` at every position of strings and keys of length 0–24.
    static func documents(around escape: [UInt8]) -> [[UInt8]] {
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        var documents: [[UInt8]] = []
        for length in 0...24 {
            for position in 0...length {
                var body = Array(letters[..<length])
                body.insert(contentsOf: escape, at: position)
                let quoted = [0x22] + body + [0x22]
                documents.append(quoted)
                documents.append([0x7B] + quoted + Array(#":"#.utf8) + quoted + [0x7D])
            }
        }
        return documents
    }

    @Test("every escape kind at every position of strings and keys reads and decodes as the reference does",
          arguments: escapes)
    func escapeKinds(escape: String) {
        let documents = Self.documents(around: Array(escape.utf8))
        #expect(differing(documents) == [])
        for document in documents {
            let (mismatches, tokens) = decodingMismatches(document)
            #expect(mismatches == [])
            #expect(tokens > 0)
        }
    }

    @Test("escapes cut by the end of the buffer at every byte fail as the reference fails, at the same offset",
          arguments: escapes)
    func escapesAtBufferEnds(escape: String) {
        var documents: [[UInt8]] = []
        for before in ["", "ab", "abcdefgh", "abcdefghijklmnopq"] {
            documents += prefixes(Array("\"\(before)\(escape)\"".utf8))
            documents += prefixes(Array("{\"\(before)\(escape)\":\"\(escape)\(before)\"}".utf8))
        }
        #expect(differing(documents) == [])
    }

    @Test("a wrong byte at each of the four hex digits fails as the reference fails, for every byte value",
          arguments: 0..<4)
    func wrongHexDigit(position: Int) {
        var documents: [[UInt8]] = []
        for byte in UInt8.min...UInt8.max {
            var digits = Array("09aF".utf8)
            digits[position] = byte
            let escape = Array(#"\u"#.utf8) + digits
            documents.append([0x22] + escape + [0x22])
            documents.append(Array(#"["ab"#.utf8) + escape + Array(#"cd"]"#.utf8))
            // In the low half of a surrogate pair: lone high surrogate, then the error.
            documents.append(Array(#"["\ud83d"#.utf8) + escape + Array(#""]"#.utf8))
            // At the end of the buffer, with no closing quote.
            documents.append(Array(#"["x"#.utf8) + escape)
        }
        #expect(differing(documents) == [])
        // The wrong byte is reported where it is (and valid digits all read).
        for byte in UInt8.min...UInt8.max {
            var digits = Array("09aF".utf8)
            digits[position] = byte
            let error = scanError([0x22, 0x5C, 0x75] + digits + [0x22])
            #expect((error == nil) == Self.hexDigits.contains(byte))
            if let error { #expect(error == JSONScanError(.invalidEscape, offset: 3 + position)) }
        }
    }

    @Test("high surrogates followed by everything that is not a low surrogate are lone; pairs are joined")
    func surrogates() {
        let followers = [
            "", #"\udc00"#, #"\uDFFF"#, #"\udbff"#, #"\ue000"#, #"\u0041"#, #"\n"#, #"\\"#, "x", #"\u"#, #"\udc0"#,
            #"\udc0g"#, #"\uDC00\uDC00"#, "\\", #"\x"#,
        ]
        var documents: [[UInt8]] = []
        for high in [#"\ud800"#, #"\uDBFF"#, #"\ud83d"#] {
            for follower in followers {
                let text = Array("\"\(high)\(follower)\"".utf8)
                documents += prefixes(text)
                documents += prefixes(Array("[\"a\(high)\(follower)b\", \"\(high)\(follower)\"]".utf8))
            }
        }
        #expect(differing(documents) == [])
        for document in documents where scanError(document) == nil {
            #expect(decodingMismatches(document).mismatches == [])
        }
        #expect(withStringToken(#""\ud83d\ude00""#) { $0.hasLoneSurrogate } == false)
        #expect(withStringToken(#""\ud83d\ud83d""#) { $0.hasLoneSurrogate } == true)
        #expect(withStringToken(#""\ud83d\ude00""#) { $0.decoded() } == "😀")
        #expect(withStringToken(#""\ud83d\u0041""#) { $0.decoded() } == "\u{FFFD}A")
    }

    @Test("the four-digit hex reader gives the value of every four digits drawn from 0-9, a-f, A-F")
    func hexValues() {
        var wrong = 0
        for a in Self.hexDigits {
            for b in Self.hexDigits {
                for c in Self.hexDigits {
                    for d in Self.hexDigits {
                        let word = UInt32(a) | UInt32(b) << 8 | UInt32(c) << 16 | UInt32(d) << 24
                        let expected = UInt16(JSONStringToken.hexValue(a)) << 12 | UInt16(JSONStringToken.hexValue(b)) << 8
                            | UInt16(JSONStringToken.hexValue(c)) << 4 | UInt16(JSONStringToken.hexValue(d))
                        if JSONStringToken.nonHexDigitBytes(word) != 0 || JSONStringToken.hexDigits(word) != expected {
                            wrong += 1
                        }
                    }
                }
            }
        }
        #expect(wrong == 0)
    }

    @Test("the four-digit hex check flags exactly the bytes that are not hex digits, each byte value in each lane",
          arguments: 0..<4)
    func hexCheck(lane: Int) {
        let others: [UInt8] = [0x30, 0x39, 0x61, 0x46, 0x00, 0x2F, 0x3A, 0x40, 0x47, 0x60, 0x67, 0x80, 0xB0, 0xC1, 0xE6, 0xFF]
        var wrong = 0
        for byte in UInt8.min...UInt8.max {
            for other in others {
                var bytes = [UInt8](repeating: other, count: 4)
                bytes[lane] = byte
                let word = bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
                var expected: UInt32 = 0
                for (index, value) in bytes.enumerated() where JSONStringToken.hexValue(value) > 15 {
                    expected |= 0x80 << (8 * index)
                }
                if JSONStringToken.nonHexDigitBytes(word) != expected { wrong += 1 }
            }
        }
        #expect(wrong == 0)
    }

    @Test("decode copies runs of ordinary and non-ASCII bytes of every length 0–40 between escapes as the reference does",
          arguments: [#"\n"#, #"\u00e9"#, #"\ud83d\ude00"#, #"\\"#, #"\udc00"#])
    func decodeRuns(escape: String) {
        let text = "abcdefghéijklmnopq漢rstuvwxyz0123456789ABCDEFG"
        var documents: [[UInt8]] = []
        for first in [0, 1, 7, 8, 9, 15, 16, 17] {
            for second in 0...24 {
                let body = Array(text.prefix(first).utf8) + Array(escape.utf8) + Array(text.suffix(second).utf8)
                    + Array(escape.utf8) + Array(escape.utf8)
                documents.append([0x22] + body + [0x22])
            }
        }
        for document in documents {
            let (mismatches, tokens) = decodingMismatches(document)
            #expect(mismatches == [])
            #expect(tokens == 1)
        }
    }
}
