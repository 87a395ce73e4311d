import TestSupport
@testable import JSONScanning
import Foundation
import Testing

/// Records every event with everything its token carries, to compare the scanner's fast paths
/// with the reference reader (the scanner as it was, a byte at a time around tokens).
struct DetailVisitor: JSONVisitor {
    var events: [String] = []
    mutating func beginObject() { events.append("{") }
    mutating func key(_ key: JSONStringToken) { events.append("k:" + Self.describe(key)) }
    mutating func endObject(memberCount: Int) { events.append("}\(memberCount)") }
    mutating func beginArray() { events.append("[") }
    mutating func element(_ index: Int) { events.append("#\(index)") }
    mutating func endArray(count: Int) { events.append("]\(count)") }
    mutating func string(_ token: JSONStringToken) { events.append("s:" + Self.describe(token)) }
    mutating func number(_ token: JSONNumberToken) {
        events.append(
            "n:\(String(decoding: token.raw, as: UTF8.self))|\(token.isInteger)|\(token.significand)|\(token.exponent)"
                + "|\(token.isTruncated)|\(token.approximateDoubleValue)")
    }
    mutating func bool(_ value: Bool) { events.append("b:\(value)") }
    mutating func null() { events.append("null") }

    static func describe(_ token: JSONStringToken) -> String {
        "\(String(decoding: token.raw, as: UTF8.self))|\(token.utf8Count)|\(token.hasEscapes)|\(token.hasNonASCII)|\(token.hasLoneSurrogate)"
    }
}

/// Scans `bytes` with the scanner and with the reference reader; true when both give the same
/// events and the same error (reason and offset), or no error.
func sameAsReference(_ bytes: [UInt8]) -> Bool {
    var fast = DetailVisitor()
    let fastError: JSONScanError?
    switch scan(bytes, into: &fast) {
    case .success: fastError = nil
    case .failure(let error): fastError = error
    }
    var reference = DetailVisitor()
    let referenceError = referenceScan(bytes, into: &reference)
    return fastError == referenceError && fast.events == reference.events
}

/// The documents among `documents` whose scan differs from the reference reader's (empty when all agree).
func differing(_ documents: [[UInt8]]) -> [String] {
    documents.filter { !sameAsReference($0) }.map { String(decoding: $0, as: UTF8.self).debugDescription }
}

/// Every prefix of `bytes` (cut at each length, the whole included).
func prefixes(_ bytes: [UInt8]) -> [[UInt8]] {
    (0...bytes.count).map { Array(bytes[..<$0]) }
}

@Suite("JSONScanner fast paths against the reference reader")
struct JSONScannerFastPathTests {
    /// A byte sequence that ends the plain ASCII run of a string: the fast path must hand over to
    /// the general reader (or finish, for the quote) with the reference's result.
    struct Special: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        var testDescription: String { name }
    }

    static let specials: [Special] = [
        Special(name: "closing quote", bytes: [0x22]),
        Special(name: "escaped quote", bytes: Array(#"\""#.utf8)),
        Special(name: "escaped backslash", bytes: Array(#"\\"#.utf8)),
        Special(name: "newline escape", bytes: Array(#"\n"#.utf8)),
        Special(name: "unicode escape", bytes: Array(#"\u00e9"#.utf8)),
        Special(name: "surrogate pair escape", bytes: Array(#"\ud83d\ude00"#.utf8)),
        Special(name: "lone surrogate escape", bytes: Array(#"\udc00"#.utf8)),
        Special(name: "invalid escape", bytes: Array(#"\q"#.utf8)),
        Special(name: "malformed unicode escape", bytes: Array(#"\u12G4"#.utf8)),
        Special(name: "control character", bytes: [0x01]),
        Special(name: "unit separator", bytes: [0x1F]),
        Special(name: "raw newline", bytes: [0x0A]),
        Special(name: "two-byte UTF-8", bytes: [0xC3, 0xA9]),
        Special(name: "three-byte UTF-8", bytes: [0xE6, 0xBC, 0xA2]),
        Special(name: "four-byte UTF-8", bytes: [0xF0, 0x9F, 0x98, 0x80]),
        Special(name: "invalid UTF-8", bytes: [0xFF]),
        Special(name: "cut UTF-8", bytes: [0xE6, 0xBC]),
        Special(name: "characters back to back", bytes: [0xC3, 0xA9, 0xE6, 0xBC, 0xA2, 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0xA9]),
        Special(name: "bad continuation in the second of two characters", bytes: [0xC3, 0xA9, 0xE6, 0xBC, 0x41]),
        Special(name: "encoded surrogate after a character", bytes: [0xF0, 0x9F, 0x98, 0x80, 0xED, 0xA0, 0x80]),
        Special(name: "stray continuation after a character", bytes: [0xC3, 0xA9, 0x80]),
        Special(name: "overlong after a character", bytes: [0xE6, 0xBC, 0xA2, 0xC0, 0xAF]),
        Special(name: "one-letter escapes back to back", bytes: Array(#"\n\t\/\b\f\r\\\""#.utf8)),
        Special(name: "escape after a character", bytes: [0xC3, 0xA9] + Array(#"\u00e9\n"#.utf8)),
        Special(name: "backslash and nothing more", bytes: [0x5C]),
        Special(name: "DEL (ordinary)", bytes: [0x7F]),
        Special(name: "space (ordinary)", bytes: [0x20]),
    ]

    /// `length` ordinary bytes with `special` at `position` (the rest after it).
    static func stringBody(length: Int, special: Special?, at position: Int) -> [UInt8] {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ".utf8)
        var body = Array(letters[..<length])
        if let special { body.insert(contentsOf: special.bytes, at: position) }
        return body
    }

    @Test("keys and strings of every length 0–40 with a special byte at every position read as the reference reads them",
          arguments: specials)
    func stringsWithSpecialBytes(special: Special) {
        var documents: [[UInt8]] = []
        for length in 0...40 {
            for position in 0...length {
                let body = Self.stringBody(length: length, special: special, at: position)
                let quoted = [0x22] + body + [0x22]
                documents.append(quoted)  // the string is the document: it ends at the buffer end
                documents.append([0x7B] + quoted + Array(#":1}"#.utf8))
                documents.append([0x7B] + quoted + Array(" :\t\"v\" , ".utf8) + quoted + Array(":[]}".utf8))
                documents.append(Array(#"{"k":"#.utf8) + quoted + [0x7D])
                documents.append([0x5B] + quoted + [0x2C, 0x20] + quoted + [0x5D])
            }
        }
        #expect(differing(documents) == [])
    }

    @Test("plain keys and strings of every length 0–40 read as the reference reads them, cut at every byte")
    func plainStringsAtBufferEnds() {
        var documents: [[UInt8]] = []
        for length in 0...40 {
            let quoted = [0x22] + Self.stringBody(length: length, special: nil, at: 0) + [0x22]
            documents += prefixes(quoted)
            documents += prefixes([0x7B] + quoted + Array(#":"x"}"#.utf8))
            documents += prefixes([0x7B] + quoted + Array(" : 2 }".utf8))
            documents += prefixes([0x5B] + quoted + [0x5D])
        }
        #expect(differing(documents) == [])
    }

    @Test("strings with a special byte read as the reference reads them when the buffer is cut at every byte",
          arguments: [0, 3, 7, 8, 9, 15, 16, 17, 24, 31, 33])
    func specialStringsAtBufferEnds(length: Int) {
        var documents: [[UInt8]] = []
        for (kind, special) in Self.specials.enumerated() {
            for position in 0...length where (position + kind) % 3 == 0 || position == length {
                let quoted = [0x22] + Self.stringBody(length: length, special: special, at: position) + [0x22]
                documents += prefixes([0x7B] + quoted + Array(#":"#.utf8) + quoted + [0x7D])
            }
        }
        #expect(differing(documents) == [])
    }

    /// A run of `length` whitespace bytes, mixing space, tab, CR and LF by `pattern`.
    static func whitespace(_ length: Int, pattern: Int) -> [UInt8] {
        let kinds: [UInt8] = [0x20, 0x09, 0x0D, 0x0A]
        switch pattern {
        case 0: return Array(repeating: 0x20, count: length)
        case 1: return length == 0 ? [] : [0x0A] + Array(repeating: 0x20, count: length - 1)
        default: return (0..<length).map { kinds[($0 * 7 + pattern + $0 / 3) % 4] }
        }
    }

    @Test("whitespace runs of every length 0–40 before values, commas, colons, closers and the end read as the reference reads them",
          arguments: 0..<5)
    func whitespaceRuns(pattern: Int) {
        var documents: [[UInt8]] = []
        for length in 0...40 {
            let w = Self.whitespace(length, pattern: pattern)
            let parts: [[UInt8]] = [
                w, Array("{".utf8), w, Array(#""a""#.utf8), w, Array(":".utf8), w, Array("[".utf8), w, Array("1".utf8), w,
                Array(",".utf8), w, Array("-2.5e3".utf8), w, Array(",".utf8), w, Array("true".utf8), w, Array("]".utf8), w,
                Array(",".utf8), w, Array(#""b""#.utf8), w, Array(":".utf8), w, Array(#""x""#.utf8), w, Array("}".utf8), w,
            ]
            let document = parts.flatMap { $0 }
            documents.append(document)
            // Cut inside or right after each run: the end of input falls in the whitespace.
            documents += prefixes(document).filter { $0.count % 5 == length % 5 }
            // A byte that is not JSON whitespace after the run: form feed, vertical tab, NUL, '!', 0x80.
            for other: UInt8 in [0x0C, 0x0B, 0x00, 0x21, 0x80, 0x1F] {
                documents.append(Array("[1,".utf8) + w + [other] + Array("2]".utf8))
                documents.append(Array(#"{"a""#.utf8) + w + [other] + Array(":1}".utf8))
                documents.append(Array("[1]".utf8) + w + [other])
            }
            documents.append(w)
            documents.append(w + Array("0".utf8) + w)
        }
        #expect(differing(documents) == [])
    }

    @Test("numbers with every digit count and exponent form read as the reference reads them, also at the buffer end",
          arguments: ["", "e5", "E+12", "e-7", "e0123", "e-400", "E99999999"])
    func numbers(exponent: String) {
        var documents: [[UInt8]] = []
        let digits = Array("9876543210123456789012345".utf8)
        for sign in ["", "-"] {
            for integerCount in 0...25 {
                for fractionCount in [-1, 0, 1, 2, 7, 8, 9, 11, 12, 16, 19, 20, 25] {
                    // Integer part: "0" for count 0, else `integerCount` digits without a leading zero.
                    var text = Array(sign.utf8)
                    text += integerCount == 0 ? Array("0".utf8) : Array(digits[..<integerCount])
                    if fractionCount >= 0 {
                        text += Array(".".utf8)
                        // Leading zeros after the point count toward the fraction, not the significand.
                        text += (0..<fractionCount).map { $0 < fractionCount / 2 ? UInt8(ascii: "0") : digits[$0] }
                    }
                    text += Array(exponent.utf8)
                    documents.append(text)
                    documents.append(Array("[".utf8) + text + Array(",".utf8) + text + Array(" ,\n  ".utf8) + text + Array("]".utf8))
                    if (integerCount + fractionCount) % 4 == 0 { documents += prefixes(Array("[".utf8) + text + Array(",".utf8) + text) }
                }
            }
        }
        for malformed in ["01", "-", "-0", "-01", "1.", "1.e3", "1e", "1e+", "1e-x", "-a", "00.5", "-Infinity", "1.5E"] {
            documents += prefixes(Array("[1,".utf8) + Array(malformed.utf8) + Array(",2]".utf8))
            documents.append(Array(malformed.utf8))
        }
        #expect(differing(documents) == [])
    }

    @Test("true, false and null read as the reference reads them: whole, cut at every byte, and with each byte wrong")
    func literals() {
        var documents: [[UInt8]] = []
        for literal in ["true", "false", "null"] {
            let bytes = Array(literal.utf8)
            documents += prefixes(bytes)
            documents += prefixes(Array("[".utf8) + bytes + Array(",".utf8) + bytes + Array("]".utf8))
            for position in bytes.indices {
                var wrong = bytes
                wrong[position] ^= 0x01
                documents.append(wrong)
                documents.append(Array("[".utf8) + wrong + Array("]".utf8))
                documents.append(Array(#"{"a":"#.utf8) + wrong + Array("}".utf8))
            }
        }
        #expect(differing(documents) == [])
    }

    @Test("generated documents, compact and pretty-printed, read as the reference reads them, whole and cut", arguments: 0..<8)
    func generatedDocuments(seed: Int) {
        var generator = DocumentGenerator(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        var documents: [[UInt8]] = []
        for _ in 0..<40 {
            let document = generator.document(pretty: generator.next() % 2 == 0)
            documents.append(document)
            documents += prefixes(document).filter { $0.count % 7 == Int(generator.next() % 7) }
        }
        #expect(differing(documents) == [])
    }

    @Test("the table of powers of ten holds 10^0 through 10^8, then the doubles 10^-0 through 10^-19 of the token's switch")
    func powersOfTen() {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: Reader.powerCount)
        defer { table.deallocate() }
        Reader.writePowers(into: table)
        Reader.writeInversePowers(into: table)
        #expect((0..<9).map { table[$0] } == [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000])
        #expect(Reader.powerCount == 9 + 20)
        let reader = Reader(base: UnsafePointer(bitPattern: 8)!, end: 0, index: 0, powers: table)
        for n in 0...19 {
            #expect(reader.inversePower(n).bitPattern == JSONNumberToken.inversePower(n).bitPattern)
            #expect(reader.inversePower(n) == Double("1e-\(n)"))
        }
    }
}

/// Deterministic JSON documents: nested objects and arrays of keys, strings (with escapes and
/// multi-byte characters), numbers (including embedding-style runs), literals.
struct DocumentGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    mutating func document(pretty: Bool) -> [UInt8] {
        var out: [UInt8] = []
        value(into: &out, depth: 0, pretty: pretty)
        return out
    }

    mutating func newline(_ out: inout [UInt8], _ depth: Int, _ pretty: Bool) {
        guard pretty else { return }
        out.append(0x0A)
        out += Array(repeating: 0x20, count: depth * 4)
    }

    mutating func string() -> [UInt8] {
        let length = Int(next() % 30)
        var body: [UInt8] = []
        for _ in 0..<length {
            switch next() % 20 {
            case 0: body += Array(#"\""#.utf8)
            case 1: body += Array(#"\u00e9"#.utf8)
            case 2: body += [0xC3, 0xA9]
            case 3: body += Array(#"\n"#.utf8)
            default: body.append(UInt8(ascii: "a") + UInt8(next() % 26))
            }
        }
        return [0x22] + body + [0x22]
    }

    mutating func number() -> [UInt8] {
        var text = next() % 3 == 0 ? "-" : ""
        text += next() % 2 == 0 ? "0" : String(1 + next() % 999_999)
        if next() % 3 != 0 { text += "." + String(next() % 10_000_000_000) }
        if next() % 5 == 0 { text += pick(["e", "E"]) + pick(["", "+", "-"]) + String(next() % 30) }
        return Array(text.utf8)
    }

    mutating func value(into out: inout [UInt8], depth: Int, pretty: Bool) {
        let kind = depth > 4 ? 2 + next() % 4 : next() % 6
        switch kind {
        case 0:
            out.append(UInt8(ascii: "{"))
            let count = Int(next() % 5)
            for member in 0..<count {
                if member > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, depth + 1, pretty)
                out += string()
                out += Array((pretty ? ": " : ":").utf8)
                value(into: &out, depth: depth + 1, pretty: pretty)
            }
            if count > 0 { newline(&out, depth, pretty) }
            out.append(UInt8(ascii: "}"))
        case 1:
            out.append(UInt8(ascii: "["))
            let count = Int(next() % 6)
            let numbers = next() % 2 == 0
            for element in 0..<count {
                if element > 0 { out += Array((pretty || next() % 2 == 0 ? "," : ", ").utf8) }
                newline(&out, depth + 1, pretty)
                if numbers { out += number() } else { value(into: &out, depth: depth + 1, pretty: pretty) }
            }
            if count > 0 { newline(&out, depth, pretty) }
            out.append(UInt8(ascii: "]"))
        case 2: out += string()
        case 3, 4: out += number()
        default: out += Array(pick(["true", "false", "null"]).utf8)
        }
    }
}

@Suite("JSONScanner on the fixture bodies")
struct JSONScannerFixtureTests {
    static var fixtures: URL { Repository.fixtures }

    @Test("every fixture body, whole, line by line and cut at many places, reads as the reference reads it")
    func fixtureBodies() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.fixtures, includingPropertiesForKeys: nil))
        var documents: [[UInt8]] = []
        var bodies = 0
        for case let url as URL in files where !url.hasDirectoryPath {
            let bytes = try [UInt8](Data(contentsOf: url))
            bodies += 1
            documents.append(bytes)
            // SSE and NDJSON bodies: each line after its field name, as the framer hands them over.
            for line in bytes.split(separator: 0x0A) {
                let text = line.drop { $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "[") }
                if !text.isEmpty { documents.append(Array(text)) }
            }
            let step = max(1, bytes.count / 50)
            documents += stride(from: 0, to: bytes.count, by: step).map { Array(bytes[..<$0]) }
        }
        #expect(bodies > 100)
        #expect(differing(documents) == [])
    }
}
