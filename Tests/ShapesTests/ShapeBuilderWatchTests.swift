import Testing
@testable import Shapes

@Suite("ShapeBuilder watched values")
struct ShapeBuilderWatchTests {
    /// JSON string literals and the strings they decode to: watched values written plainly and
    /// with escapes, values of the same length that differ in one byte, empty strings.
    static let values: [(json: String, text: String)] = [
        (#""gpt-4o-mini""#, "gpt-4o-mini"), (#""gpt\u002d4o-mini""#, "gpt-4o-mini"), (#""gpt-4o-mina""#, "gpt-4o-mina"),
        (#""hpt-4o-mini""#, "hpt-4o-mini"), (#""stop""#, "stop"), (#""st\u006fp""#, "stop"), (#""stap""#, "stap"),
        (#""""#, ""), (#""x""#, "x"), (#""\u0078""#, "x"), (#""y""#, "y"), (#""na\u00efve""#, "naïve"), (#""naïve""#, "naïve"),
        (#""naïvf""#, "naïvf"), (#""a\"b""#, "a\"b"), (#""a\\b""#, "a\\b"), (#""chat.completion.chunk""#, "chat.completion.chunk"),
    ]

    static let watchLists: [[String]] = [
        ["gpt-4o-mini"], ["stop", "x", ""], ["x", "x"], ["naïve", "a\"b", "gpt-4o-mini", "chat.completion.chunk"], [],
    ]

    @Test("each watched value is counted once per equal string at its path, escaped or not", arguments: watchLists)
    func watchHits(watching: [String]) {
        // Values at a member, and as items of an array (one node for all items).
        var documents: [String] = []
        for (offset, value) in Self.values.enumerated() {
            let other = Self.values[(offset * 7 + 3) % Self.values.count]
            documents.append(#"{"v": \#(value.json), "items": [\#(value.json), \#(other.json), \#(value.json)]}"#)
        }
        let built = shape(documents, watching: watching)
        var expectedMember: [String: Int] = [:]
        var expectedItems: [String: Int] = [:]
        for (offset, value) in Self.values.enumerated() {
            let other = Self.values[(offset * 7 + 3) % Self.values.count]
            for watched in Set(watching) {
                let copies = watching.filter { $0 == watched }.count
                if value.text == watched {
                    expectedMember[watched, default: 0] += copies
                    expectedItems[watched, default: 0] += 2 * copies
                }
                if other.text == watched { expectedItems[watched, default: 0] += copies }
            }
        }
        #expect(built["$.v"]?.watchHits == expectedMember)
        #expect(built["$.items[*]"]?.watchHits == expectedItems)
    }
}
