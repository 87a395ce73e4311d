import Testing
@testable import Catalog

@Suite struct JSONPathTests {
    @Test("valid paths parse into components and print canonically", arguments: [
        ("$", [JSONPath.Component](), "$"),
        ("$.model", [.key("model")], "$.model"),
        ("$.usage.prompt_tokens_details.cached_tokens",
         [.key("usage"), .key("prompt_tokens_details"), .key("cached_tokens")], "$.usage.prompt_tokens_details.cached_tokens"),
        ("$.choices[0].message", [.key("choices"), .index(0), .key("message")], "$.choices[0].message"),
        ("$.choices[*].delta.content", [.key("choices"), .wildcard, .key("delta"), .key("content")], "$.choices[*].delta.content"),
        ("$['a.b']['c-d']", [.key("a.b"), .key("c-d")], "$['a.b']['c-d']"),
        ("$[\"model\"]", [.key("model")], "$.model"),
        ("$['it\\'s']", [.key("it's")], "$['it\\'s']"),
        ("$['\\u00e9t\\u00e9']", [.key("été")], "$.été"),
        ("$[ 12 ][ * ]", [.index(12), .wildcard], "$[12][*]"),
        ("$._private1", [.key("_private1")], "$._private1"),
        ("$['']", [.key("")], "$['']"),
        ("$.choices[-1].text", [.key("choices"), .index(-1), .key("text")], "$.choices[-1].text"),
        ("$[ -12 ]", [.index(-12)], "$[-12]"),
    ])
    func parsesValidPath(text: String, components: [JSONPath.Component], canonical: String) throws {
        let path = try JSONPath(text)
        #expect(path.components == components)
        #expect(path.description == canonical)
        #expect(try JSONPath(path.description) == path)
    }

    @Test("invalid paths are rejected with the byte offset of the problem", arguments: [
        ("", 0),
        ("model", 0),
        ("$.", 2),
        ("$..model", 2),
        ("$.*", 2),
        ("$.usage]", 7),
        ("$.1abc", 2),
        ("$[", 2),
        ("$[0", 3),
        ("$[-0]", 3),
        ("$[-]", 3),
        ("$[01]", 2),
        ("$[0:2]", 3),
        ("$[0,1]", 3),
        ("$[?(@.a)", 8),
        ("$['open", 7),
        ("$['a\\x']", 4),
        ("$.a b", 3),
        ("$ .a", 1),
        ("$[abc]", 2),
        ("$['\\ud800']", 3),
    ])
    func rejectsInvalidPath(text: String, offset: Int) {
        #expect {
            _ = try JSONPath(text)
        } throws: { error in
            (error as? JSONPathError)?.offset == offset
        }
    }

    @Test("error description names the character and offset")
    func errorDescription() {
        do {
            _ = try JSONPath("$.usage.input_tokens]")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "unexpected character ']' at offset 20")
        }
    }

    @Test("appending and definiteness")
    func appendingAndDefinite() throws {
        let base = try JSONPath("$.messages")
        #expect(base.isDefinite)
        let each = base.appending(.wildcard)
        #expect(!each.isDefinite)
        let text = each.appending(try JSONPath("$.content[*].text"))
        #expect(text.description == "$.messages[*].content[*].text")
        #expect(base.appending(.key("a.b")).description == "$.messages['a.b']")
        #expect(text.lastKey == "text")
        #expect(JSONPath.root.description == "$")
    }

    @Test("paths code as their canonical string")
    func codable() throws {
        let path = try JSONPath("$[\"x.y\"][3]")
        let data = try JSONEncoder().encode([path])
        #expect(String(decoding: data, as: UTF8.self) == #"["$['x.y'][3]"]"#)
        #expect(try JSONDecoder().decode([JSONPath].self, from: data) == [path])
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode([JSONPath].self, from: Data(#"["$.a["]"#.utf8))
        }
    }
}

import Foundation
