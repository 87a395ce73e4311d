/// How an API frames a streamed response.
public struct StreamFraming: Codable, Sendable, Hashable {
    /// The framing of a streamed body.
    public enum Format: String, Codable, Sendable, Hashable, CaseIterable {
        /// Server-sent events (`event:` / `data:` lines, blank-line separated).
        case sse
        /// One JSON document per line.
        case ndjson
        /// AWS binary event stream (`application/vnd.amazon.eventstream`); event names come from
        /// each frame's `:event-type` header and the payload is JSON.
        case awsEventStream = "aws_eventstream"
    }

    public var format: Format
    /// The data payload that ends the stream and is not JSON (OpenAI's `[DONE]`).
    public var done: String?
    /// The member of each event's JSON whose string value names the event when the frame itself
    /// carries no name (an SSE event without an `event:` line, an NDJSON line).
    public var eventKey: String?

    public init(format: Format, done: String? = nil, eventKey: String? = nil) {
        self.format = format
        self.done = done
        self.eventKey = eventKey
    }

    enum CodingKeys: String, CodingKey {
        case format, done
        case eventKey = "event_key"
    }

    /// The event name of an SSE event without an `event:` line, and of every NDJSON line.
    public static let defaultEventName = "message"
}
