/// One provider API of the catalog (one `schemas/<id>.json` file), loaded and validated.
public struct CatalogEntry: Sendable, Hashable, Identifiable {
    /// Stable id, e.g. `openai.chat_completions`.
    public var id: String
    /// Human-readable name.
    public var title: String
    /// The API family (`openai`, `anthropic`, `google`, `cohere`, `ollama`, `aws.bedrock`).
    public var provider: String
    /// The OpenTelemetry operation (`chat`, `text_completion`, `embeddings`, `generate_content`…).
    public var operation: String
    /// Endpoint path patterns with `{name}` placeholders; see ``matchesEndpoint(_:)``.
    public var endpoints: [String]
    /// Schema of the request body.
    public var request: SchemaNode?
    /// Schema of a successful, non-streamed response body.
    public var response: SchemaNode?
    /// Schema of the error body.
    public var error: SchemaNode?
    /// Schema per stream event name (`message` for unnamed SSE events and NDJSON lines).
    public var streamEvents: [String: SchemaNode]
    /// How streamed responses are framed; nil when the API does not stream.
    public var stream: StreamFraming?
    /// Identifying constants per body kind: path → the values that mark this API.
    public var identify: [BodyKind: [JSONPath: [String]]]
    /// Roles, finish reasons and stream framing, ready to store.
    public var fieldMap: FieldMap
    /// The file this entry was loaded from.
    public var sourcePath: String

    public init(
        id: String,
        title: String,
        provider: String,
        operation: String,
        endpoints: [String],
        request: SchemaNode? = nil,
        response: SchemaNode? = nil,
        error: SchemaNode? = nil,
        streamEvents: [String: SchemaNode] = [:],
        stream: StreamFraming? = nil,
        identify: [BodyKind: [JSONPath: [String]]] = [:],
        fieldMap: FieldMap,
        sourcePath: String = ""
    ) {
        self.id = id
        self.title = title
        self.provider = provider
        self.operation = operation
        self.endpoints = endpoints
        self.request = request
        self.response = response
        self.error = error
        self.streamEvents = streamEvents
        self.stream = stream
        self.identify = identify
        self.fieldMap = fieldMap
        self.sourcePath = sourcePath
    }

    /// The schema for a body kind; for `response_stream`, the named event's schema (an unnamed
    /// event reads as `message`).
    public func schema(for kind: BodyKind, event: String? = nil) -> SchemaNode? {
        switch kind {
        case .request: request
        case .response: response
        case .error: error
        case .responseStream: streamEvents[event ?? StreamFraming.defaultEventName]
        case .url, .row: nil
        }
    }

    /// The binding of `role`, if this API has it.
    public func binding(for role: Role) -> RoleBinding? {
        fieldMap[role]
    }

    /// The canonical finish reason for a raw one; see ``FieldMap/canonicalFinishReason(_:)``.
    public func canonicalFinishReason(_ raw: String) -> String? {
        fieldMap.canonicalFinishReason(raw)
    }
}
