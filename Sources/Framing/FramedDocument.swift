/// One JSON document found in a body by `BodyFramer`: a slice of the body (or of a scratch
/// buffer for multi-line SSE data), valid only inside the visit callback.
public struct FramedDocument: @unchecked Sendable {
    /// The document's bytes.
    public let bytes: UnsafeRawBufferPointer
    /// The SSE `event:` name or AWS `:event-type` (`:exception-type` for an exception), or nil
    /// for unnamed SSE events, NDJSON lines, JSON array elements, the model-native events of
    /// Bedrock `chunk` frames and plain JSON.
    public let event: String?
    /// The position of the document in the body, from 0.
    public let index: Int
    /// Where `bytes` start in the body, or nil when they are not a slice of it (several SSE
    /// `data:` lines joined in a scratch buffer).
    public let offset: Int?
    /// True for an error event inside a stream (an AWS event stream `exception` frame).
    public let isError: Bool

    public init(bytes: UnsafeRawBufferPointer, event: String?, index: Int, offset: Int?, isError: Bool = false) {
        self.bytes = bytes
        self.event = event
        self.index = index
        self.offset = offset
        self.isError = isError
    }
}
