/// Where one role lives: which body kind, which stream event, and the paths in order of
/// preference; then, in `fallbacks`, where else to look when this binding yields nothing
/// (see `schemas/FIELD_MAP.md`).
public struct RoleBinding: Codable, Sendable, Hashable {
    /// How a stream binding combines the values of several events.
    public enum Assembly: String, Codable, Sendable, Hashable, CaseIterable {
        /// Every event's strings joined with no separator (text deltas).
        case concat
        /// The value of the first event where the binding yields.
        case first
        /// The value of the last event where the binding yields.
        case last
        /// Tool-call pieces joined into calls by index (or by order), see FIELD_MAP.md.
        case joinCalls = "join_calls"
    }

    /// The body the paths are read from.
    public var body: BodyKind
    /// For `response_stream`: the event name (`content_block_delta`), or `*` for every event.
    public var event: String?
    /// Candidate paths, most preferred first; the first that yields a value wins.
    public var paths: [JSONPath]
    /// For `url`: path templates whose `{model}` placeholder is the value, tried in order.
    public var templates: [String]?
    /// For array-valued roles (messages, tool calls): paths relative to each element, keyed by
    /// `role`, `text`, `tool_calls`, `tool_call_id`, `name`, `arguments`, `id`, `index`, `type`.
    public var item: [String: [JSONPath]]?
    /// For token counts: how the value relates to the OpenTelemetry count.
    public var tokens: TokenConvention?
    /// For `response_stream`: how the values of several events combine.
    public var assemble: Assembly?
    /// More bindings of the same role, tried in order when this one yields nothing.
    public var fallbacks: [RoleBinding]?
    /// For heuristic maps: how sure the mapper is of this binding, in [0, 1].
    public var confidence: Double?

    public init(
        body: BodyKind,
        event: String? = nil,
        paths: [JSONPath],
        templates: [String]? = nil,
        item: [String: [JSONPath]]? = nil,
        tokens: TokenConvention? = nil,
        assemble: Assembly? = nil,
        fallbacks: [RoleBinding]? = nil,
        confidence: Double? = nil
    ) {
        self.body = body
        self.event = event
        self.paths = paths
        self.templates = templates
        self.item = item
        self.tokens = tokens
        self.assemble = assemble
        self.fallbacks = fallbacks
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case body, event, paths, templates, item, tokens, assemble, fallbacks, confidence
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        body = try container.decode(BodyKind.self, forKey: .body)
        event = try container.decodeIfPresent(String.self, forKey: .event)
        paths = try container.decodeIfPresent([JSONPath].self, forKey: .paths) ?? []
        templates = try container.decodeIfPresent([String].self, forKey: .templates)
        item = try container.decodeIfPresent([String: [JSONPath]].self, forKey: .item)
        tokens = try container.decodeIfPresent(TokenConvention.self, forKey: .tokens)
        assemble = try container.decodeIfPresent(Assembly.self, forKey: .assemble)
        fallbacks = try container.decodeIfPresent([RoleBinding].self, forKey: .fallbacks)
        confidence = try container.decodeIfPresent(Double.self, forKey: .confidence)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(body, forKey: .body)
        try container.encodeIfPresent(event, forKey: .event)
        if body != .url || !paths.isEmpty { try container.encode(paths, forKey: .paths) }
        try container.encodeIfPresent(templates, forKey: .templates)
        try container.encodeIfPresent(item, forKey: .item)
        try container.encodeIfPresent(tokens, forKey: .tokens)
        try container.encodeIfPresent(assemble, forKey: .assemble)
        if let fallbacks, !fallbacks.isEmpty { try container.encode(fallbacks, forKey: .fallbacks) }
        try container.encodeIfPresent(confidence, forKey: .confidence)
    }

    /// True when this binding reads `event` of a stream (a `*` binding reads every event).
    public func reads(event name: String) -> Bool {
        body == .responseStream && (event == "*" || event == name)
    }

    /// This binding, then its fallbacks: the order in which they are tried.
    public var chain: [RoleBinding] {
        var primary = self
        primary.fallbacks = nil
        return [primary] + (fallbacks ?? [])
    }
}
