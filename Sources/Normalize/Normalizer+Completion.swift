import Catalog

extension Normalizer {
    /// Message roles whose text counts as system instructions when the map binds no system role.
    static let systemMessageRoles: Set<String> = ["system", "developer"]

    /// Fills in what the bodies only imply, then reports the roles a usable record needs but the
    /// bound paths did not yield (`absent`), for bodies that could be read at all:
    /// the request model; for a success, output (text, tool calls or vectors), finish reason and
    /// token counts; for an error, its message.
    func reportAbsent(into draft: inout Draft, status: Int?, hasRequest: Bool, hasResponse: Bool) {
        if draft.record.systemInstructions == nil, !draft.record.inputMessages.isEmpty {
            var system: [String] = []
            for message in draft.record.inputMessages {
                guard let role = message.role, role == "system" || role == "developer" else { continue }
                system.append(message.text)
            }
            assert(Self.systemMessageRoles == ["system", "developer"])
            if !system.isEmpty { draft.record.systemInstructions = system.joined(separator: "\n") }
        }
        var unreadable: Set<BodyKind> = []
        for issue in draft.record.issues where issue.role == nil {
            if let body = issue.body { unreadable.insert(body) }
        }
        func absent(_ role: Role) {
            guard let binding = compiled.fieldMap[role] else { return }
            // A role already reported (a wrongly typed value) is not also absent.
            if draft.record.issues.contains(where: { $0.role == role.rawValue }) { return }
            draft.issue(FieldIssue(role: role.rawValue, body: binding.body, path: binding.paths.first?.description, kind: .absent))
        }
        if hasRequest, !unreadable.contains(.request), draft.record.requestModel == nil { absent(.requestModel) }
        guard hasResponse else { return }
        let failed = (status ?? 0) >= 400
        if failed {
            if !unreadable.contains(.error), draft.record.errorMessage == nil, draft.record.errorType == nil { absent(.errorMessage) }
            return
        }
        if draft.record.errorMessage != nil || draft.record.errorType != nil { return }
        let streamed = draft.record.isStream
        if streamed ? unreadable.contains(.responseStream) && draft.record.outputText == nil : unreadable.contains(.response) { return }
        if draft.record.outputText == nil, draft.record.toolCalls.isEmpty, draft.record.embeddingCount == nil, draft.record.outputMessages.isEmpty {
            absent(streamed && compiled.fieldMap[.streamTextDelta] != nil ? .streamTextDelta : .outputText)
            if compiled.fieldMap[.outputText] == nil { absent(.embeddingsVectors) }
        }
        if draft.record.finishReasons.isEmpty {
            absent(streamed && compiled.fieldMap[.streamFinishReason] != nil ? .streamFinishReason : .responseFinishReasons)
        }
        if draft.tokens[.inputTokens] == nil {
            absent(streamed && compiled.fieldMap[.streamInputTokens] != nil ? .streamInputTokens : .inputTokens)
        }
        if draft.tokens[.outputTokens] == nil {
            absent(streamed && compiled.fieldMap[.streamOutputTokens] != nil ? .streamOutputTokens : .outputTokens)
        }
    }
}
