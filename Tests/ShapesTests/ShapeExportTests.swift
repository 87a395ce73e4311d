import Foundation
import Shapes
import Testing

@Suite("Shape export")
struct ShapeExportTests {
    static let documents = (0..<25).map { index in
        #"{"id": "chatcmpl-\#(index)", "object": "chat.completion", "created": \#(1_700_000_000 + index), "#
            + #""choices": [{"index": 0, "finish_reason": "\#(index % 5 == 0 ? "length" : "stop")", "message": {"role": "assistant", "content": "text \#(index)"}}], "#
            + #""usage": {"prompt_tokens": \#(index), "completion_tokens": 5, "total_tokens": \#(index + 5)}\#(index == 3 ? #", "system_fingerprint": null"# : "")}"#
    }

    @Test("a closed set is printed only when every value is one the caller vouches for")
    func printableValuesWithholdOthers() throws {
        let documents = (0..<25).map { index in
            #"{"object": "chat.completion", "system": "the same secret prompt", "n": \#(index)}"#
        }
        let text = shape(documents).jsonSchema(printableValues: ["chat.completion"])
        #expect(text.contains(#""enum":["chat.completion"]"#))
        #expect(!text.contains("secret"))
        #expect(text.contains(#""x-enum-withheld":1"#))
        #expect(shape(documents).jsonSchema().contains("secret"), "without a filter the closed set is exported")
    }

    @Test("exports valid JSON Schema 2020-12 with required, items, enum and counts")
    func jsonSchema() throws {
        let s = shape(Self.documents)
        let text = s.jsonSchema(title: "response")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(object["type"] as? String == "object")
        let required = try #require(object["required"] as? [String])
        #expect(required == ["choices", "created", "id", "object", "usage"])
        let properties = try #require(object["properties"] as? [String: Any])
        let objectField = try #require(properties["object"] as? [String: Any])
        #expect(objectField["enum"] as? [String] == ["chat.completion"])
        let choices = try #require(properties["choices"] as? [String: Any])
        let items = try #require(choices["items"] as? [String: Any])
        let itemProperties = try #require(items["properties"] as? [String: Any])
        let finish = try #require(itemProperties["finish_reason"] as? [String: Any])
        #expect(finish["enum"] as? [String] == ["length", "stop"])
        #expect(finish["x-count"] as? Int == 25)
        let fingerprint = try #require(properties["system_fingerprint"] as? [String: Any])
        #expect(fingerprint["x-presence"] as? Double == 0.04)
        #expect((properties["id"] as? [String: Any])?["enum"] == nil)
    }

    @Test("exports are deterministic whatever the order of documents")
    func deterministic() {
        let forward = shape(Self.documents)
        let backward = shape(Self.documents.reversed())
        #expect(forward.jsonSchema() == backward.jsonSchema())
        #expect(forward.textTree() == backward.textTree())
        #expect(forward.structureHash == backward.structureHash)
    }

    @Test("prints a text tree with path, types and presence")
    func textTree() {
        let tree = shape(Self.documents).textTree()
        let lines = tree.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.contains(["$.usage.prompt_tokens", "integer", "100%"]))
        #expect(lines.contains(["$.system_fingerprint", "null", "4%"]))
        #expect(lines.contains(["$.choices[*].finish_reason", "string", "enum[2]", "100%"]))
        #expect(lines.first?.first == "$")
    }

    @Test("the structure hash ignores counts and values but sees new paths and types")
    func structureHash() {
        let base = shape([#"{"a": 1, "b": "x"}"#])
        #expect(base.structureHash == shape([#"{"a": 2, "b": "y"}"#, #"{"a": 3, "b": "z"}"#]).structureHash)
        #expect(base.structureHash != shape([#"{"a": 1, "b": "x", "c": 1}"#]).structureHash)
        #expect(base.structureHash != shape([#"{"a": "1", "b": "x"}"#]).structureHash)
        #expect(base.structureHashHex.count == 16)
    }

    /// Documents with maps, odd keys, nested arrays, mixed types and rare subtrees.
    static let listingCorpora: [[String]] = [
        documents,
        (0..<30).map { index in
            let scores = (0..<14).map { #""user-\#($0 + index)": {"n": \#($0), "tag": "t"}"# }.joined(separator: ", ")
            return #"{"scores": {\#(scores)}, "grid": [[1, 2.5], [null, "x"]], "odd key": {"it's": true, "\\u0001": 1}}"#
        },
        (0..<40).map { index in
            index == 7
                ? #"{"a": {"rare": {"deep": [1, {"x": 1}]}}, "b": [], "c": "s"}"#
                : #"{"a": {"common": \#(index)}, "b": [\#(index), "\#(index)"], "c": \#(index % 3 == 0 ? "null" : "1")}"#
        },
        ["[1, 2, 3]", "[{\"k\": 1}]", "\"text\"", "42", "null"],
        // Keys rendered as name selectors (quotes, backslashes, control characters, a leading
        // digit, empty, DEL), keys sorting next to each other, and items of items.
        (0..<6).map { index in
            #"{"a": 1, "a b": 2, "a_b": 3, "A": [[{"\\": \#(index), "'": 1}]], "9x": {"": null, "\u001f\t\n": "x"}, "#
                + #""\u007f": 1, "a\"b": [\#(index)], "z\\'": {"x": \#(index % 2 == 0 ? "1" : "\"s\"")}}"#
        },
        // Keys past ASCII: composed and decomposed forms, a surrogate pair, among ASCII keys.
        // (Not two canonically equivalent keys: `String` sorts their lines as equal, in no set
        // order, so the listing's hash would depend on the sort.)
        (0..<6).map { index in
            #"{"é": 1, "o\u0308": 2, "ea": 3, "eb": {"ü": [\#(index)]}, "\ud83d\ude00": "x", "z": {"ñ": true}}"#
        },
    ]

    @Test("the canonical listing reads the arena as the path views read it", arguments: listingCorpora.indices)
    func canonicalListingMatchesTheViews(corpus: Int) {
        let s = shape(Self.listingCorpora[corpus])
        // The listing as defined over the public views.
        var expected: [String] = []
        var excluded: [ShapePath] = []
        s.forEachPath { node in
            if excluded.contains(where: { node.path.components.starts(with: $0.components) }) { return }
            guard node.path == .root || node.presence >= Shape.structureHashThreshold else {
                excluded.append(node.path)
                return
            }
            let types = node.typeSet.filter { Double(node.count(of: $0)) >= Shape.structureHashThreshold * Double(max(1, node.count)) }
            expected.append("\(node.path)\t\(types.map(\.rawValue).joined(separator: "|"))\(node.isMap ? "\tmap" : "")\n")
        }
        expected.sort()
        #expect(s.canonicalListing() == expected)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in expected.joined().utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        #expect(s.structureHash == hash)
        #expect(expected.count > 1)
        // The corpora reach the listing's special cases: a map, and a subtree left out.
        if corpus == 1 { #expect(expected.contains { $0.hasSuffix("\tmap\n") }) }
        if corpus == 2 { #expect(excluded.map(\.description) == ["$.a.rare"]) }
    }

    @Test("looks up nodes by path and walks every path in order")
    func pathWalk() throws {
        let s = shape(Self.documents)
        var paths: [String] = []
        s.forEachPath { paths.append($0.path.description) }
        #expect(paths.first == "$")
        #expect(paths.contains("$.choices[*].message.content"))
        #expect(paths.count == s.pathCount)
        let content = try #require(s.node(.key("choices"), .items, .key("message"), .key("content")))
        #expect(content.stringLengths?.max == 7)
        #expect(s.node(.key("nope")) == nil)
    }
}
