import JSONScanning
import Testing

@Suite("JSONStringToken")
struct JSONStringTokenTests {
    @Test("decodes escapes and surrogate pairs", arguments: [
        (#""plain""#, "plain"),
        (#""a\nb\t\"c\"\\\/""#, "a\nb\t\"c\"\\/"),
        (#""\u00e9\u6f22""#, "é漢"),
        (#""\ud83d\ude00!""#, "😀!"),
        (#""\ud83dx""#, "\u{FFFD}x"),
        (#""\b\f\r""#, "\u{08}\u{0C}\r"),
    ])
    func decodes(json: String, expected: String) {
        #expect(withStringToken(json) { $0.decoded() } == expected)
        #expect(withStringToken(json) { $0.utf8Count } == expected.utf8.count)
    }

    @Test("equals compares decoded bytes, with or without escapes", arguments: [
        (#""gpt-4o""#, "gpt-4o", true),
        (#""gpt-4o""#, "gpt-4", false),
        (#""gpt-4""#, "gpt-4o", false),
        (#""gpt\u002d4o""#, "gpt-4o", true),
        (#""gpt\u002d4o""#, "gpt-4", false),
        (#""a\/b""#, "a/b", true),
        (#""""#, "", true),
    ])
    func equality(json: String, other: String, equal: Bool) {
        #expect(withStringToken(json) { $0.equals(other) } == equal)
        #expect(withStringToken(json) { $0.equals(Array(other.utf8)) } == equal)
    }

    @Test("flags escapes and non-ASCII bytes")
    func flags() {
        #expect(withStringToken(#""abc""#) { $0.hasEscapes || $0.hasNonASCII } == false)
        #expect(withStringToken(#""a\nc""#) { $0.hasEscapes } == true)
        #expect(withStringToken(#""é""#) { $0.hasNonASCII } == true)
    }

    @Test("hasPrefix reads the decoded bytes")
    func prefix() {
        #expect(withStringToken(#""data\u003a x""#) { $0.hasPrefix(Array("data:".utf8)) } == true)
        #expect(withStringToken(#""dat""#) { $0.hasPrefix(Array("data".utf8)) } == false)
    }
}
