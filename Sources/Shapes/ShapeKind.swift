/// The kind of body a shape describes; successes, streams and errors are kept apart.
public enum ShapeKind: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Request bodies.
    case request
    /// Successful, non-streamed response bodies.
    case response
    /// One event type of a streamed response (SSE `event:` name; `message` for unnamed SSE
    /// events and NDJSON lines).
    case responseStream(event: String)
    /// Error bodies: status ≥ 400, or an error-shaped body under 400.
    case error

    /// A stable name: `request`, `response`, `response_stream:<event>`, `error`.
    public var description: String {
        switch self {
        case .request: return "request"
        case .response: return "response"
        case .responseStream(let event): return "response_stream:\(event)"
        case .error: return "error"
        }
    }

    public static func < (lhs: ShapeKind, rhs: ShapeKind) -> Bool {
        func rank(_ kind: ShapeKind) -> Int {
            switch kind {
            case .request: return 0
            case .response: return 1
            case .responseStream: return 2
            case .error: return 3
            }
        }
        if rank(lhs) != rank(rhs) { return rank(lhs) < rank(rhs) }
        return lhs.description < rhs.description
    }
}
