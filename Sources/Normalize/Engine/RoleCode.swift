import Catalog

/// The roles the normalizer acts on, as a small enum: decided once per role when a map is
/// compiled, so reading a document never compares role names.
enum RoleCode: UInt8, Sendable {
    case requestModel, responseModel, responseID, operationName, errorType, errorMessage, errorCode
    case finishReasons, streamFinishReason, outputText, streamTextDelta, outputReasoning, streamReasoningDelta, systemInstructions, stopSequences
    case inputTokens, outputTokens, totalTokens, cacheReadTokens, cacheCreationTokens, reasoningTokens
    case streamInputTokens, streamOutputTokens
    case maxTokens, seed, choiceCount, temperature, topP, topK, frequencyPenalty, presencePenalty, requestStream
    case embeddingsVectors, vectorElements
    case inputMessages, outputMessages, outputToolCalls, streamToolCallDelta
    /// A request value that may ask for a plain-text answer (the map's `plain_text`).
    case plainTextSelector
    /// A role the normalizer does not read (tool definitions, encoding formats, unknown names).
    case other

    static let table: [Role: RoleCode] = [
        .requestModel: .requestModel, .responseModel: .responseModel, .responseID: .responseID,
        .operationName: .operationName, .errorType: .errorType, .errorMessage: .errorMessage, .errorCode: .errorCode,
        .responseFinishReasons: .finishReasons, .streamFinishReason: .streamFinishReason, .outputText: .outputText,
        .streamTextDelta: .streamTextDelta, .outputReasoning: .outputReasoning, .streamReasoningDelta: .streamReasoningDelta, .systemInstructions: .systemInstructions, .requestStopSequences: .stopSequences,
        .inputTokens: .inputTokens, .outputTokens: .outputTokens, .totalTokens: .totalTokens,
        .cacheReadTokens: .cacheReadTokens, .cacheCreationTokens: .cacheCreationTokens, .reasoningTokens: .reasoningTokens,
        .streamInputTokens: .streamInputTokens, .streamOutputTokens: .streamOutputTokens,
        .requestMaxTokens: .maxTokens, .requestSeed: .seed, .requestChoiceCount: .choiceCount,
        .requestTemperature: .temperature, .requestTopP: .topP, .requestTopK: .topK,
        .requestFrequencyPenalty: .frequencyPenalty, .requestPresencePenalty: .presencePenalty, .requestStream: .requestStream,
        .embeddingsVectors: .embeddingsVectors, Normalizer.vectorElements: .vectorElements,
        .inputMessages: .inputMessages, .outputMessages: .outputMessages, .outputToolCalls: .outputToolCalls,
        .streamToolCallDelta: .streamToolCallDelta, Normalizer.plainTextSelector: .plainTextSelector,
    ]

    init(_ role: Role) {
        self = Self.table[role] ?? .other
    }

    /// The canonical token roles, in a fixed order.
    static let tokenRoles: [RoleCode] = [.inputTokens, .outputTokens, .totalTokens, .cacheReadTokens, .cacheCreationTokens, .reasoningTokens]

    /// The canonical token count this role feeds, if it is one.
    var tokenTarget: RoleCode? {
        switch self {
        case .inputTokens, .streamInputTokens: .inputTokens
        case .outputTokens, .streamOutputTokens: .outputTokens
        case .totalTokens, .cacheReadTokens, .cacheCreationTokens, .reasoningTokens: self
        default: nil
        }
    }
}
