import Catalog
import Shapes

/// A field map found by structure and naming alone (schema id `heuristic`), for keys no catalog
/// entry fits with confidence.
///
/// Every role it binds carries its own `confidence` in [0, 1] (see the finders in the
/// `HeuristicMapper+…` files). Each finder's score is multiplied by 0.5 + 0.5 × the share of
/// bodies that reach the path, so a field only half the samples have is never certain. The
/// numbers then check the token counts (`HeuristicMapper+Consistency`): counts that add up to a
/// reported total, and an output count that grows with its response, gain confidence, and the
/// total decides the reasoning and cache counts and their conventions; counts that never add up,
/// or an output count that falls as its response grows, are inconsistent.
///
/// Which roles stay, the status and the confidence: see `combine` (`HeuristicMapper+Status`):
/// roles below their bar are left out and named in the reasons; the map is `mapped` when its
/// token counts or number vectors (`HeuristicMapper+Embeddings`), or, for an API without
/// bindable counts, its output text decide. Reasons name paths and scores, never values.
struct HeuristicMapper {
    let input: MatchInput
    let thresholds: MatchThresholds
    /// Raw finish reason → canonical, as the whole catalog names them: the only finish values a
    /// heuristic map may store.
    let knownFinishReasons: [String: String]

    /// One role found.
    struct Finding {
        var role: Role
        var binding: RoleBinding
        /// Why, in a few words, with paths only.
        var why: String
        var confidence: Double { binding.confidence ?? 0 }
    }

    struct Result {
        var fieldMap: FieldMap
        var confidence: Double
        var status: MatchStatus
        var reasons: [String]
        /// Roles found, by name.
        var findings: [Finding]
    }

    func map() -> Result {
        var findings: [Finding] = []
        var finishValues: [String] = []
        if let response = input.response {
            findings += tokenFindings(in: response, body: .response, event: nil)
            if let text = outputText(in: response) { findings.append(text) }
            if let vectors = embeddingVectors(in: response) { findings.append(vectors) }
            if let (finish, values) = finishReason(in: response, body: .response, event: nil) {
                findings.append(finish)
                finishValues += values
            }
            if let model = modelFinding(in: response, role: .responseModel, body: .response) { findings.append(model) }
            if let id = responseID(in: response) { findings.append(id) }
        }
        if let request = input.request {
            if let model = modelFinding(in: request, role: .requestModel, body: .request) { findings.append(model) }
            if let messages = messages(in: request) { findings.append(messages) }
            if let system = systemPrompt(in: request) { findings.append(system) }
        }
        if let input = totalAsInput(findings) { findings.append(input) }
        if !input.streams.isEmpty {
            let streamFindings = streamRoles()
            findings += streamFindings.findings
            finishValues += streamFindings.finishValues
        }
        let check = checkTokens(findings)
        findings = Self.strengthened(findings, by: check)
        findings += check.extras
        if let convention = check.inputConvention, let index = findings.firstIndex(where: { $0.role == .inputTokens }) {
            findings[index].binding.tokens = convention
        }
        var map = FieldMap(schemaID: FieldMap.heuristicSchemaID)
        for finding in findings where map.roles[finding.role.rawValue] == nil {
            map.roles[finding.role.rawValue] = finding.binding
        }
        for value in Set(finishValues) {
            if let canonical = knownFinishReasons[value] { map.finishReasons[value] = canonical }
        }
        if !input.streams.isEmpty {
            let named = input.streams.contains { $0.event != StreamFraming.defaultEventName }
            if let format = input.streamFormat ?? (named ? .sse : nil) { map.stream = StreamFraming(format: format) }
        }
        map.tokenEvidence = check.evidence
        // Forms only where the samples had them; plain-text answers only an entry's requests name.
        map.requestForms = input.formBodies > 0
        var result = combine(map, findings: findings, check: check)
        // The map as stored: its request model also read from the key's endpoint and the row,
        // its response roles also read inside stream events (FIELD_MAP.md section 10).
        result.fieldMap = result.fieldMap.upgradedFromVersion1(endpoints: [input.endpoint], declared: true)
        // Streams' counts decide their own conventions (the upgrade copied the response's); as
        // for responses, a heuristic map states only evidence that was learned.
        if TokenConventionLearner.apply(to: &result.fieldMap, body: .responseStream, shapes: input.streams)?.evidence.source != .learned {
            result.fieldMap.streamTokenEvidence = nil
        }
        return result
    }

    /// The token checks of the response and of each stream event type, together.
    func checkTokens(_ findings: [Finding]) -> TokenCheck {
        var check = input.response.map { checkTokens(findings, in: $0, body: .response) } ?? TokenCheck()
        for (event, shape) in input.streams {
            let own = findings.filter { $0.binding.body == .responseStream && $0.binding.event == event }
            guard !own.isEmpty else { continue }
            check.inconsistent.merge(checkTokens(own, in: shape, body: .responseStream).inconsistent) { first, _ in first }
        }
        return check
    }

    // MARK: Helpers shared by the finders

    /// The share of the shape's documents that reach `node`.
    static func presence(_ node: ShapeNode, in shape: Shape) -> Double {
        guard shape.documentCount > 0 else { return 0 }
        return min(1, Double(node.documents) / Double(shape.documentCount))
    }

    /// 0.5 + 0.5 × presence: the factor every finder's score is multiplied by.
    static func presenceFactor(_ node: ShapeNode, in shape: Shape) -> Double {
        0.5 + 0.5 * presence(node, in: shape)
    }

    /// The words of every key above the node's own.
    static func ancestorWords(_ path: ShapePath) -> [KeyWords] {
        path.keys.dropLast().map(KeyWords.init)
    }

    /// Clamps a score into [0, 1].
    static func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
}
