import Catalog
import Shapes

extension HeuristicMapper {
    /// A token-count candidate: a non-negative integer path and what its names say.
    struct TokenCandidate {
        var node: ShapeNode
        var direction: Direction
        var score: Double
        var why: [String]
        /// The member name says token (`tok…`), and it sits under a usage-like object.
        var tokenNamed = false, contained = false
        enum Direction { case input, output, total }
    }

    /// Token counts in `shape`: integer paths (≥ 90% of their non-null values integers, never
    /// negative, not inside an array unless each array on the way holds one item in ≥ 90% of
    /// samples: `results[*].input_token_count`, bound `$.results[0].input_token_count`) whose member name splits into words (`in_tok`,
    /// `promptTokenCount`, `prompt_eval_count`) that say a direction — input (in, input, prompt…),
    /// output (out, output, completion, generated, candidates…) or total — and that either say
    /// "token"/"count" or sit under a usage-like object (usage, stats, meta, billing, metering…).
    /// Names of other integers (durations, limits, cache and reasoning tokens, ids) are skipped.
    ///
    /// Score: 0.4 for the direction, + 0.25 for a token/count word, + 0.25 for a usage-like
    /// container, + 0.05 when a container says token, + 0.1 when an integer sibling has the other
    /// direction (an input/output pair); outside a usage-like object, + 0.25 (what the object
    /// gives) when both of a pair say token, or when the response's one count says token (a
    /// count-tokens API),
    /// times the presence factor (not for stream events: a stream reports usage in one event). The best input and output (distinct paths) and the best total
    /// are bound; shallower paths win ties. A stream's input count is read in the first event
    /// that has it (`assemble` `first`: it is known before the answer starts, and streams that
    /// repeat it per event may zero it after the first), its output count in the last.
    func tokenFindings(in shape: Shape, body: BodyKind, event: String?) -> [Finding] {
        var candidates = Self.withPairBonuses(tokenCandidates(in: shape), streamed: body == .responseStream)
        // A stream reports its usage once, in one event: presence among events says nothing.
        // Scores stay unclamped for ranking; the binding's confidence is clamped to [0, 1].
        if body != .responseStream {
            for index in candidates.indices {
                candidates[index].score *= Self.presenceFactor(candidates[index].node, in: shape)
            }
        }
        func best(_ direction: TokenCandidate.Direction) -> TokenCandidate? {
            candidates.filter { $0.direction == direction }.max { lhs, rhs in
                if lhs.score != rhs.score { return lhs.score < rhs.score }
                if lhs.node.path.depth != rhs.node.path.depth { return lhs.node.path.depth > rhs.node.path.depth }
                return lhs.node.path > rhs.node.path
            }
        }
        let streamed = body == .responseStream
        var findings: [Finding] = []
        let roles: [(TokenCandidate.Direction, Role)] = [
            (.input, streamed ? .streamInputTokens : .inputTokens),
            (.output, streamed ? .streamOutputTokens : .outputTokens),
            (.total, .totalTokens),
        ]
        for (direction, role) in roles {
            guard let candidate = best(direction) else { continue }
            if streamed && direction == .total { continue }
            var binding = RoleBinding(
                body: body, event: event, paths: [JSONPath(firstItemOf: candidate.node.path)], confidence: Self.clamp(candidate.score))
            var why = candidate.why
            if streamed && direction == .input {
                // Fixed before the answer starts: later events repeat it, or zero it (watsonx).
                binding.assemble = .first
                why.append("read in the first event that has it")
            }
            findings.append(Finding(role: role, binding: binding, why: why.joined(separator: ", ")))
        }
        return findings
    }

    /// The integer paths of `shape` named like a token count, with their names' score (see
    /// `tokenFindings`).
    func tokenCandidates(in shape: Shape) -> [TokenCandidate] {
        var candidates: [TokenCandidate] = []
        shape.forEachPath { node in
            guard let key = node.path.lastKey, Self.isOutsideManyItemArrays(node.path, in: shape) else { return }
            let integers = node.count(of: .integer)
            let nonNull = node.count - node.count(of: .null)
            guard integers > 0, Double(integers) >= 0.9 * Double(nonNull), (node.integerRange?.lowerBound ?? -1) >= 0 else { return }
            let words = KeyWords(key)
            guard !words.contains(any: HeuristicVocabulary.notTokenCount) else { return }
            let isInput = words.contains(any: HeuristicVocabulary.input)
            let isOutput = words.contains(any: HeuristicVocabulary.output)
            let direction: TokenCandidate.Direction
            if isInput && !isOutput {
                direction = .input
            } else if isOutput && !isInput {
                direction = .output
            } else if !isInput && !isOutput && words.contains(any: HeuristicVocabulary.total) {
                direction = .total
            } else {
                return
            }
            let tokenWord = words.contains(prefixOf: HeuristicVocabulary.tokenPrefixes) || words.contains(any: HeuristicVocabulary.countWords)
            let container = Self.ancestorWords(node.path).contains { $0.contains(any: HeuristicVocabulary.usageContainer) }
            guard tokenWord || container else { return }
            var score = 0.4
            var why: [String] = [direction == .total ? "named total" : "named \(direction == .input ? "input" : "output")"]
            if tokenWord {
                score += 0.25
                why.append("a token count")
            }
            if container {
                score += 0.25
                why.append("under a usage-like object")
            }
            // `tokens.input_tokens` before `billed_units.input_tokens`: a container that says
            // token holds the counts themselves, not what was billed for them.
            if Self.ancestorWords(node.path).contains(where: { $0.contains(prefixOf: HeuristicVocabulary.tokenPrefixes) }) {
                score += 0.05
            }
            let tokenNamed = words.contains(prefixOf: HeuristicVocabulary.tokenPrefixes)
            candidates.append(TokenCandidate(node: node, direction: direction, score: score, why: why, tokenNamed: tokenNamed, contained: container))
        }
        return candidates
    }

    /// The candidates with the bonuses of their company: an input/output pair, both named
    /// token outside a usage object, or the response's one count named token.
    static func withPairBonuses(_ found: [TokenCandidate], streamed: Bool) -> [TokenCandidate] {
        var candidates = found
        // Pairs: an input and an output count side by side. Two that both say token are a
        // usage record of their own, container or not (`num_tokens_prompt_total` beside
        // `num_tokens_generated`).
        for index in candidates.indices where candidates[index].direction != .total {
            let parent = candidates[index].node.path.parent
            let other: TokenCandidate.Direction = candidates[index].direction == .input ? .output : .input
            let partners = candidates.filter { $0.direction == other && $0.node.path.parent == parent }
            guard !partners.isEmpty else { continue }
            candidates[index].score += 0.1
            candidates[index].why.append("paired with an \(other == .input ? "input" : "output") count")
            if !candidates[index].contained, candidates[index].tokenNamed, partners.contains(where: \.tokenNamed) {
                candidates[index].score += 0.25
                candidates[index].why.append("both named token, as good as a usage object")
            }
        }
        // A count-tokens answer (`{"inputTokens": 375}`): the response's one count, named token.
        if candidates.count == 1, candidates[0].tokenNamed, !candidates[0].contained, !streamed {
            candidates[0].score += 0.25
            candidates[0].why.append("the response's only count, named token")
        }
        return candidates
    }

    /// A response total with no input nor output count beside it and no output text that could
    /// decide (≥ ``MatchThresholds/heuristicCoreRole``; a label such as `"TEXT"` cannot) (a
    /// count-tokens answer, `{"totalTokens": 13}`), bound as the input count (FIELD_MAP section
    /// 6: heuristic maps that find only a total bind it to the input role themselves); nil
    /// otherwise. Beside a generated text a total counts the output too, so it is left alone.
    func totalAsInput(_ findings: [Finding]) -> Finding? {
        guard let total = findings.first(where: { $0.role == .totalTokens }),
            !findings.contains(where: { $0.role == .inputTokens || $0.role == .outputTokens }),
            (findings.first { $0.role == .outputText }?.confidence ?? 0) < thresholds.heuristicCoreRole - MatchThresholds.tolerance
        else { return nil }
        var input = total
        input.role = .inputTokens
        input.why += ", a total alone with no output: the input count"
        return input
    }

    /// True when every array on the path holds exactly one item in ≥ 90% of the samples (always
    /// true outside arrays): a value there is the body's one value, as a count must be. The
    /// share is bounded from the lengths' minimum, maximum and mean: all lengths ≤ 1 give the
    /// share of ones as the mean; all ≥ 1 give at least 2 − mean. Map values never qualify.
    static func isOutsideManyItemArrays(_ path: ShapePath, in shape: Shape) -> Bool {
        for (index, component) in path.components.enumerated() {
            switch component {
            case .key: continue
            case .mapValue: return false
            case .items:
                guard let lengths = shape.node(at: ShapePath(Array(path.components[..<index])))?.arrayLengths else { return false }
                let ones = lengths.max <= 1 ? lengths.mean : lengths.min >= 1 ? 2 - lengths.mean : 0
                if ones < 0.9 - MatchThresholds.tolerance { return false }
            }
        }
        return true
    }
}

extension JSONPath {
    /// The catalog path for a shape path with every array step read as its first item (`[0]`):
    /// a count inside a one-item array is that item's (FIELD_MAP section 4.3 reads the first
    /// integer a path selects either way; `[0]` says so).
    init(firstItemOf path: ShapePath) {
        self.init(components: JSONPath(path).components.map { $0 == .wildcard ? .index(0) : $0 })
    }
}
