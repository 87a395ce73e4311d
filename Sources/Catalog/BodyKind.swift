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
}
