import Catalog

/// A record being filled: role values land here as they are read, token counts stay raw (with
/// their conventions) until `finish()` applies the OpenTelemetry arithmetic.
struct Draft {
    var record = NormalizedRecord()
    /// Raw token counts by canonical token role.
    var tokens = TokenTable<Int64>()
    var conventions = TokenTable<TokenConvention>()
    /// The chain level of the link that gave the request model (FIELD_MAP.md 3.1).
    var modelLevel: Int32?
    /// Streamed tool calls by call index (or order of appearance).
    var deltaCalls: [(key: Int64?, call: NormalizedToolCall)] = []
    /// The request asked for a plain-text answer (`response_format` text, srt or vtt).
    var requestedPlainText = false

    /// Sets `record.issues`, deduplicated in order.
    mutating func issue(_ issue: FieldIssue) {
        if !record.issues.contains(issue) { record.issues.append(issue) }
    }

    mutating func note(confidence: Double?, of role: Role) {
        if let confidence { record.confidences[role.rawValue] = confidence }
    }

    /// Response-side values of `other` fill what this draft lacks (request values never move).
    mutating func fill(from other: Draft) {
        // In place: copying whole records here cost a retain per field on every streamed row.
        let source = other.record
        if record.responseModel == nil { record.responseModel = source.responseModel }
        if record.responseID == nil { record.responseID = source.responseID }
        if record.finishReasons.isEmpty {
            record.finishReasons = source.finishReasons
            record.canonicalFinishReasons = source.canonicalFinishReasons
        }
        if record.outputMessages.isEmpty { record.outputMessages = source.outputMessages }
        if record.outputText == nil { record.outputText = source.outputText }
        if record.outputReasoning == nil { record.outputReasoning = source.outputReasoning }
        if record.toolCalls.isEmpty { record.toolCalls = source.toolCalls }
        if record.embeddingCount == nil {
            record.embeddingCount = source.embeddingCount
            record.embeddingDimension = source.embeddingDimension
        }
        if record.errorType == nil { record.errorType = source.errorType }
        if record.errorCode == nil { record.errorCode = source.errorCode }
        if record.errorMessage == nil { record.errorMessage = source.errorMessage }
        for (role, confidence) in source.confidences where record.confidences[role] == nil {
            record.confidences[role] = confidence
        }
        for issue in source.issues { self.issue(issue) }
        for role in RoleCode.tokenRoles {
            if tokens[role] == nil, let value = other.tokens[role] {
                tokens[role] = value
                conventions[role] = other.conventions[role]
            }
        }
        for role in RoleCode.tokenRoles {
            if conventions[role] == nil, tokens[role] == nil, let convention = other.conventions[role] {
                conventions[role] = convention
            }
        }
    }

    /// Applies the token conventions and returns the record.
    consuming func finish() -> NormalizedRecord {
        var out = record
        if var input = tokens[.inputTokens] {
            if conventions[.inputTokens] == .excludesCached {
                for cache in [RoleCode.cacheReadTokens, .cacheCreationTokens] where conventions[cache] == .separate {
                    if let extra = tokens[cache] { input = added(input, extra, role: Role.inputTokens) ?? -1 }
                }
            }
            out.inputTokens = input >= 0 ? input : nil
        }
        if var output = tokens[.outputTokens] {
            if conventions[.reasoningTokens] == .separate, let extra = tokens[.reasoningTokens] {
                output = added(output, extra, role: Role.outputTokens) ?? -1
            }
            out.outputTokens = output >= 0 ? output : nil
        }
        out.totalTokens = tokens[.totalTokens]
        out.cacheReadTokens = tokens[.cacheReadTokens]
        out.cacheCreationTokens = tokens[.cacheCreationTokens]
        out.reasoningTokens = tokens[.reasoningTokens]
        out.issues = record.issues
        return out
    }

    private mutating func added(_ a: Int64, _ b: Int64, role: Role) -> Int64? {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow {
            record.issues.append(FieldIssue(role: role.rawValue, body: nil, path: nil, kind: .outOfRange))
            return nil
        }
        return sum
    }
}

/// A value per canonical token role (input, output, total, cache read, cache creation,
/// reasoning): a fixed table instead of a dictionary, read and written on every record.
struct TokenTable<Value> {

    private var input: Value?
    private var output: Value?
    private var total: Value?
    private var cacheRead: Value?
    private var cacheCreation: Value?
    private var reasoning: Value?

    subscript(role: RoleCode) -> Value? {
        get {
            switch role {
            case .inputTokens: input
            case .outputTokens: output
            case .totalTokens: total
            case .cacheReadTokens: cacheRead
            case .cacheCreationTokens: cacheCreation
            case .reasoningTokens: reasoning
            default: nil
            }
        }
        set {
            switch role {
            case .inputTokens: input = newValue
            case .outputTokens: output = newValue
            case .totalTokens: total = newValue
            case .cacheReadTokens: cacheRead = newValue
            case .cacheCreationTokens: cacheCreation = newValue
            case .reasoningTokens: reasoning = newValue
            default: break
            }
        }
    }
}
