import Catalog

/// A problem with one field (or one body) met while normalizing: the record keeps going, the
/// field stays nil, and the issue says why. Issues never carry body text.
public struct FieldIssue: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public enum Kind: Sendable, Codable, Equatable, Hashable {
        /// The map binds the role but no path yielded a value.
        case absent
        /// A value of another JSON type than the role needs (e.g. a token count given as a string).
        case wrongType(expected: String, found: String)
        /// A count given with a fraction or exponent (`12.5`, `1e3`).
        case notInteger
        /// A count below zero, or a number too large for a 64-bit integer.
        case outOfRange
        /// The body could not be read as JSON: the scanner's reason (`truncated`, `nan`, …) and byte offset.
        case unreadableBody(reason: String, offset: Int)
        /// The body is not JSON at all (`html`, `text`, `binary`, `empty`, `multipart`).
        case unexpectedFormat(String)
        /// A stream event could not be read; the rest of the stream was kept.
        case unreadableEvent(index: Int, reason: String, offset: Int)
    }

    /// The role the issue is about (`gen_ai.usage.input_tokens`), or nil for a whole body.
    public var role: String?
    /// The body kind read (`request`, `response`, `response_stream`, `error`).
    public var body: BodyKind?
    /// The path the value was read at, in the map's JSONPath form, when one is known.
    public var path: String?
    public var kind: Kind

    public init(role: String?, body: BodyKind?, path: String?, kind: Kind) {
        self.role = role
        self.body = body
        self.path = path
        self.kind = kind
    }

    public var description: String {
        var parts: [String] = []
        if let role { parts.append(role) }
        if let body { parts.append("(\(body.rawValue))") }
        if let path { parts.append("at \(path)") }
        let what: String = switch kind {
        case .absent: "absent"
        case .wrongType(let expected, let found): "expected \(expected), found \(found)"
        case .notInteger: "not an integer"
        case .outOfRange: "out of range"
        case .unreadableBody(let reason, let offset): "unreadable body: \(reason) at byte \(offset)"
        case .unexpectedFormat(let format): "not JSON: \(format)"
        case .unreadableEvent(let index, let reason, let offset): "unreadable stream event \(index): \(reason) at byte \(offset)"
        }
        parts.append(what)
        return parts.joined(separator: " ")
    }
}
