import Catalog
import Shapes

extension HeuristicMapper {
    /// What the numbers say about the token counts found: which are not consistent (and why),
    /// the conventions learned from a total, and the reasoning and cache counts that total
    /// decided.
    struct TokenCheck {
        /// Token roles whose values contradict a token count, with why (paths and counts only).
        var inconsistent: [Role: String] = [:]
        /// The learned evidence, when a total decided the conventions.
        var evidence: TokenEvidence?
        /// The input count's learned convention.
        var inputConvention: TokenConvention?
        /// Reasoning and cache counts the total decided, bound with their conventions.
        var extras: [Finding] = []
        /// True when the output count grows with the response's size.
        var grows = false
    }

    /// The correlation an output count needs with its response's size to be called growing.
    static let growingCorrelation = 0.5
    /// Distinct (count, size) samples a correlation needs.
    static let minimumCorrelationSamples = 6
    /// Distinct samples a falling correlation needs to make a count inconsistent: recorded
    /// bodies whose text was replaced keep their counts, so a few of them say little.
    static let minimumFallingSamples = 16

    /// Pearson's correlation between the count at `path` and its document's size over the
    /// distinct (count, size) pairs of the kept documents, with their number, when there are
    /// enough and both vary; nil otherwise.
    func growth(of path: ShapePath, in samples: NumberSamples) -> (Double, Int)? {
        var distinct: Set<[Int64]> = []
        for (row, size) in zip(samples.values(at: [path]), samples.documentSizes) where size > 0 {
            if let value = row[0] { distinct.insert([value, Int64(size)]) }
        }
        let pairs = distinct.map { (Double($0[0]), Double($0[1])) }
        guard pairs.count >= Self.minimumCorrelationSamples else { return nil }
        let n = Double(pairs.count)
        let meanX = pairs.map(\.0).reduce(0, +) / n
        let meanY = pairs.map(\.1).reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in pairs {
            sxy += (x - meanX) * (y - meanY)
            sxx += (x - meanX) * (x - meanX)
            syy += (y - meanY) * (y - meanY)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return (sxy / (sxx * syy).squareRoot(), pairs.count)
    }

    /// Checks the token counts found in one body kind.
    ///
    /// - A response's output count should grow with the response: a correlation with the
    ///   body's size of at least ``growingCorrelation`` (over ``minimumCorrelationSamples``
    ///   samples of varying size and count) is evidence for it and its paired input count
    ///   (`grows`); one of −``growingCorrelation`` or less over ``minimumFallingSamples``
    ///   distinct bodies makes it inconsistent. Constant counts (capped outputs) say nothing.
    /// - Where the body reports a total beside the input and output counts, some sum of the
    ///   parts (with or without the reasoning and cache counts named beside them) must equal it
    ///   (see `TokenConventionLearner`); no sum holding makes every count of that body
    ///   inconsistent, a sum holding gives the conventions and binds the extras it decided.
    func checkTokens(_ findings: [Finding], in shape: Shape, body: BodyKind) -> TokenCheck {
        var check = TokenCheck()
        let streamed = body == .responseStream
        func finding(_ role: Role) -> Finding? { findings.first { $0.role == role && $0.binding.body == body } }
        let input = finding(streamed ? .streamInputTokens : .inputTokens)
        let output = finding(streamed ? .streamOutputTokens : .outputTokens)
        if !streamed, let output {
            if let (r, samples) = growth(of: output.binding.paths[0].shapePath, in: shape.numberSamples) {
                if r >= Self.growingCorrelation {
                    check.grows = true
                } else if r <= -Self.growingCorrelation && samples >= Self.minimumFallingSamples {
                    let shown = (r * 100).rounded() / 100
                    check.inconsistent[output.role] = "falls as the response grows (correlation \(shown) over \(samples) distinct bodies)"
                }
            }
        }
        guard !streamed, let input, let output, let total = finding(.totalTokens) else { return check }
        let extras = tokenExtras(in: shape)
        let roles = TokenConventionLearner.Roles(
            input: [input.binding.paths[0].shapePath], output: [output.binding.paths[0].shapePath],
            total: [total.binding.paths[0].shapePath], extras: extras.map { (role: $0.role, paths: [$0.node.path]) })
        let learned = TokenConventionLearner.learn(shape.numberSamples, roles: roles, catalog: [:])
        if learned.contradicted {
            let why = "the parts never add up to \(total.binding.paths[0]) (\(learned.evidence.rule), \(learned.evidence.agreeing) of \(learned.evidence.samples))"
            for role in [input.role, output.role, total.role] { check.inconsistent[role] = why }
            return check
        }
        guard learned.evidence.source == .learned else { return check }
        check.evidence = learned.evidence
        check.inputConvention = learned.conventions[.inputTokens]
        let confidence = min(input.confidence, output.confidence)
        for extra in extras {
            guard let convention = learned.conventions[extra.role] else { continue }
            let binding = RoleBinding(body: body, paths: [JSONPath(extra.node.path)], tokens: convention, confidence: confidence)
            check.extras.append(Finding(role: extra.role, binding: binding, why: "decided by the total (\(learned.evidence.rule))"))
        }
        return check
    }

    /// Reasoning and cache counts: integer paths outside arrays, named like a token count (or
    /// under a usage-like object), whose names say reasoning (reasoning, thinking, thought) or
    /// cache (cache creation or write, else cache read); per role the one in most documents,
    /// then the shallowest.
    func tokenExtras(in shape: Shape) -> [(role: Role, node: ShapeNode)] {
        var best: [Role: ShapeNode] = [:]
        shape.forEachPath { node in
            guard let key = node.path.lastKey, !node.path.isInsideArray, node.count(of: .integer) > 0,
                (node.integerRange?.lowerBound ?? -1) >= 0 else { return }
            let words = KeyWords(key)
            let tokenWord = words.contains(prefixOf: HeuristicVocabulary.tokenPrefixes) || words.contains(any: HeuristicVocabulary.countWords)
            let container = Self.ancestorWords(node.path).contains { $0.contains(any: HeuristicVocabulary.usageContainer) }
            guard tokenWord || container else { return }
            let role: Role
            if words.contains(any: HeuristicVocabulary.reasoning) {
                role = .reasoningTokens
            } else if words.contains(any: HeuristicVocabulary.cache) {
                role = words.contains(any: HeuristicVocabulary.cacheWrite) ? .cacheCreationTokens : .cacheReadTokens
            } else {
                return
            }
            if let current = best[role], current.documents > node.documents || (current.documents == node.documents && current.path.depth <= node.path.depth) {
                return
            }
            best[role] = node
        }
        return TokenConventionLearner.extraRoles.compactMap { role in best[role].map { (role, $0) } }
    }

    /// The response's token counts with what the numbers showed added to their names' score:
    /// + ``numericEvidence`` for an output count that grows with the response (and the input
    /// count beside it), + ``numericEvidence`` for input and output counts that add up to the
    /// total; clamped to 1.
    static func strengthened(_ findings: [Finding], by check: TokenCheck) -> [Finding] {
        let output = findings.first { $0.role == .outputTokens }
        return findings.map { finding in
            guard finding.role == .inputTokens || finding.role == .outputTokens, let output else { return finding }
            var found = finding
            var bonus = 0.0
            if check.grows && finding.binding.paths[0].shapePath.parent == output.binding.paths[0].shapePath.parent {
                bonus += numericEvidence
                found.why += ", grows with the response"
            }
            if check.evidence != nil {
                bonus += numericEvidence
                found.why += ", adds up to the total"
            }
            found.binding.confidence = clamp(found.confidence + bonus)
            return found
        }
    }

    /// What each piece of numeric evidence adds to a token count's confidence.
    static let numericEvidence = 0.1
}
