/// What `BodyFramer.frame` found in one body: its format, how many documents it passed on, and
/// how many parts it skipped and why.
public struct BodyFraming: Sendable, Hashable {
    /// The body's format.
    public var format: BodyFormat
    /// Documents passed to the visit callback.
    public var documents = 0
    /// SSE `data: [DONE]` sentinels skipped.
    public var skippedDone = 0
    /// SSE `:` comment lines skipped.
    public var skippedComments = 0
    /// SSE events with no data or empty data, and blank NDJSON lines, skipped.
    public var skippedEmpty = 0
    /// SSE `id:`, `retry:` and unknown field lines ignored.
    public var ignoredFields = 0
    /// True when the body started with a UTF-8 byte order mark.
    public var bomSkipped = false
    /// Frames or elements that could not be read, by reason (a body whose framing breaks stops
    /// there: the rest is counted once, under the reason of the break).
    public var rejected: [FrameRejection: Int] = [:]

    public init(format: BodyFormat) {
        self.format = format
    }
}

/// Why part of a binary or array stream could not be framed; `name` is the counter's reason.
public enum FrameRejection: String, Sendable, Hashable, CaseIterable {
    /// The body ends inside a frame (or inside the array).
    case truncated
    /// An AWS frame's lengths cannot hold together (total under 16 bytes or over the maximum,
    /// headers longer than the frame).
    case badFrameLength = "bad_frame_length"
    /// An AWS frame's prelude CRC32 does not match its first 8 bytes.
    case badPreludeCRC = "bad_prelude_crc"
    /// An AWS frame's message CRC32 does not match its bytes.
    case badMessageCRC = "bad_message_crc"
    /// An AWS frame's headers do not parse (a length past their end, an unknown value type).
    case badFrameHeader = "bad_frame_header"
    /// A Bedrock `chunk` frame's `bytes` are not base64.
    case badBase64 = "bad_base64"
    /// Bytes other than whitespace after a JSON array stream's closing `]`.
    case trailingGarbage = "trailing_garbage"

    /// The stable snake_case name used in counters.
    public var name: String { rawValue }
}
