/// Filter selectors (`[?@.thought != true]`), the subset ``JSONPathFilter`` describes.
extension JSONPathParser {
    /// Deepest nesting of parentheses and `!` a filter may have.
    static let maximumFilterDepth = 32

    /// Reads the expression after `[?` up to (not including) the closing `]`.
    mutating func parseFilter() throws(JSONPathError) -> JSONPathFilter {
        skipBlanks()
        return try parseOr(depth: 0)
    }

    private mutating func parseOr(depth: Int) throws(JSONPathError) -> JSONPathFilter {
        var filter = try parseAnd(depth: depth)
        while takeOperator("||") {
            filter = .or(filter, try parseAnd(depth: depth))
        }
        return filter
    }

    private mutating func parseAnd(depth: Int) throws(JSONPathError) -> JSONPathFilter {
        var filter = try parseBasic(depth: depth)
        while takeOperator("&&") {
            filter = .and(filter, try parseBasic(depth: depth))
        }
        return filter
    }

    /// `( … )`, `!( … )`, `!@.a`, `@.a`, or `@.a == literal` / `!=`.
    private mutating func parseBasic(depth: Int) throws(JSONPathError) -> JSONPathFilter {
        guard depth < Self.maximumFilterDepth else {
            throw JSONPathError(offset: offset, reason: "filter nested deeper than \(Self.maximumFilterDepth) levels")
        }
        guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "unterminated filter; expected a test such as '@.name'") }
        switch bytes[offset] {
        case UInt8(ascii: "("):
            return try parseParenthesized(depth: depth)
        case UInt8(ascii: "!"):
            offset += 1
            skipBlanks()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "(") {
                return .not(try parseParenthesized(depth: depth + 1))
            }
            let query = try parseQuery()
            if peekComparison() != nil {
                throw JSONPathError(offset: offset, reason: "negate a comparison with parentheses: '!(@.a == 1)'")
            }
            return .not(.exists(query))
        case UInt8(ascii: "@"):
            let query = try parseQuery()
            guard let comparison = peekComparison() else { return .exists(query) }
            offset += 2
            skipBlanks()
            let literal = try parseLiteral()
            skipBlanks()
            return .compare(query, comparison, literal)
        case UInt8(ascii: "$"):
            throw JSONPathError(offset: offset, reason: "absolute queries in filters are not in the catalog subset; use '@'")
        default:
            if isLiteralStart(bytes[offset]) {
                throw JSONPathError(offset: offset, reason: "a comparison starts with '@' in the catalog subset ('@.a == 1')")
            }
            throw unexpected()
        }
    }

    private mutating func parseParenthesized(depth: Int) throws(JSONPathError) -> JSONPathFilter {
        offset += 1
        skipBlanks()
        let inner = try parseOr(depth: depth + 1)
        guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "unterminated '('; expected ')'") }
        guard bytes[offset] == UInt8(ascii: ")") else { throw unexpected() }
        offset += 1
        skipBlanks()
        return inner
    }

    /// `@` then member names (`.name`, `['name']`); leaves the offset after trailing blanks.
    private mutating func parseQuery() throws(JSONPathError) -> JSONPathFilter.Query {
        guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "unterminated filter; expected '@'") }
        guard bytes[offset] == UInt8(ascii: "@") else {
            if bytes[offset] == UInt8(ascii: "$") {
                throw JSONPathError(offset: offset, reason: "absolute queries in filters are not in the catalog subset; use '@'")
            }
            throw unexpected()
        }
        offset += 1
        var keys: [String] = []
        while offset < bytes.count, keys.count < Self.maximumComponents {
            if bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                keys.append(try parseShorthandName())
            } else if bytes[offset] == UInt8(ascii: "[") {
                offset += 1
                skipBlanks()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "'") || bytes[offset] == UInt8(ascii: "\"") else {
                    throw JSONPathError(offset: offset, reason: "filter queries take member names only ('@.name', \"@['name']\")")
                }
                keys.append(try parseQuoted())
                skipBlanks()
                guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "unterminated '['; expected ']'") }
                guard bytes[offset] == UInt8(ascii: "]") else { throw unexpected() }
                offset += 1
            } else {
                break
            }
        }
        skipBlanks()
        return JSONPathFilter.Query(keys: keys)
    }

    /// The comparison operator at the offset, if one is there (not consumed).
    private func peekComparison() -> JSONPathFilter.Comparison? {
        guard offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "=") else { return nil }
        switch bytes[offset] {
        case UInt8(ascii: "="): return .equal
        case UInt8(ascii: "!"): return .notEqual
        default: return nil
        }
    }

    /// Consumes `op` (`&&`, `||`) and the blanks after it when it is at the offset.
    private mutating func takeOperator(_ op: StaticString) -> Bool {
        let first = op.utf8Start[0]
        guard offset + 1 < bytes.count, bytes[offset] == first, bytes[offset + 1] == first else { return false }
        offset += 2
        skipBlanks()
        return true
    }

    private func isLiteralStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): true
        default: false
        }
    }

    /// A string (`'x'` or `"x"`), a number (RFC 9535 grammar), `true`, `false` or `null`.
    private mutating func parseLiteral() throws(JSONPathError) -> JSONPathFilter.Literal {
        guard offset < bytes.count else { throw JSONPathError(offset: offset, reason: "missing literal after the comparison") }
        switch bytes[offset] {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseQuoted())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "@"), UInt8(ascii: "$"):
            throw JSONPathError(offset: offset, reason: "a comparison with another query is not in the catalog subset; compare with a literal")
        default:
            for (word, literal) in [("true", JSONPathFilter.Literal.bool(true)), ("false", .bool(false)), ("null", .null)]
            where bytes[offset...].starts(with: word.utf8) {
                let end = offset + word.utf8.count
                if end < bytes.count, Self.isNameChar(bytes[end]) { break }
                offset = end
                return literal
            }
            throw JSONPathError(offset: offset, reason: "expected a literal: a quoted string, a number, true, false or null")
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as a finite `Double`.
    private mutating func parseNumber() throws(JSONPathError) -> Double {
        let start = offset
        func digits() -> Int {
            let from = offset
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
            return offset - from
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let intStart = offset
        let intDigits = digits()
        guard intDigits > 0 else { throw JSONPathError(offset: start, reason: "invalid number") }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") { throw JSONPathError(offset: start, reason: "number with a leading zero") }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw JSONPathError(offset: start, reason: "invalid number") }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw JSONPathError(offset: start, reason: "invalid number") }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw JSONPathError(offset: start, reason: "number out of range") }
        return value
    }
}
