import JSONScanning
import Shapes
import Testing

@Suite("Shape")
struct ShapeTests {
    @Test("watched values of several lengths are counted where they occur, and nothing else is")
    func watchedLengths() throws {
        let s = shape([
            #"{"model": "gpt-4o", "alias": "gpt-4o-mini", "other": "gpt-4", "long": "gpt-4o-mini-2024", "n": ""}"#,
            #"{"model": "gpt-4o-mini", "alias": "gpt-4o-mini", "other": "gpt-4o\u002d", "long": "x", "n": "g"}"#,
        ], watching: ["gpt-4o", "gpt-4o-mini"])
        #expect(s.node(.key("model"))?.watchHits == ["gpt-4o": 1, "gpt-4o-mini": 1])
        #expect(s.node(.key("alias"))?.watchHits == ["gpt-4o-mini": 2])
        #expect(s.node(.key("other"))?.watchHits == [:])
        #expect(s.node(.key("long"))?.watchHits == [:])
        #expect(s.node(.key("n"))?.watchHits == [:])
        #expect(shape([#"{"model": "gpt-4o"}"#]).node(.key("model"))?.watchHits == [:])
    }

    @Test("records unions and nullability per path")
    func unionsAndNulls() throws {
        let s = shape([#"{"a": 1, "b": "x"}"#, #"{"a": null, "b": 2.5}"#, #"{"a": 3, "b": true}"#])
        let a = try #require(s["$.a"])
        #expect(a.types == [.integer: 2, .null: 1])
        #expect(a.isNullable)
        let b = try #require(s["$.b"])
        #expect(b.typeSet == [.boolean, .number, .string])
        #expect(!b.isNullable)
        #expect(s.documentCount == 3)
    }

    @Test("counts key presence against the parent objects")
    func presence() throws {
        var documents = Array(repeating: #"{"id": "x", "usage": {"prompt_tokens": 3}}"#, count: 97)
        documents += Array(repeating: #"{"id": "y", "usage": {"prompt_tokens": 3, "cached": 1}, "extra": 1}"#, count: 3)
        let s = shape(documents)
        #expect(s["$.id"]?.presence == 1)
        #expect(s["$.id"]?.isRequired == true)
        #expect(s["$.extra"]?.count == 3)
        #expect(s["$.extra"]?.presence == 0.03)
        #expect(s["$.usage.cached"]?.parentCount == 100)
        #expect(s["$.usage.cached"]?.isRequired == false)
        #expect(s["$"]?.keys == ["extra", "id", "usage"])
    }

    @Test("merges array items into one item shape and tracks lengths")
    func arrays() throws {
        let s = shape([
            #"{"messages": [{"role": "system", "content": "a"}, {"role": "user", "content": "b", "name": "n"}]}"#,
            #"{"messages": [{"role": "user", "content": [{"type": "text"}]}]}"#,
            #"{"messages": []}"#,
        ])
        let messages = try #require(s["$.messages"])
        #expect(messages.arrayLengths == ShapeNode.Stats(count: 3, min: 0, max: 2, mean: 1))
        let item = try #require(s["$.messages[*]"])
        #expect(item.count == 3)
        #expect(s["$.messages[*].role"]?.isRequired == true)
        #expect(s["$.messages[*].name"]?.presence == 1.0 / 3.0)
        #expect(s["$.messages[*].content"]?.typeSet == [.string, .array])
        #expect(s["$.messages[*].content[*].type"]?.count == 1)
    }

    @Test("keeps integers and fractions apart with their ranges")
    func numbers() throws {
        let s = shape([#"{"n": 5}"#, #"{"n": -2}"#, #"{"n": 0.25}"#, #"{"n": 1e3}"#, #"{"n": 12345678901234567890}"#])
        let n = try #require(s["$.n"])
        #expect(n.count(of: .integer) == 3)
        #expect(n.count(of: .number) == 2)
        #expect(n.integerRange == -2...12345678901234567890.0)
        #expect(n.numberRange == 0.25...1000)
    }

    @Test("numbers in mixed arrays give the statistics of the same numbers added one at a time")
    func numberRunsInMixedArrays() throws {
        let values = ["1", "-3", "2.5", "\"x\"", "7", "-0.125", "1e3", "null", "12345678901234567890", "[4, 0.5]",
                      "-9", "{\"k\": 2}", "0", "0.75", "true", "-2.25", "6"]
        let together = shape([#"{"v": ["# + values.joined(separator: ", ") + "]}", #"{"v": [5, 8.5, -4]}"#])
        let apart = shape(values.map { #"{"v": ["# + $0 + "]}" } + ["5", "8.5", "-4"].map { #"{"v": ["# + $0 + "]}" })
        for path in ["$.v[*]", "$.v[*][*]", "$.v[*].k"] {
            let a = try #require(together[path])
            let b = try #require(apart[path])
            #expect(a.count == b.count, "\(path)")
            #expect(a.types == b.types, "\(path)")
            #expect(a.integerRange == b.integerRange, "\(path)")
            #expect(a.numberRange == b.numberRange, "\(path)")
        }
        let items = try #require(together["$.v[*]"])
        #expect(items.count(of: .integer) == 9)
        #expect(items.count(of: .number) == 6)
        #expect(items.integerRange == -9...12345678901234567890.0)
        #expect(items.numberRange == -2.25...1000)
        #expect(together["$.v"]?.arrayLengths?.max == values.count)

        // A document cut inside a run of numbers leaves the shape as it was.
        var s = together
        func summary(_ shape: Shape) -> [String] {
            shape.allPaths.map { "\($0) \($0.count) \($0.documents) \(String(describing: $0.integerRange)) \(String(describing: $0.numberRange)) \(String(describing: $0.arrayLengths))" }
        }
        let before = summary(s)
        #expect(addDocument(#"{"v": [100, 200.5, -300, 4"#, to: &s) != nil)
        #expect(summary(s) == before)
        #expect(s.documentCount == 2)
    }

    @Test("string lengths count decoded UTF-8 bytes")
    func stringLengths() throws {
        let s = shape([#"{"t": "abcd"}"#, #"{"t": "a\nb"}"#, #"{"t": "é"}"#, #"{"t": "\u00e9\ud83d\ude00"}"#])
        let t = try #require(s["$.t"])
        #expect(t.stringLengths?.min == 2)
        #expect(t.stringLengths?.max == 6)
        #expect(t.stringLengths?.mean == 3.75)  // 4, 3, 2, 6 bytes
    }

    @Test("captures a closed set of values, closed only from 20 samples")
    func enumCapture() throws {
        let roles = ["system", "user", "assistant", "tool"]
        let few = shape((0..<8).map { #"{"role": "\#(roles[$0 % 4])"}"# })
        #expect(few["$.role"]?.enumValues == nil)
        #expect(few["$.role"]?.enumCandidates == ["system": 2, "user": 2, "assistant": 2, "tool": 2])
        let many = shape((0..<20).map { #"{"role": "\#(roles[$0 % 4])"}"# })
        #expect(many["$.role"]?.enumValues == ["assistant", "system", "tool", "user"])
    }

    @Test("gives up the closed set past 16 distinct values or a value over 64 bytes", arguments: [
        (16, 64, true), (17, 64, false), (4, 65, false),
    ])
    func enumBounds(distinct: Int, longest: Int, closed: Bool) {
        var documents: [String] = []
        for index in 0..<40 {
            let value = index == 0 ? String(repeating: "x", count: longest) : "v\(index % (distinct - 1))"
            documents.append(#"{"k": "\#(value)"}"#)
        }
        let s = shape(documents)
        #expect((s["$.k"]?.enumValues != nil) == closed)
        if !closed { #expect(s["$.k"]?.enumCandidates.isEmpty == true) }
    }

    @Test("a closed set given up stays given up after merging")
    func enumGiveUpIsPermanent() {
        var s = shape((0..<17).map { #"{"k": "v\#($0)"}"# })
        s.merge(shape((0..<30).map { _ in #"{"k": "v1"}"# }))
        #expect(s["$.k"]?.enumValues == nil)
    }

    @Test("counts watched values without keeping other strings")
    func watchedValues() throws {
        let s = shape([
            #"{"model": "gpt-4o", "x": {"m": "gpt-4o"}}"#, #"{"model": "gpt-4o-mini"}"#, #"{"model": "gpt\u002d4o"}"#,
        ], watching: ["gpt-4o", "other"])
        #expect(s["$.model"]?.watchHits == ["gpt-4o": 2])
        #expect(s["$.x.m"]?.watchHits == ["gpt-4o": 1])
    }

    @Test("a document rejected half-way leaves no trace", arguments: [
        #"{"a": 1, "b": {"c": "new", "d": [1, 2, "#, #"{"a": "s", "z": 1, "k": "v"} x"#, #"{"a": NaN}"#,
    ])
    func rollback(bad: String) throws {
        var s = shape([#"{"a": 1, "k": "v"}"#, #"{"a": 2, "k": "v"}"#], watching: ["v"])
        let before = s.jsonSchema()
        let beforeCandidates = s["$.k"]?.enumCandidates
        let error = addDocument(bad, to: &s)
        #expect(error != nil)
        #expect(s.jsonSchema() == before)
        #expect(s["$.k"]?.enumCandidates == beforeCandidates)
        #expect(s["$.k"]?.watchHits == ["v": 2])
        #expect(s.documentCount == 2)
        #expect(s["$.z"] == nil)
        #expect(addDocument(#"{"a": 3, "k": "v"}"#, to: &s) == nil)
        #expect(s["$.a"]?.count == 3)
    }

    @Test("caps the number of paths and counts what was dropped")
    func pathCap() {
        let limits = ShapeLimits(maximumPaths: 10)
        let documents = (0..<5).map { index in
            "{" + (0..<8).map { #""f\#(index)_\#($0)": {"x": 1}"# }.joined(separator: ",") + "}"
        }
        let s = shape(documents, limits: limits)
        #expect(s.pathCount <= 10)
        #expect(s.droppedPaths > 0)
        #expect(s.documentCount == 5)
    }

    @Test("caps keys per object and counts what was dropped")
    func keyCap() {
        let limits = ShapeLimits(maximumKeysPerObject: 5, mapMinimumKeys: 100)
        let document = "{" + (0..<9).map { #""field_\#(String(UnicodeScalar(97 + $0)!))": {"a": [1]}"# }.joined(separator: ",") + "}"
        let s = shape([document], limits: limits)
        #expect(s["$"]?.keys.count == 5)
        #expect(s.droppedKeys == 4)
    }

    @Test("memory stays bounded whatever the number of samples")
    func bounded() {
        var s = Shape()
        for index in 0..<2_000 {
            _ = addDocument(#"{"id": "req-\#(index)", "data": {"item-\#(index)": {"score": \#(index)}}, "k\#(index % 7)": 1}"#, to: &s)
        }
        #expect(s.pathCount < 20)
        #expect(s["$.data"]?.isMap == true)
    }

    @Test("merging shapes equals building one shape from all documents")
    func mergeEqualsWhole() {
        let first = [#"{"a": 1, "b": [1, 2]}"#, #"{"a": "x", "c": {"d": null}}"#]
        let second = [#"{"a": 2.5, "b": []}"#, #"{"b": [3], "c": {"d": true, "e": 1}}"#]
        var merged = shape(first)
        merged.merge(shape(second))
        let whole = shape(first + second)
        #expect(merged.jsonSchema() == whole.jsonSchema())
        #expect(merged.textTree() == whole.textTree())
        #expect(merged.documentCount == 4)
    }
}
