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
    /// The format guessed from the token and from its decoded bytes.
    struct DecodeVisitor: JSONVisitor {
        var mismatches: [String] = []
        var strings = 0
        mutating func string(_ token: JSONStringToken) {
            strings += 1
            let expected = token.withDecodedBytes { Array($0) }
            let fromBytes = expected.withUnsafeBytes { StringFormat.guess($0) }
            if StringFormat.guess(token) != fromBytes {
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
