import Shapes
import Testing

@Suite("ShapePath")
struct ShapePathTests {
    @Test("renders RFC 9535 JSONPath", arguments: [
        (ShapePath.root, "$"),
        (ShapePath([.key("usage"), .key("prompt_tokens")]), "$.usage.prompt_tokens"),
        (ShapePath([.key("choices"), .items, .key("message")]), "$.choices[*].message"),
        (ShapePath([.key("odd key")]), "$['odd key']"),
        (ShapePath([.key("it's")]), "$['it\\'s']"),
        (ShapePath([.key("1st")]), "$['1st']"),
        (ShapePath([.key("scores"), .mapValue]), "$.scores.*"),
        (ShapePath([.key("a\u{01}")]), "$['a\\u0001']"),
    ])
    func renders(path: ShapePath, text: String) {
        #expect(path.description == text)
    }

    @Test("appending adds one step")
    func appending() {
        #expect(ShapePath.root.appending(.key("a")).appending(.items) == ShapePath([.key("a"), .items]))
    }
}

@Suite("ShapePath parsing")
struct ShapePathParsingTests {
    @Test("parses the catalog's JSONPath subset", arguments: [
        ("$", ShapePath.root),
        ("$.usage.prompt_tokens", ShapePath([.key("usage"), .key("prompt_tokens")])),
        ("$.choices[0].message.content", ShapePath([.key("choices"), .items, .key("message"), .key("content")])),
        ("$.choices[*].delta", ShapePath([.key("choices"), .items, .key("delta")])),
        ("$['odd key'][\"x\"]", ShapePath([.key("odd key"), .key("x")])),
        ("$['it\\'s']", ShapePath([.key("it's")])),
        ("$.scores.*", ShapePath([.key("scores"), .mapValue])),
    ])
    func parses(text: String, path: ShapePath) {
        #expect(ShapePath(jsonPath: text) == path)
    }

    @Test("rejects what is not in the subset", arguments: ["", "usage", "$..x", "$[?(@.a)]", "$.a[1:2]", "$.", "$['open"])
    func rejects(text: String) {
        #expect(ShapePath(jsonPath: text) == nil)
    }

    @Test("round-trips rendered paths")
    func roundTrip() {
        let s = shape([#"{"a b": [{"c": 1}], "usage": {"in_tok": 2}}"#])
        s.forEachPath { node in
            #expect(ShapePath(jsonPath: node.path.description) == node.path)
        }
        #expect(s.node(jsonPath: "$.usage.in_tok")?.count(of: .integer) == 1)
        #expect(s.node(jsonPath: "$['a b'][3].c")?.count == 1)
    }
}
