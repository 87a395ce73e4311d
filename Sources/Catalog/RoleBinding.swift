/// Where one role lives: which body kind, which stream event, and the paths in order of preference.
public struct RoleBinding: Codable, Sendable, Hashable {
    /// The body the paths are read from.
    public var body: BodyKind
    /// For `response_stream`: the event name (`content_block_delta`), or `*` for every event.
    public var event: String?
    /// Candidate paths, most preferred first; the first that yields a value wins.
    public var paths: [JSONPath]
    /// For array-valued roles (messages, tool calls): paths relative to each element, keyed by
    /// `role`, `text`, `tool_calls`, `tool_call_id`, `name`, `arguments`, `id`, `index`, `type`.
    public var item: [String: [JSONPath]]?
    /// For token counts: how the value relates to the OpenTelemetry count.
    public var tokens: TokenConvention?
    /// For heuristic maps: how sure the mapper is of this binding, in [0, 1].
    public var confidence: Double?

    public init(
        body: BodyKind,
        event: String? = nil,
        paths: [JSONPath],
        item: [String: [JSONPath]]? = nil,
        tokens: TokenConvention? = nil,
        confidence: Double? = nil
    ) {
        self.body = body
        self.event = event
        self.paths = paths
        self.item = item
        self.tokens = tokens
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case body, event, paths, item, tokens, confidence
    }

    /// True when this binding reads `event` of a stream (a `*` binding reads every event).
    public func reads(event name: String) -> Bool {
        body == .responseStream && (event == "*" || event == name)
    }
}
