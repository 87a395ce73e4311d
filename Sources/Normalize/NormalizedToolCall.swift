/// A tool (function) call the model made, or that a request message carries.
public struct NormalizedToolCall: Sendable, Codable, Equatable, Hashable {
    /// The call id (`call_…`, `toolu_…`), when the API gives one.
    public var id: String?
    /// The tool's name.
    public var name: String?
    /// The arguments as JSON text: the API's own string, or, for APIs that send an object
    /// (Anthropic `input`, Gemini `args`, Bedrock `input`), that object re-serialised compactly
    /// in document key order. Streamed pieces are joined per call index.
    public var arguments: String?

    public init(id: String? = nil, name: String? = nil, arguments: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
