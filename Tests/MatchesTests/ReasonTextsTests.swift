import Shapes
import Testing
@testable import Matches

@Suite("ReasonTexts")
struct ReasonTextsTests {
    static func shape(_ documents: [String]) throws -> Shape {
        var shape = Shape()
        for document in documents {
            try Array(document.utf8).withUnsafeBytes { try shape.add(document: $0) }
        }
        return shape
    }

    static let texts = [
        "response $.a", "request $.b", "response $.a", "caf\u{E9}", "cafe\u{301}", "stream message $.c", "request $.b",
        "x", "y", "z", "w", "v", "response $.a",
    ]

    @Test("a list of numbers reads as EntryScorer.list of their texts, first spellings kept", arguments: [1, 2, 4, 6, 8, 20])
    func listsAsTheTexts(limit: Int) {
        let texts = ReasonTexts()
        let numbers = Self.texts.map(texts.number)
        let listed = texts.list(numbers, limit: limit)
        let expected = EntryScorer.list(Self.texts, limit: limit)
        #expect(listed == expected)
        #expect(Array(listed.utf8) == Array(expected.utf8))
        // The other spelling first: it is the one shown.
        let reordered = [Self.texts[4], Self.texts[3]] + Self.texts
        let again = texts.list(reordered.map(texts.number), limit: limit)
        #expect(Array(again.utf8) == Array(EntryScorer.list(reordered, limit: limit).utf8))
    }

    @Test("equal texts are listed once, whatever their numbers; requests are marked")
    func numbering() {
        let texts = ReasonTexts()
        let same = [texts.number("request $.b"), texts.number("request $.b"), texts.number("caf\u{E9}"), texts.number("cafe\u{301}")]
        #expect(texts.list(same) == "request $.b, caf\u{E9}")
        #expect(texts.list(same, limit: 1) == "request $.b (+1 more)")
        let request = texts.number("request $.b")
        let response = texts.number("response $.b")
        #expect(texts.isRequest[request])
        #expect(!texts.isRequest[response])
    }

    @Test("places of a shape are numbered as the label and the path's text, missing members too")
    func places() throws {
        let shape = try Self.shape([#"{"a": {"b": 1}, "caf\#u{E9}": 2}"#])
        let views = ShapeViews(shape)
        let a = views.step(from: 0, .key("a"))
        let b = views.step(from: a, .key("b"))
        let texts = ReasonTexts()
        let places: [ShapeViews.Place] = [
            .view(b), .member(parent: a, key: "c"), .view(a), .member(parent: 0, key: "cafe\u{301}"), .view(b),
            .member(parent: a, key: "c"),
        ]
        for _ in 0..<2 {
            let numbers = texts.numbers(places, label: "response", in: views)
            #expect(numbers.map { texts.texts[$0] } == [
                "response $.a.b", "response $.a.c", "response $.a", "response $['cafe\u{301}']", "response $.a.b", "response $.a.c",
            ])
            #expect(Array(texts.texts[numbers[3]].utf8) == Array("response $['cafe\u{301}']".utf8))
        }
        let other = texts.numbers([.view(b)], label: "request", in: views)
        #expect(texts.texts[other[0]] == "request $.a.b")
    }
}
