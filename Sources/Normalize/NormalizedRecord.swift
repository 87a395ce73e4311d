/// One logged exchange in canonical form: what the gateway renders and counts.
///
/// JSON keys are the catalog's role names — OpenTelemetry GenAI attribute names where one exists
/// (`gen_ai.request.model`, `gen_ai.usage.input_tokens`), our own `gateway.` names otherwise
/// (`gateway.output.text`, `gateway.usage.cache_read_tokens`) — plus `http.response.status_code`.
/// Nil fields are left out of the JSON.
///
/// Token counts follow OpenTelemetry: `inputTokens` includes cached input. For an API whose input
/// count leaves cache reads and writes out (`excludes_cached`, e.g. Anthropic), the cache-read
/// and cache-creation counts reported beside it (`separate`) are added; for an API whose cached
/// count is already part of the input (`subset_of_input`, e.g. OpenAI) nothing is added. A
/// `separate` reasoning count (e.g. Gemini `thoughtsTokenCount`) is added to `outputTokens`; a
/// `subset_of_output` one is not. A streamed answer uses the conventions of the bindings that read
/// its events, which the mapper learns from the streams' own totals: an xAI stream, whose usage
/// chunk reports reasoning beside the completion count, gets its reasoning added as a plain xAI
/// answer does. Nothing is counted twice, and a count that is not an integer is nil with a
/// `FieldIssue`, never zero. `totalTokens` is only what the API reports.
public struct NormalizedRecord: Sendable, Codable, Equatable {
    /// The catalog entry id of the map used, or `heuristic`.
    public var schemaID: String?
    /// `chat`, `text_completion`, `embeddings`, `generate_content`, … when known.
    public var operation: String?
    /// The provider, when the caller knows it (from the log row's host).
    public var provider: String?
    /// The HTTP status of the response, when given.
    public var status: Int?
    /// True when the response was a stream (SSE or NDJSON) re-assembled into this record.
    public var isStream: Bool = false

    public var requestModel: String?
    public var responseModel: String?
    public var responseID: String?

    /// Finish reasons as the API wrote them, one per choice or candidate.
    public var finishReasons: [String] = []
    /// The same reasons mapped to OpenTelemetry's `stop`, `length`, `content_filter`, `tool_call`,
    /// `error` by the map's `finish_reasons` (nil entries stay out: unknown raw values).
    public var canonicalFinishReasons: [String] = []

    /// System instructions, several blocks joined with `"\n"`; from the map's system role, or
    /// else from the `system`/`developer` messages of the input.
    public var systemInstructions: String?
    /// The request's messages (system messages included when they sit in the array).
    public var inputMessages: [NormalizedMessage] = []
    /// The response's messages (for a stream: one assistant message re-assembled from deltas).
    public var outputMessages: [NormalizedMessage] = []
    /// The whole output text: text blocks joined with no separator; for a stream the deltas.
    public var outputText: String?
    /// The model's reasoning text (thinking parts), joined with no separator; for a stream the deltas.
    public var outputReasoning: String?
    /// Tool calls the model made.
    public var toolCalls: [NormalizedToolCall] = []

    public var inputTokens: Int64?
    public var outputTokens: Int64?
    public var totalTokens: Int64?
    public var cacheReadTokens: Int64?
    public var cacheCreationTokens: Int64?
    public var reasoningTokens: Int64?
    /// Billed search units of a rerank call, as the API reports them.
    public var searchUnits: Int64?

    /// How many vectors an embeddings response holds, and their dimension (for base64 float32
    /// vectors: decoded bytes / 4).
    public var embeddingCount: Int?
    public var embeddingDimension: Int?

    public var errorType: String?
    /// The error code as text (`rate_limit_exceeded`, `400`).
    public var errorCode: String?
    public var errorMessage: String?

    public var maxTokens: Int64?
    public var temperature: Double?
    public var topP: Double?
    public var topK: Double?
    public var stopSequences: [String]?
    public var seed: Int64?
    public var frequencyPenalty: Double?
    public var presencePenalty: Double?
    public var choiceCount: Int64?
    /// The request's own `stream` flag.
    public var requestStream: Bool?

    /// For heuristic maps: the confidence of the role each value came from, by role name.
    public var confidences: [String: Double] = [:]
    /// Per-field and per-body problems.
    public var issues: [FieldIssue] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case schemaID = "gateway.schema_id"
        case operation = "gen_ai.operation.name"
        case provider = "gen_ai.provider.name"
        case status = "http.response.status_code"
        case isStream = "gateway.response.is_stream"
        case requestModel = "gen_ai.request.model"
        case responseModel = "gen_ai.response.model"
        case responseID = "gen_ai.response.id"
        case finishReasons = "gen_ai.response.finish_reasons"
        case canonicalFinishReasons = "gateway.response.canonical_finish_reasons"
        case systemInstructions = "gen_ai.system_instructions"
        case inputMessages = "gen_ai.input.messages"
        case outputMessages = "gen_ai.output.messages"
        case outputText = "gateway.output.text"
        case outputReasoning = "gateway.output.reasoning"
        case toolCalls = "gateway.output.tool_calls"
        case inputTokens = "gen_ai.usage.input_tokens"
        case outputTokens = "gen_ai.usage.output_tokens"
        case totalTokens = "gateway.usage.total_tokens"
        case cacheReadTokens = "gateway.usage.cache_read_tokens"
        case cacheCreationTokens = "gateway.usage.cache_creation_tokens"
        case reasoningTokens = "gateway.usage.reasoning_tokens"
        case searchUnits = "gateway.usage.search_units"
        case embeddingCount = "gateway.embeddings.count"
        case embeddingDimension = "gateway.embeddings.dimension"
        case errorType = "gateway.error.type"
        case errorCode = "gateway.error.code"
        case errorMessage = "gateway.error.message"
        case maxTokens = "gen_ai.request.max_tokens"
        case temperature = "gen_ai.request.temperature"
        case topP = "gen_ai.request.top_p"
        case topK = "gen_ai.request.top_k"
        case stopSequences = "gen_ai.request.stop_sequences"
        case seed = "gen_ai.request.seed"
        case frequencyPenalty = "gen_ai.request.frequency_penalty"
        case presencePenalty = "gen_ai.request.presence_penalty"
        case choiceCount = "gen_ai.request.choice.count"
        case requestStream = "gateway.request.stream"
        case confidences = "gateway.confidences"
        case issues = "gateway.issues"
    }
}
