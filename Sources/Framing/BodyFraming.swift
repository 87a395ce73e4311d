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

    public init(format: BodyFormat) {
        self.format = format
    }
}
