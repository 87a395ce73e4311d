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
