/// How an API frames a streamed response.
public struct StreamFraming: Codable, Sendable, Hashable {
    /// The framing of a streamed body.
    public enum Format: String, Codable, Sendable, Hashable, CaseIterable {
        /// Server-sent events (`event:` / `data:` lines, blank-line separated).
        case sse
        /// One JSON document per line.
        case ndjson
        /// AWS binary event stream (`application/vnd.amazon.eventstream`); event names come from
        /// each frame's `:event-type` header and the payload is JSON (a Bedrock `chunk`'s base64
        /// `bytes` decode to the model's native JSON event).
        case awsEventStream = "aws_eventstream"
        /// One JSON array whose elements are the events, all named `message` (Gemini's
        /// `streamGenerateContent` without `alt=sse`). Declaring it is what makes a top-level array
        /// response of the API's endpoints a stream: the bytes alone read as one JSON document.
        case jsonArray = "json_array"
    }

    /// Every framing the API's streams arrive in, its own first (`format`); others come from
    /// where it is served (Anthropic on Bedrock: `aws_eventstream`) or how it is asked (Gemini
    /// without `alt=sse`: `json_array`).
    public var formats: [Format]
    /// The data payload that ends the stream and is not JSON (OpenAI's `[DONE]`).
    public var done: String?
    /// The member of each event's JSON whose string value names the event when the frame itself
    /// carries no name (an SSE event without an `event:` line, an NDJSON line, a Bedrock chunk).
    public var eventKey: String?

    /// The API's own framing: the first of `formats`.
    public var format: Format {
        get { formats[0] }
        set { formats[0] = newValue }
    }

    public init(format: Format, done: String? = nil, eventKey: String? = nil, alsoFramedAs others: [Format] = []) {
        formats = [format] + others.filter { $0 != format }
        self.done = done
        self.eventKey = eventKey
    }

    /// True when the API's streams may arrive framed as `format`.
    public func frames(_ format: Format) -> Bool {
        formats.contains(format)
    }

    enum CodingKeys: String, CodingKey {
        case format, done
        case eventKey = "event_key"
    }

    /// `format` is one name, or a list of them (the API's own first).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let one = try? container.decode(Format.self, forKey: .format) {
            formats = [one]
        } else {
            let several = try container.decode([Format].self, forKey: .format)
            guard !several.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .format, in: container, debugDescription: "an empty list of stream formats")
            }
            formats = several
        }
        done = try container.decodeIfPresent(String.self, forKey: .done)
        eventKey = try container.decodeIfPresent(String.self, forKey: .eventKey)
    }

    /// One format is written as its name (as field maps always were), several as a list.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if formats.count == 1 {
            try container.encode(formats[0], forKey: .format)
        } else {
            try container.encode(formats, forKey: .format)
        }
        try container.encodeIfPresent(done, forKey: .done)
        try container.encodeIfPresent(eventKey, forKey: .eventKey)
    }

    /// The event name of an SSE event without an `event:` line, and of every NDJSON line.
    public static let defaultEventName = "message"
}
