/// Which logged body a shape, schema or role binding describes.
public enum BodyKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// The request body the client sent.
    case request
    /// A successful, non-streamed response body.
    case response
    /// One event of a streamed response (SSE event or NDJSON line).
    case responseStream = "response_stream"
    /// An error body (HTTP status ≥ 400, or an error-shaped body under 200).
    case error
    /// The path of the row's target URL, matched against templates (field maps only).
    case url
    /// The gateway's own columns, read as `{"model": …}` (field maps only).
    case row

    /// The kinds a catalog schema or a sampled shape describes (not `url` nor `row`).
    public static let logged: [BodyKind] = [.request, .response, .responseStream, .error]

    /// True for the kinds read from a logged body.
    public var isLogged: Bool { self != .url && self != .row }
}
