/// An RFC 9535 filter selector's expression (`[?@.thought != true]`) in the catalog subset.
///
/// Tests are relative singular queries made of member names (`@`, `@.a.b`, `@['a b']`): existence
/// (`@.a`, true even for `null` or `false`), non-existence (`!@.a`), and `==` / `!=` against a
/// literal string, number, `true`, `false` or `null`. `&&`, `||`, `!( … )` and parentheses combine
/// them. As in RFC 9535, a query that selects nothing compares equal only to another nothing, so
/// `@.thought != true` holds for a member without `thought`.
public indirect enum JSONPathFilter: Hashable, Sendable {
    /// `@.a.b`: the query selects a value (any value, `null` included).
    case exists(Query)
    /// `@.a == literal` (or `!=`).
    case compare(Query, Comparison, Literal)
    /// `!@.a` or `!( … )`.
    case not(JSONPathFilter)
    /// `left && right`.
    case and(JSONPathFilter, JSONPathFilter)
    /// `left || right`.
    case or(JSONPathFilter, JSONPathFilter)

    /// A relative singular query: member names from the current value `@`. Equal when the names
    /// have the same bytes (`"é"` and `"e\u{301}"` are different members).
    public struct Query: Hashable, Sendable {
        /// The member names after `@`; empty for `@` itself.
        public var keys: [String]

        public init(keys: [String]) {
            self.keys = keys
        }

        public static func == (lhs: Query, rhs: Query) -> Bool {
            lhs.keys.map(ExactText.init) == rhs.keys.map(ExactText.init)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(keys.map(ExactText.init))
        }
    }

    /// A comparison operator.
    public enum Comparison: String, Hashable, Sendable {
        case equal = "=="
        case notEqual = "!="
    }

    /// A literal compared with a query's value; strings equal when their bytes are.
    public enum Literal: Hashable, Sendable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null

        public static func == (lhs: Literal, rhs: Literal) -> Bool {
            switch (lhs, rhs) {
            case (.string(let a), .string(let b)): ExactText.sameBytes(a, b)
            case (.number(let a), .number(let b)): a == b
            case (.bool(let a), .bool(let b)): a == b
            case (.null, .null): true
            default: false
            }
        }

        public func hash(into hasher: inout Hasher) {
            switch self {
            case .string(let text): hasher.combine(ExactText(text))
            case .number(let value): hasher.combine(value)
            case .bool(let value): hasher.combine(value)
            case .null: hasher.combine(0 as UInt8)
            }
        }
    }

    /// What a query found in the value under test.
    public enum Found: Sendable {
        /// The query selects nothing (RFC 9535 "Nothing").
        case nothing
        case scalar(Literal)
        /// An object or an array: equal to no literal.
        case container
    }

    /// Every query the expression reads, each once, in order of appearance.
    public var queries: [Query] {
        var out: [Query] = []
        collectQueries(into: &out)
        return out
    }

    private func collectQueries(into out: inout [Query]) {
        switch self {
        case .exists(let query), .compare(let query, _, _):
            if !out.contains(query) { out.append(query) }
        case .not(let inner):
            inner.collectQueries(into: &out)
        case .and(let left, let right), .or(let left, let right):
            left.collectQueries(into: &out)
            right.collectQueries(into: &out)
        }
    }

    /// True when the value under test passes, given what each query finds in it.
    public func matches(_ find: (Query) -> Found) -> Bool {
        switch self {
        case .exists(let query):
            if case .nothing = find(query) { return false }
            return true
        case .compare(let query, let comparison, let literal):
            let equal = Self.equals(find(query), literal)
            return comparison == .equal ? equal : !equal
        case .not(let inner):
            return !inner.matches(find)
        case .and(let left, let right):
            return left.matches(find) && right.matches(find)
        case .or(let left, let right):
            return left.matches(find) || right.matches(find)
        }
    }

    /// RFC 9535 equality of a found value and a literal: numbers by value, strings by their
    /// Unicode scalars, containers and nothing equal to no literal.
    static func equals(_ found: Found, _ literal: Literal) -> Bool {
        guard case .scalar(let value) = found else { return false }
        return value == literal
    }
}

extension JSONPathFilter: CustomStringConvertible {
    /// The canonical form, without the brackets: `@.thought != true`, `!@.a`, `@.a && (@.b || @.c)`.
    public var description: String {
        switch self {
        case .exists(let query):
            return query.description
        case .compare(let query, let comparison, let literal):
            return query.description + " " + comparison.rawValue + " " + literal.description
        case .not(.exists(let query)):
            return "!" + query.description
        case .not(let inner):
            return "!(" + inner.description + ")"
        case .and(let left, let right):
            return Self.grouped(left, if: left.isOr) + " && " + Self.grouped(right, if: right.isOr || right.isAnd)
        case .or(let left, let right):
            return left.description + " || " + Self.grouped(right, if: right.isOr)
        }
    }

    private var isOr: Bool {
        if case .or = self { return true }
        return false
    }

    private var isAnd: Bool {
        if case .and = self { return true }
        return false
    }

    private static func grouped(_ filter: JSONPathFilter, if needed: Bool) -> String {
        needed ? "(" + filter.description + ")" : filter.description
    }
}

extension JSONPathFilter.Query: CustomStringConvertible {
    /// `@`, then `.name` for shorthand-safe names and `['name']` otherwise.
    public var description: String {
        var out = "@"
        for key in keys {
            out += JSONPathParser.isShorthandName(key) ? "." + key : "['" + JSONPathParser.escaped(key) + "']"
        }
        return out
    }
}

extension JSONPathFilter.Literal: CustomStringConvertible {
    /// `'text'`, a number (whole numbers below 2^53 without a fraction), `true`, `false`, `null`.
    public var description: String {
        switch self {
        case .string(let text): "'" + JSONPathParser.escaped(text) + "'"
        case .number(let value):
            value == value.rounded() && abs(value) < 9_007_199_254_740_992 ? String(Int64(value)) : String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }
}
