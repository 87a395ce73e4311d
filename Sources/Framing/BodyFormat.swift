/// How a logged body is framed, decided from its bytes (with the content type as a hint).
public enum BodyFormat: String, Sendable, Hashable, CaseIterable {
    /// One JSON document.
    case json
    /// Server-sent events: one JSON document per `data:` event.
    case sse
    /// Newline-delimited JSON: one document per line.
    case ndjson
    /// AWS binary event stream (`application/vnd.amazon.eventstream`: Bedrock ConverseStream,
    /// InvokeModelWithResponseStream): one JSON payload per frame, named by `:event-type`.
    case awsEventStream = "aws_eventstream"
    /// One JSON array whose elements are the stream's events (Gemini `streamGenerateContent`
    /// without `alt=sse`). The bytes alone say `json`: a caller chooses this format when the API
    /// declares it (see `BodyFramer.frame(_:as:visit:)`).
    case jsonArray = "json_array"
    /// `multipart/form-data`: form fields (file bytes are never read as data).
    case multipart
    /// Plain text (e.g. a transcription in `text` format, a proxy's error line).
    case text
    /// An HTML page (e.g. a 502 from a load balancer).
    case html
    /// No bytes, or only whitespace.
    case empty
    /// Bytes that are not text (NUL bytes or invalid UTF-8 at the start).
    case binary
}
