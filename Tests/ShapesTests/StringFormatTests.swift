import JSONScanning
import Testing
@testable import Shapes

@Suite("StringFormat")
struct StringFormatTests {
    @Test("guesses formats from the bytes", arguments: [
        ("2024-05-01T12:30:00Z", StringFormat.dateTime),
        ("2024-05-01T12:30:00.123+02:00", .dateTime),
        ("2024-05-01", .date),
        ("123e4567-e89b-12d3-a456-426614174000", .uuid),
        ("https://api.example.com/v1/x?y=1", .uri),
        ("data:image/png;base64,iVBORw0KGgo=", .uri),
        ("AAAAgD8AAIA/AACAPwAAgD8=", .base64),
        ("3q2+7wAAgD9mZmY/zczMPQ==", .base64),
        ("42", .numberString),
        ("-0.125", .numberString),
        ("someone@example.org", .email),
        ("Hello, how are you today?", .none),
        ("gpt-4o-mini", .none),
        ("chatcmpl-9xYzAbCdEfGh", .none),
        ("abcdefghijklmnopqrstuvwx", .none),
        ("", .none),
    ])
    func guesses(text: String, format: StringFormat) {
        let guess = Array(text.utf8).withUnsafeBytes { StringFormat.guess($0) }
        #expect(guess == format)
    }

    @Test("a path reports the format of (almost) all its strings")
    func pathFormat() {
        let s = shape((0..<20).map { #"{"t": "2024-05-\#($0 % 28 + 10)T00:00:00Z", "u": "https:\/\/x.io\/\#($0)"}"# })
        #expect(s["$.t"]?.format == .dateTime)
        #expect(s["$.u"]?.format == .uri)
        let mixed = shape([#"{"t": "2024-05-01"}"#, #"{"t": "hello"}"#])
        #expect(mixed["$.t"]?.format == nil)
    }

    /// Records, for each string the scanner reads, its bytes decoded by the token and by
    /// `JSONStringToken.decode(_:into:)` (the buffer path `StringFormat.guess` uses), and the format guessed from the token and from the bytes.
    struct DecodeVisitor: JSONVisitor {
        var mismatches: [String] = []
        var strings = 0
        mutating func string(_ token: JSONStringToken) {
            strings += 1
            var expected: [UInt8] = []
            token.forEachDecodedByte { expected.append($0) }
            let decoded = [UInt8](unsafeUninitializedCapacity: max(1, token.raw.count)) { buffer, count in
                count = JSONStringToken.decode(token.raw, into: buffer.baseAddress!)
            }
            let fromBytes = expected.withUnsafeBytes { StringFormat.guess($0) }
            if decoded != expected || StringFormat.guess(token) != fromBytes {
                mismatches.append(String(decoding: token.raw, as: UTF8.self))
            }
        }
    }

    @Test("escaped strings decode and guess as the token's own decoding does", arguments: 0..<4)
    func escapedStrings(seed: Int) throws {
        let pieces = [
            "a", "Z", "0", "9", "-", ":", "/", "@", ".", " ", "T", "=", "+", "é", "日本", "🙂", "\\n", "\\t", "\\r", "\\b",
            "\\f", "\\\"", "\\\\", "\\/", "\\u0041", "\\u00e9", "\\u65E5", "\\uD83D\\uDE00", "\\uD83D", "\\uDE00",
            "\\uD83D\\uD83D\\uDE00", "\\u0030", "\\u002d", "2024-05-01", "https:", "data:", "AAAA", "x@y.co",
        ]
        var random = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 3
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        var strings: [String] = []
        for _ in 0..<400 {
            strings.append("\"" + (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined() + "\"")
        }
        let document = Array(("[" + strings.joined(separator: ",") + "]").utf8)
        var visitor = DecodeVisitor()
        try document.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            try scanner.scan(into: &visitor)
        }
        #expect(visitor.strings == strings.count)
        #expect(visitor.mismatches.isEmpty, "\(visitor.mismatches.prefix(5))")
    }
}
