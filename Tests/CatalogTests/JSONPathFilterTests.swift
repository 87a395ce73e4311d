import Testing
@testable import Catalog

@Suite struct JSONPathFilterTests {
    typealias Query = JSONPathFilter.Query

    @Test("filter selectors parse into their expression and print canonically", arguments: [
        ("$.parts[?@.thought]", JSONPathFilter.exists(Query(keys: ["thought"])), "$.parts[?@.thought]"),
        ("$.parts[? !@.thought ]", .not(.exists(Query(keys: ["thought"]))), "$.parts[?!@.thought]"),
        ("$.parts[?@.thought!=true]", .compare(Query(keys: ["thought"]), .notEqual, .bool(true)), "$.parts[?@.thought != true]"),
        ("$.p[?@.type == \"text\"]", .compare(Query(keys: ["type"]), .equal, .string("text")), "$.p[?@.type == 'text']"),
        ("$.p[?@['a b'].c == 'it\\'s']", .compare(Query(keys: ["a b", "c"]), .equal, .string("it's")), "$.p[?@['a b'].c == 'it\\'s']"),
        ("$.p[?@ == null]", .compare(Query(keys: []), .equal, .null), "$.p[?@ == null]"),
        ("$.p[?@.n == -1.50e1]", .compare(Query(keys: ["n"]), .equal, .number(-15)), "$.p[?@.n == -15]"),
        ("$.p[?@.n != 0.25]", .compare(Query(keys: ["n"]), .notEqual, .number(0.25)), "$.p[?@.n != 0.25]"),
        ("$.p[?@.a && @.b || !@.c]",
         .or(.and(.exists(Query(keys: ["a"])), .exists(Query(keys: ["b"]))), .not(.exists(Query(keys: ["c"])))),
         "$.p[?@.a && @.b || !@.c]"),
        ("$.p[?@.a && (@.b || @.c)]",
         .and(.exists(Query(keys: ["a"])), .or(.exists(Query(keys: ["b"])), .exists(Query(keys: ["c"])))),
         "$.p[?@.a && (@.b || @.c)]"),
        ("$.p[?!(@.a == false)]", .not(.compare(Query(keys: ["a"]), .equal, .bool(false))), "$.p[?!(@.a == false)]"),
        ("$.p[?((@.a))]", .exists(Query(keys: ["a"])), "$.p[?@.a]"),
    ])
    func parsesFilter(text: String, filter: JSONPathFilter, canonical: String) throws {
        let path = try JSONPath(text)
        #expect(path.components.last == .filter(filter))
        #expect(path.description == canonical)
        #expect(try JSONPath(path.description) == path)
        #expect(!path.isDefinite)
    }

    @Test("an expression grouped to the right prints with its parentheses and reads back the same")
    func rightGroupingRoundTrips() throws {
        let a = JSONPathFilter.exists(Query(keys: ["a"]))
        let b = JSONPathFilter.exists(Query(keys: ["b"]))
        let c = JSONPathFilter.exists(Query(keys: ["c"]))
        for filter in [JSONPathFilter.or(a, .or(b, c)), .and(a, .and(b, c)), .and(.or(a, b), c), .not(.or(a, b))] {
            let path = JSONPath(components: [.key("p"), .filter(filter)])
            #expect(try JSONPath(path.description) == path, "\(path)")
        }
    }

    @Test("filters outside the subset or malformed are rejected with the byte offset of the problem", arguments: [
        ("$.p[?]", 5),
        ("$.p[?@.a", 8),
        ("$.p[?@.a == ]", 12),
        ("$.p[?@.a = 1]", 9),
        ("$.p[?@.a == 01]", 12),
        ("$.p[?@.a == 1.]", 12),
        ("$.p[?@.a == 1e999]", 12),
        ("$.p[?@.a == trueish]", 12),
        ("$.p[?@.a == @.b]", 12),
        ("$.p[?@.a < 1]", 9),
        ("$.p[?1 == @.a]", 5),
        ("$.p[?$.a]", 5),
        ("$.p[?@[0]]", 7),
        ("$.p[?@.a[*]]", 9),
        ("$.p[?!@.a == 1]", 10),
        ("$.p[?(@.a]", 9),
        ("$.p[?@.a && ]", 12),
        ("$.p[?@..a]", 7),
        ("$.p[?length(@.a) == 1]", 5),
    ])
    func rejectsFilter(text: String, offset: Int) {
        #expect {
            _ = try JSONPath(text)
        } throws: { error in
            (error as? JSONPathError)?.offset == offset
        }
    }

    @Test("deeply nested parentheses are refused, not followed without limit")
    func nestingLimit() {
        let text = "$.p[?" + String(repeating: "(", count: 40) + "@.a" + String(repeating: ")", count: 40) + "]"
        #expect(throws: JSONPathError.self) { try JSONPath(text) }
    }

    /// Evaluates `text` on what `found` gives per query (missing queries find nothing).
    static func matches(_ text: String, _ found: [[String]: JSONPathFilter.Found]) throws -> Bool {
        guard case .filter(let filter)? = try JSONPath("$[?" + text + "]").components.last else { return false }
        return filter.matches { found[$0.keys] ?? .nothing }
    }

    @Test("existence holds for any value, null and false included, and never for nothing")
    func existence() throws {
        #expect(try Self.matches("@.t", [["t"]: .scalar(.null)]))
        #expect(try Self.matches("@.t", [["t"]: .scalar(.bool(false))]))
        #expect(try Self.matches("@.t", [["t"]: .container]))
        #expect(try !Self.matches("@.t", [:]))
        #expect(try Self.matches("!@.t", [:]))
        #expect(try !Self.matches("!@.t", [["t"]: .scalar(.null)]))
    }

    @Test("a comparison with an absent member is nothing: equal to no literal, so != holds")
    func absentMemberComparisons() throws {
        #expect(try Self.matches("@.thought != true", [:]))
        #expect(try !Self.matches("@.thought == true", [:]))
        #expect(try !Self.matches("@.thought == null", [:]))
        #expect(try Self.matches("@.thought != null", [:]))
        #expect(try Self.matches("@.thought == null", [["thought"]: .scalar(.null)]))
        #expect(try Self.matches("@.thought != true", [["thought"]: .scalar(.bool(false))]))
        #expect(try !Self.matches("@.thought != true", [["thought"]: .scalar(.bool(true))]))
    }

    @Test("values compare by type: numbers by value, strings by their scalars, containers equal to nothing")
    func typedComparisons() throws {
        #expect(try Self.matches("@.n == 1", [["n"]: .scalar(.number(1.0))]))
        #expect(try Self.matches("@.n == 1.0e0", [["n"]: .scalar(.number(1))]))
        #expect(try !Self.matches("@.n == '1'", [["n"]: .scalar(.number(1))]))
        #expect(try !Self.matches("@.b == 1", [["b"]: .scalar(.bool(true))]))
        #expect(try Self.matches("@.s == 'é'", [["s"]: .scalar(.string("\u{E9}"))]))
        #expect(try !Self.matches("@.s == 'é'", [["s"]: .scalar(.string("e\u{301}"))]))
        #expect(try !Self.matches("@.c == null", [["c"]: .container]))
        #expect(try Self.matches("@.c != 'x'", [["c"]: .container]))
    }

    @Test("&&, || and ! combine tests as in RFC 9535")
    func logic() throws {
        let found: [[String]: JSONPathFilter.Found] = [["a"]: .scalar(.bool(true))]
        #expect(try Self.matches("@.a && !@.b", found))
        #expect(try !Self.matches("@.a && @.b", found))
        #expect(try Self.matches("@.b || @.a == true", found))
        #expect(try !Self.matches("!(@.b || @.a)", found))
    }

    @Test("filters on canonically equivalent but different strings or names are different filters")
    func exactTextIdentity() throws {
        let composed = try JSONPath("$.p[?@.s == '\u{E9}']")
        let decomposed = try JSONPath("$.p[?@.s == 'e\u{301}']")
        #expect(composed != decomposed)
        #expect(try JSONPath("$.p[?@['\u{E9}']]") != JSONPath("$.p[?@['e\u{301}']]"))
        #expect(Set([composed, decomposed]).count == 2)
    }

    @Test("queries lists each query once, in order")
    func queriesInOrder() throws {
        guard case .filter(let filter)? = try JSONPath("$[?@.b == 1 || @.a && @.b != 2]").components.last else {
            Issue.record("no filter")
            return
        }
        #expect(filter.queries == [Query(keys: ["b"]), Query(keys: ["a"])])
    }
}
