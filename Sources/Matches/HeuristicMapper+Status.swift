import Catalog

extension HeuristicMapper {
    /// Which roles the map keeps, its status and confidence, and the reasons.
    ///
    /// A token count needs ``MatchThresholds/heuristicCoreRole`` and consistency (see
    /// `checkTokens`), any other role ``MatchThresholds/heuristicRole``: the others are left out
    /// of the map and named in the reasons, never kept as guesses. The deciding roles are the
    /// token counts kept (input and output, from the
    /// response, or from stream events when only streams were sampled); for an API in which the
    /// finders found no token count (integers named token that no rule can bind, such as token
    /// ids in an array, do not count), the output text (or stream text delta) when it reaches
    /// ``MatchThresholds/heuristicCoreRole``. Number vectors (`gateway.embeddings.vectors`)
    /// reaching it decide, beside the usable token counts, for a response without such a text
    /// (an embeddings API; a weaker text beside them is left out). An input count alone decides too: a count-tokens
    /// API (`{"inputTokens": 375}`) is `mapped` with its input count and neither output text
    /// nor output count, because its responses carry none (the normalizer then reports the
    /// output text absent, as for any body without one). The map is
    /// `mapped` when it has deciding roles and no token count found was inconsistent; its
    /// confidence is then 0.8 × mean(deciding) + 0.2 × mean(secondary kept), a secondary role
    /// (finish reason, input messages, request model) left out counting 0. Otherwise the
    /// confidence is 0.8 × mean(core) + 0.2 × mean(secondary) over every role found, core being
    /// the text and both token counts, and the status `low_confidence` from
    /// ``MatchThresholds/lowConfidence`` up, `unmappable` below.
    func combine(_ found: FieldMap, findings: [Finding], check: TokenCheck) -> Result {
        let streamOnly = input.response == nil && !input.streams.isEmpty
        let tokenRoles: [Role] = streamOnly ? [.streamInputTokens, .streamOutputTokens] : [.inputTokens, .outputTokens]
        let textRole: Role = streamOnly ? .streamTextDelta : .outputText
        let secondary: [Role] = [streamOnly ? .streamFinishReason : .responseFinishReasons, .inputMessages, .requestModel]
        let bar = thresholds.heuristicRole - MatchThresholds.tolerance
        let decidingBar = thresholds.heuristicCoreRole - MatchThresholds.tolerance
        var map = found
        var leftOut: [String] = []
        for (name, binding) in found.roles.sorted(by: { $0.key < $1.key }) {
            let role = Role(name)
            if let why = check.inconsistent[role] {
                leftOut.append("\(role) → \(binding.paths.map(\.description).joined(separator: ", ")): \(why)")
            } else if (binding.confidence ?? 0) < (role.isTokenCount ? decidingBar : bar) {
                let needed = role.isTokenCount ? thresholds.heuristicCoreRole : thresholds.heuristicRole
                leftOut.append("\(role) \(EntryScorer.format(binding.confidence ?? 0)) is below \(EntryScorer.format(needed))")
            } else {
                continue
            }
            map.roles[name] = nil
        }
        // Counts decided by a total belong with the counts they add up with.
        if tokenRoles.contains(where: { map[$0] == nil }) {
            for role in TokenConventionLearner.extraRoles { map[role] = nil }
            map.tokenEvidence = nil
            map.streamTokenEvidence = nil
        }
        if map[.responseFinishReasons] == nil && map[.streamFinishReason] == nil { map.finishReasons = [:] }
        func confidence(_ role: Role, in map: FieldMap) -> Double { map[role]?.confidence ?? 0 }
        func mean(_ roles: [Role], in map: FieldMap) -> Double {
            roles.isEmpty ? 0 : roles.map { confidence($0, in: map) }.reduce(0, +) / Double(roles.count)
        }
        let tokensFound = tokenRoles.contains { found[$0] != nil }
        let usableTokens = tokenRoles.filter { map[$0] != nil }
        let textDecides = !tokensFound && confidence(textRole, in: map) >= decidingBar
        // Number vectors decide for an API without a deciding text (embeddings), with its usable
        // token counts; a weaker text beside them is a label (`"embeddingType": "TEXT"`).
        let vectorsDecide = !streamOnly && confidence(.embeddingsVectors, in: map) >= decidingBar
            && confidence(textRole, in: map) < decidingBar && (!usableTokens.isEmpty || !tokensFound)
        if vectorsDecide, map[textRole] != nil {
            leftOut.append("\(textRole) beside number vectors: a label, not an answer")
            map[textRole] = nil
        }
        let decidingTokens = usableTokens + (vectorsDecide ? [.embeddingsVectors] : [])
        let deciding = !decidingTokens.isEmpty ? decidingTokens : (textDecides ? [textRole] : [])
        let inconsistent = tokenRoles.contains { check.inconsistent[$0] != nil }
        let status: MatchStatus
        let overall: Double
        let headline: String
        if !deciding.isEmpty && !inconsistent {
            status = .mapped
            overall = Self.clamp(0.8 * mean(deciding, in: map) + 0.2 * mean(secondary, in: map))
            headline = deciding == [textRole] ? "no token counts in the bodies; the output text decides" : (usableTokens.isEmpty ? "number vectors decide: " : "token counts usable: ") + deciding.map(\.rawValue).joined(separator: ", ")
        } else {
            overall = Self.clamp(0.8 * mean([textRole] + tokenRoles, in: found) + 0.2 * mean(secondary, in: found))
            status = overall >= thresholds.lowConfidence - MatchThresholds.tolerance ? .lowConfidence : .unmappable
            headline = inconsistent ? "token counts found but not consistent" : tokensFound ? "no token count reaches \(EntryScorer.format(thresholds.heuristicCoreRole))" : "neither token counts nor an output text reach \(EntryScorer.format(thresholds.heuristicCoreRole))"
        }
        // Reasons: the decision and what was left out first (the list may be cut), then the roles kept.
        var reasons = ["heuristic map \(EntryScorer.format(overall)) by structure and names: " + headline]
        if !leftOut.isEmpty { reasons.append("left out of the map: " + leftOut.joined(separator: "; ")) }
        let absent = ([textRole] + tokenRoles + secondary).filter { found[$0] == nil }
        if !absent.isEmpty { reasons.append("not found: " + absent.map(\.rawValue).joined(separator: ", ")) }
        if let evidence = map.tokenEvidence {
            reasons.append("token conventions learned: \(evidence.rule) in \(evidence.agreeing) of \(evidence.samples) bodies")
        }
        var seen: Set<Role> = []
        for finding in findings.sorted(by: { $0.confidence > $1.confidence }) where map[finding.role] != nil && seen.insert(finding.role).inserted {
            reasons.append("\(finding.role) → \(finding.binding.paths.map(\.description).joined(separator: ", ")) (\(EntryScorer.format(finding.confidence))): \(finding.why)")
        }
        return Result(fieldMap: map, confidence: overall, status: status, reasons: reasons, findings: findings)
    }
}
