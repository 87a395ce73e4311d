/// A canonical field a catalog entry binds to paths: an OpenTelemetry GenAI attribute name where
/// one exists (`gen_ai.usage.input_tokens`), otherwise our own name under `gateway.`.
public struct Role: RawRepresentable, Hashable, Sendable, Codable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    /// True for a name in ``Role/known``.
    public var isKnown: Bool { Role.knownSet.contains(self) }

    /// True for names in our namespaces (`gen_ai.` or `gateway.`); the catalog accepts only these.
    public var isInKnownNamespace: Bool {
        rawValue.hasPrefix("gen_ai.") || rawValue.hasPrefix("gateway.")
    }

    /// True for the roles whose values are token counts.
    public var isTokenCount: Bool {
        rawValue.hasPrefix("gen_ai.usage.") || rawValue.hasPrefix("gateway.usage.") || rawValue.hasPrefix("gateway.stream.usage.")
    }

    // MARK: OpenTelemetry GenAI names

    public static let operationName: Role = "gen_ai.operation.name"
    public static let providerName: Role = "gen_ai.provider.name"
    public static let requestModel: Role = "gen_ai.request.model"
    public static let responseModel: Role = "gen_ai.response.model"
    public static let responseID: Role = "gen_ai.response.id"
    public static let responseFinishReasons: Role = "gen_ai.response.finish_reasons"
    public static let inputTokens: Role = "gen_ai.usage.input_tokens"
    public static let outputTokens: Role = "gen_ai.usage.output_tokens"
    public static let requestMaxTokens: Role = "gen_ai.request.max_tokens"
    public static let requestTemperature: Role = "gen_ai.request.temperature"
    public static let requestTopP: Role = "gen_ai.request.top_p"
    public static let requestTopK: Role = "gen_ai.request.top_k"
    public static let requestStopSequences: Role = "gen_ai.request.stop_sequences"
    public static let requestSeed: Role = "gen_ai.request.seed"
    public static let requestFrequencyPenalty: Role = "gen_ai.request.frequency_penalty"
    public static let requestPresencePenalty: Role = "gen_ai.request.presence_penalty"
    public static let requestChoiceCount: Role = "gen_ai.request.choice.count"
    public static let inputMessages: Role = "gen_ai.input.messages"
    public static let systemInstructions: Role = "gen_ai.system_instructions"
    public static let outputMessages: Role = "gen_ai.output.messages"
    public static let toolDefinitions: Role = "gen_ai.tool.definitions"
    public static let requestEncodingFormats: Role = "gen_ai.request.encoding_formats"

    // MARK: Our own names

    public static let requestStream: Role = "gateway.request.stream"
    public static let outputText: Role = "gateway.output.text"
    public static let outputToolCalls: Role = "gateway.output.tool_calls"
    /// The model's reasoning text (thinking parts), apart from the output text.
    public static let outputReasoning: Role = "gateway.output.reasoning"
    public static let totalTokens: Role = "gateway.usage.total_tokens"
    public static let cacheReadTokens: Role = "gateway.usage.cache_read_tokens"
    public static let cacheCreationTokens: Role = "gateway.usage.cache_creation_tokens"
    public static let reasoningTokens: Role = "gateway.usage.reasoning_tokens"
    public static let streamTextDelta: Role = "gateway.stream.text_delta"
    public static let streamToolCallDelta: Role = "gateway.stream.tool_call_delta"
    public static let streamReasoningDelta: Role = "gateway.stream.reasoning_delta"
    public static let streamFinishReason: Role = "gateway.stream.finish_reason"
    public static let streamInputTokens: Role = "gateway.stream.usage.input_tokens"
    public static let streamOutputTokens: Role = "gateway.stream.usage.output_tokens"
    public static let embeddingsVectors: Role = "gateway.embeddings.vectors"
    public static let embeddingsInput: Role = "gateway.embeddings.input"
    public static let errorMessage: Role = "gateway.error.message"
    public static let errorType: Role = "gateway.error.type"
    public static let errorCode: Role = "gateway.error.code"

    /// Every role name the catalog, the matcher and the normalizer agree on.
    public static let known: [Role] = [
        .operationName, .providerName, .requestModel, .responseModel, .responseID, .responseFinishReasons,
        .inputTokens, .outputTokens, .requestMaxTokens, .requestTemperature, .requestTopP, .requestTopK,
        .requestStopSequences, .requestSeed, .requestFrequencyPenalty, .requestPresencePenalty,
        .requestChoiceCount, .inputMessages, .systemInstructions, .outputMessages, .toolDefinitions,
        .requestEncodingFormats,
        .requestStream, .outputText, .outputToolCalls, .outputReasoning, .totalTokens, .cacheReadTokens, .cacheCreationTokens,
        .reasoningTokens, .streamTextDelta, .streamToolCallDelta, .streamReasoningDelta, .streamFinishReason, .streamInputTokens,
        .streamOutputTokens, .embeddingsVectors, .embeddingsInput, .errorMessage, .errorType, .errorCode,
    ]

    private static let knownSet = Set(known)

    /// Keys a role's `item` map may use (paths relative to each array element).
    public static let itemKeys: Set<String> = [
        "role", "text", "tool_calls", "tool_call_id", "name", "arguments", "id", "index", "type",
    ]
}
