/// A JSONPath in the RFC 9535 subset the catalog uses: `$`, `.name`, `['name']`, `[n]` (negative
/// from the end), `[*]` and filters `[?…]` (``JSONPathFilter``).
///
/// Paths are absolute (`$.usage.prompt_tokens`) or, inside a role's `item` map, relative to one
/// array element (`$.content[*].text` read from each message). Coded as its canonical string.
public struct JSONPath: Hashable, Sendable {
    /// One step of a path.
    public enum Component: Hashable, Sendable {
        /// An object member.
        case key(String)
        /// An array element: zero-based, or from the end when negative (`-1` is the last).
        case index(Int)
        /// Every element of an array (or every member value of an object).
        case wildcard
        /// Every element (or member value) the filter admits: `[?@.thought != true]`.
        case filter(JSONPathFilter)
    }

    /// The steps after `$`; empty for the root itself.
    public var components: [Component]

    /// The root path `$`.
    public static let root = JSONPath(components: [])

    /// A path from its steps.
    public init(components: [Component]) {
        self.components = components
    }

    /// Parses `text`; throws ``JSONPathError`` with the byte offset of the first problem.
    public init(_ text: String) throws(JSONPathError) {
        var parser = JSONPathParser(bytes: Array(text.utf8))
        self.components = try parser.parse()
    }

    /// A new path with `component` appended.
    public func appending(_ component: Component) -> JSONPath {
        JSONPath(components: components + [component])
    }

    /// A new path with the steps of `relative` (a path read from one element) appended.
    public func appending(_ relative: JSONPath) -> JSONPath {
        JSONPath(components: components + relative.components)
    }

    /// True when the path names at most one value (no wildcard, no filter).
    public var isDefinite: Bool {
        components.allSatisfy { component in
            switch component {
            case .key, .index: true
            case .wildcard, .filter: false
            }
        }
    }

    /// The last object key named by the path, if its last step is a key.
    public var lastKey: String? {
        if case .key(let name)? = components.last { return name }
        return nil
    }
}

extension JSONPath: CustomStringConvertible {
    /// The canonical form: `$.name` for shorthand-safe names, `['name']` otherwise, `[n]`, `[*]`,
    /// `[?@.a == 'x']`.
    public var description: String {
        var out = "$"
        for component in components {
            switch component {
            case .key(let name):
                if JSONPathParser.isShorthandName(name) {
                    out += "." + name
                } else {
                    out += "['" + JSONPathParser.escaped(name) + "']"
                }
            case .index(let index):
                out += "[\(index)]"
            case .wildcard:
                out += "[*]"
            case .filter(let filter):
                out += "[?" + filter.description + "]"
            }
        }
        return out
    }
}

extension JSONPath: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid JSONPath \"\(text)\": \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why a JSONPath could not be parsed, and where.
public struct JSONPathError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Byte offset (UTF-8) in the path text where the problem was found.
    public var offset: Int
    /// What went wrong, e.g. `unexpected character ']'`.
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        "\(reason) at offset \(offset)"
    }
}
