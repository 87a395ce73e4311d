import Catalog

extension Normalizer {
    /// What kind of value each role takes (FIELD_MAP.md section 4.3).
    enum ValueKind {
        case string, strings, scalarText, count, integer, number, bool, vectors, ignored
    }

    static func valueKind(of code: RoleCode) -> ValueKind {
        switch code {
        case .requestModel, .responseModel, .responseID, .errorType, .errorMessage, .operationName: .string
        case .finishReasons, .streamFinishReason, .outputText, .streamTextDelta, .outputReasoning, .streamReasoningDelta, .systemInstructions,
            .stopSequences, .plainTextSelector:
            .strings
        case .errorCode: .scalarText
        case .inputTokens, .outputTokens, .totalTokens, .cacheReadTokens, .cacheCreationTokens, .reasoningTokens,
            .streamInputTokens, .streamOutputTokens:
            .count
        case .maxTokens, .seed, .choiceCount: .integer
        case .temperature, .topP, .topK, .frequencyPenalty, .presencePenalty: .number
        case .requestStream: .bool
        case .embeddingsVectors, .vectorElements: .vectors
        case .inputMessages, .outputMessages, .outputToolCalls, .streamToolCallDelta, .other: .ignored
        }
    }

    /// Integers every JSON parser represents exactly: |n| < 2^53.
    static let exactIntegerLimit: Int64 = 1 << 53

    /// The value as an integer (FIELD_MAP.md 4.5): a whole number (`12`, `12.0`, `1.2e1`) within
    /// ±2^53; nil otherwise.
    static func wholeNumber(_ value: CapturedValue) -> Int64? {
        switch value {
        case .integer(let number):
            return number > -exactIntegerLimit && number < exactIntegerLimit ? number : nil
        case .number(let number, _):
            guard number.isFinite, number.rounded() == number, abs(number) < Double(exactIntegerLimit) else { return nil }
            return Int64(number)
        default:
            return nil
        }
    }

    static func accepts(_ kind: ValueKind, _ value: CapturedValue) -> Bool {
        switch kind {
        case .string, .strings: value.stringValue != nil
        case .scalarText: value.scalarText != nil
        case .count: (wholeNumber(value) ?? -1) >= 0
        case .integer: wholeNumber(value) != nil
        case .number: value.doubleValue != nil
        case .bool:
            if case .bool = value { true } else { false }
        case .vectors:
            switch value {
            case .array, .measuredString, .string: true
            default: false
            }
        case .ignored: false
        }
    }

    /// Applies one role link (spec `index` of the visitor's program) of one scanned document to
    /// the draft; true when it yielded. `joinCalls`: tool-call pieces join the draft's calls.
    @discardableResult
    func apply(_ index: Int32, _ visitor: inout CaptureVisitor, body: BodyKind, into draft: inout Draft, joinCalls: Bool = false) -> Bool {
        let info = visitor.program.infos[Int(index)]
        if info.group >= 0 {
            return applyItems(index, info, &visitor, into: &draft, joinCalls: joinCalls)
        }
        let kind = Self.valueKind(of: info.code)
        if kind == .ignored { return false }
        let found = visitor.values(info, accept: { Self.accepts(kind, $0) })
        return applyValues(index, program: visitor.program, values: found.values ?? [], rank: found.rank, rejected: found.rejected, body: body, into: &draft)
    }

    /// True when a role's wrongly typed values are not reported: internal roles, and error roles
    /// read from a success body (most success bodies are not errors).
    static func isQuiet(_ code: RoleCode, body: BodyKind) -> Bool {
        switch code {
        case .vectorElements, .plainTextSelector: true
        case .errorType, .errorMessage, .errorCode: body != .error
        default: false
        }
    }

    /// True when a later path of the binding descends into the path at `rank`: the map expects
    /// parts there (a string or typed parts), so a container at `rank` is not wrongly typed.
    static func expectsParts(_ paths: [JSONPath], at rank: Int) -> Bool {
        guard paths.indices.contains(rank) else { return false }
        let base = paths[rank].components
        return paths[(rank + 1)...].contains { $0.components.count > base.count && Array($0.components.prefix(base.count)) == base }
    }

    /// Applies the values found for a top-level role (or the issue of a rejected one); values
    /// the role does not accept are passed over. True when it yielded.
    @discardableResult
    func applyValues(
        _ index: Int32, program: PathProgram, values: [CapturedValue], rank: Int, rejected: CapturedValue?,
        body: BodyKind, into draft: inout Draft
    ) -> Bool {
        let info = program.infos[Int(index)]
        let kind = Self.valueKind(of: info.code)
        guard let first = values.first(where: { Self.accepts(kind, $0) }) else {
            let spec = program.specs[Int(index)]
            if !Self.isQuiet(info.code, body: body), !Self.expectsParts(spec.binding.paths, at: rank),
               let rejected = rejected ?? values.first(where: { $0 != .null })
            {
                let path = spec.binding.paths.indices.contains(rank) ? spec.binding.paths[rank].description : nil
                draft.issue(FieldIssue(role: spec.role.rawValue, body: body, path: path, kind: Self.issueKind(kind, rejected)))
            }
            return false
        }
        switch info.code {
        case .requestModel:
            draft.record.requestModel = first.stringValue
            draft.modelLevel = info.level
        case .responseModel: draft.record.responseModel = first.stringValue
        case .responseID: draft.record.responseID = first.stringValue
        case .operationName: draft.record.operation = first.stringValue
        case .errorType: draft.record.errorType = first.stringValue
        case .errorMessage: draft.record.errorMessage = first.stringValue
        case .errorCode: draft.record.errorCode = first.scalarText
        case .finishReasons, .streamFinishReason:
            let strings = values.compactMap(\.stringValue)
            draft.record.finishReasons = strings
            draft.record.canonicalFinishReasons = compiled.fieldMap.canonicalFinishReasons(strings)
        case .outputText, .streamTextDelta: draft.record.outputText = Self.joined(values)
        case .outputReasoning, .streamReasoningDelta: draft.record.outputReasoning = Self.joined(values)
        case .systemInstructions: draft.record.systemInstructions = values.compactMap(\.stringValue).joined(separator: "\n")
        case .stopSequences: draft.record.stopSequences = values.compactMap(\.stringValue)
        case .plainTextSelector:
            let accepted = program.specs[Int(index)].accepted ?? []
            if values.contains(where: { $0.stringValue.map { accepted.contains($0.lowercased()) } ?? false }) { draft.requestedPlainText = true }
            return true
        case .maxTokens: draft.record.maxTokens = Self.wholeNumber(first)
        case .seed: draft.record.seed = Self.wholeNumber(first)
        case .choiceCount: draft.record.choiceCount = Self.wholeNumber(first)
        case .temperature: draft.record.temperature = first.doubleValue
        case .topP: draft.record.topP = first.doubleValue
        case .topK: draft.record.topK = first.doubleValue
        case .frequencyPenalty: draft.record.frequencyPenalty = first.doubleValue
        case .presencePenalty: draft.record.presencePenalty = first.doubleValue
        case .requestStream:
            if case .bool(let flag) = first { draft.record.requestStream = flag }
        case .embeddingsVectors:
            draft.record.embeddingCount = values.count { Self.accepts(kind, $0) }
            draft.record.embeddingDimension = Self.dimension(of: first)
        case .vectorElements:
            // Elements that are vectors themselves: the path named the list of vectors.
            var count = 0
            var vector: CapturedValue?
            for value in values {
                switch value {
                case .array, .measuredString:
                    count += 1
                    if vector == nil { vector = value }
                default: break
                }
            }
            guard let vector else { return false }
            draft.record.embeddingCount = count
            draft.record.embeddingDimension = Self.dimension(of: vector)
            if let confidence = info.confidence { draft.note(confidence: confidence, of: .embeddingsVectors) }
            return true
        default:
            guard let target = info.code.tokenTarget, let count = Self.wholeNumber(first) else { return false }
            draft.tokens[target] = count
            draft.conventions[target] = info.tokens
        }
        if let confidence = info.confidence { draft.note(confidence: confidence, of: program.specs[Int(index)].role) }
        return true
    }

    /// The strings among `values`, joined with no separator.
    static func joined(_ values: [CapturedValue]) -> String {
        if values.count == 1, case .string(let text) = values[0] { return text }
        var text = ""
        for value in values { if case .string(let part) = value { text.append(part) } }
        return text
    }

    /// Applies an item role: messages, system blocks, tool calls, streamed tool-call pieces
    /// (`joinCalls`: pieces join the draft's calls, FIELD_MAP.md 5.3). True when it yielded.
    func applyItems(
        _ index: Int32, _ info: PathProgram.SpecInfo, _ visitor: inout CaptureVisitor, into draft: inout Draft, joinCalls: Bool
    ) -> Bool {
        let group = info.group
        let items = visitor.items(group: group)
        guard !items.isEmpty else { return false }
        if joinCalls {
            var merged = false
            for item in items {
                guard let piece = visitor.toolCall(group: group, item: item) else { continue }
                merged = Self.merge(piece, key: visitor.toolCallIndex(group: group, item: item), into: &draft.deltaCalls) || merged
            }
            if merged, let confidence = info.confidence { draft.note(confidence: confidence, of: visitor.program.specs[Int(index)].role) }
            return merged
        }
        switch info.code {
        case .inputMessages:
            draft.record.inputMessages = items.map { visitor.message(group: group, item: $0) }
        case .outputMessages:
            draft.record.outputMessages = items.map { visitor.message(group: group, item: $0) }
        case .systemInstructions:
            let blocks = items.map { visitor.message(group: group, item: $0).text }.filter { !$0.isEmpty }
            guard !blocks.isEmpty else { return false }
            draft.record.systemInstructions = blocks.joined(separator: "\n")
        case .outputToolCalls, .streamToolCallDelta:
            let calls = items.compactMap { visitor.toolCall(group: group, item: $0) }
            guard !calls.isEmpty else { return false }
            draft.record.toolCalls = calls
        default:
            return false
        }
        if let confidence = info.confidence { draft.note(confidence: confidence, of: visitor.program.specs[Int(index)].role) }
        return true
    }

    /// Joins a streamed tool-call piece to the call with the same index (or, without an index,
    /// starts a new call when the piece names one, else continues the last). A piece with only
    /// arguments joins a call an earlier piece opened with an id or name, or is dropped: in APIs
    /// whose delta events share one field (`$.delta` of every Responses event), text deltas are
    /// not tool-call arguments.
    /// True when the piece joined or opened a call.
    @discardableResult
    static func merge(_ piece: NormalizedToolCall, key: Int64?, into calls: inout [(key: Int64?, call: NormalizedToolCall)]) -> Bool {
        let opens = piece.id != nil || piece.name != nil
        var position: Int?
        if let key {
            position = calls.firstIndex { $0.key == key }
        } else if !opens, !calls.isEmpty {
            position = calls.count - 1
        }
        guard let position else {
            if opens { calls.append((key, piece)) }
            return opens
        }
        var call = calls[position].call
        if call.id == nil { call.id = piece.id }
        if call.name == nil { call.name = piece.name }
        if let arguments = piece.arguments { call.arguments = (call.arguments ?? "") + arguments }
        calls[position].call = call
        return true
    }

    /// The dimension of one vector: its element count, or for a base64 string of float32
    /// values, decoded bytes / 4.
    static func dimension(of value: CapturedValue) -> Int? {
        switch value {
        case .array(let count, _): return count
        case .measuredString(let length, let padding): return (length / 4 * 3 - padding) / 4
        case .string(let text): return dimension(of: .measuredString(length: text.utf8.count, padding: text.reversed().prefix { $0 == "=" }.count))
        default: return nil
        }
    }

    static func issueKind(_ kind: ValueKind, _ value: CapturedValue) -> FieldIssue.Kind {
        switch (kind, value) {
        case (.count, .integer), (.integer, .integer): return .outOfRange
        case (.count, .number(let number, _)), (.integer, .number(let number, _)):
            return number.isFinite && number.rounded() != number ? .notInteger : .outOfRange
        default: return .wrongType(expected: expectedType(kind), found: value.typeName)
        }
    }

    static func expectedType(_ kind: ValueKind) -> String {
        switch kind {
        case .string, .strings, .scalarText: "string"
        case .count, .integer: "integer"
        case .number: "number"
        case .bool: "boolean"
        case .vectors: "array"
        case .ignored: "any"
        }
    }
}
