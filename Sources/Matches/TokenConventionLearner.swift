import Catalog
import Shapes

/// Learns a key's token conventions from its own bodies: where a body reports a total
/// (`total_tokens`, `totalTokenCount`, …), the sum of parts that equals it says whether the
/// output count leaves reasoning out (xAI) or holds it (OpenAI), and whether the input count
/// leaves cache reads and writes out (Anthropic, Bedrock) or holds them.
///
/// Every sum `total = input + output + S` is tried, `S` any subset of the reasoning and cache
/// counts the map binds, over the documents the shape kept (``NumberSamples``) that carry the
/// total, input and output; an absent extra counts 0. The sum that holds in the most documents
/// wins (ties: the catalog's own sum, then the fewer terms) when it holds in at least
/// ``minimumShare`` of at least ``minimumSamples`` documents. An extra that was never non-zero
/// where the sum held decided nothing: it keeps the catalog's convention.
///
/// Plain answers and streams are learned apart, each from its own samples: a stream's usage event
/// (the chunk that carries the total) is a document of its event type's shape, and what it shows
/// goes on the bindings that read stream events (see `apply(to:body:shapes:)`).
struct TokenConventionLearner {
    /// The token roles of one body kind, as paths in preference order (the first with a value wins).
    struct Roles {
        var input: [ShapePath]
        var output: [ShapePath]
        var total: [ShapePath]
        /// Reasoning, cache read, cache creation: the counts a total may or may not hold.
        var extras: [(role: Role, paths: [ShapePath])]
    }

    /// What the samples said.
    struct Learned {
        var evidence: TokenEvidence
        /// The conventions to write on the roles (only when `evidence.source` is `learned`).
        var conventions: [Role: TokenConvention]
        /// True when a total was sampled and no sum held: the parts are not consistent with it.
        var contradicted: Bool
    }

    static let minimumShare = 0.9
    static let minimumSamples = 2

    /// The short names the rule uses.
    static func shortName(_ role: Role) -> String {
        switch role {
        case .reasoningTokens: "reasoning"
        case .cacheReadTokens: "cache_read"
        case .cacheCreationTokens: "cache_creation"
        default: role.rawValue
        }
    }

    /// Learns from `samples`; `catalog` holds the conventions the map had (its extras' `separate`
    /// and the input's `excludes_cached` say which sum the catalog expects).
    static func learn(_ samples: NumberSamples, roles: Roles, catalog: [Role: TokenConvention]) -> Learned {
        let extras = Array(roles.extras.prefix(3))
        let groups = [roles.total, roles.input, roles.output] + extras.map(\.paths)
        let flat = groups.flatMap { $0 }
        let table = samples.values(at: flat)
        // Per document: total, input, output, then each extra (the first path with a value).
        var rows: [[Int64?]] = []
        for row in table {
            var offset = 0
            var picked: [Int64?] = []
            for group in groups {
                picked.append(row[offset..<offset + group.count].lazy.compactMap { $0 }.first)
                offset += group.count
            }
            guard picked[0] != nil, picked[1] != nil, picked[2] != nil else { continue }
            rows.append(picked)
        }
        guard !rows.isEmpty else {
            return Learned(evidence: TokenEvidence(source: .catalog, samples: 0, agreeing: 0, rule: "no total sampled beside the input and output counts"),
                           conventions: [:], contradicted: false)
        }
        let catalogMask = expectedMask(extras: extras.map(\.role), catalog: catalog)
        var best = (mask: catalogMask, agreeing: -1)
        for mask in subsets(count: extras.count, preferring: catalogMask) {
            let agreeing = rows.count { holds($0, mask: mask) }
            if agreeing > best.agreeing { best = (mask, agreeing) }
        }
        let rule = ruleText(mask: best.mask, extras: extras.map(\.role))
        let share = Double(best.agreeing) / Double(rows.count)
        guard rows.count >= minimumSamples, share >= minimumShare else {
            let why = rows.count < minimumSamples ? "too few totals to learn from; best: \(rule)" : "no sum of the parts equals the total; best: \(rule)"
            return Learned(evidence: TokenEvidence(source: .catalog, samples: rows.count, agreeing: best.agreeing, rule: why),
                           conventions: [:], contradicted: rows.count >= minimumSamples)
        }
        var decided: [Bool] = Array(repeating: false, count: extras.count)
        for row in rows where holds(row, mask: best.mask) {
            for index in extras.indices where (row[3 + index] ?? 0) != 0 { decided[index] = true }
        }
        let conventions = self.conventions(mask: best.mask, decided: decided, extras: extras.map(\.role), catalog: catalog)
        return Learned(evidence: TokenEvidence(source: .learned, samples: rows.count, agreeing: best.agreeing, rule: rule),
                       conventions: conventions, contradicted: false)
    }

    /// True when `total = input + output + the extras in mask` in this row.
    static func holds(_ row: [Int64?], mask: Int) -> Bool {
        var sum = row[1]! &+ row[2]!
        for index in 0..<(row.count - 3) where mask & (1 << index) != 0 { sum = sum &+ (row[3 + index] ?? 0) }
        return sum == row[0]!
    }

    /// The catalog's sum: reasoning when it is `separate`; cache counts when they are `separate`
    /// beside an `excludes_cached` input.
    static func expectedMask(extras: [Role], catalog: [Role: TokenConvention]) -> Int {
        var mask = 0
        for (index, role) in extras.enumerated() where catalog[role] == .separate {
            if role == .reasoningTokens || catalog[.inputTokens] == .excludesCached { mask |= 1 << index }
        }
        return mask
    }

    /// Every subset, the catalog's first, then by number of terms.
    static func subsets(count: Int, preferring first: Int) -> [Int] {
        [first] + (0..<(1 << count)).filter { $0 != first }.sorted { $0.nonzeroBitCount < $1.nonzeroBitCount || ($0.nonzeroBitCount == $1.nonzeroBitCount && $0 < $1) }
    }

    static func ruleText(mask: Int, extras: [Role]) -> String {
        var terms = ["input", "output"]
        for (index, role) in extras.enumerated() where mask & (1 << index) != 0 { terms.append(shortName(role)) }
        return "total = " + terms.joined(separator: " + ")
    }

    /// The conventions the sum implies for the roles it decided; the others keep the catalog's,
    /// made consistent with a learned input convention.
    static func conventions(mask: Int, decided: [Bool], extras: [Role], catalog: [Role: TokenConvention]) -> [Role: TokenConvention] {
        var result: [Role: TokenConvention] = [:]
        var inputDecided: TokenConvention?
        for (index, role) in extras.enumerated() where decided[index] {
            let added = mask & (1 << index) != 0
            if role == .reasoningTokens {
                result[role] = added ? .separate : .subsetOfOutput
            } else {
                result[role] = added ? .separate : .subsetOfInput
                if added || inputDecided == nil { inputDecided = added ? .excludesCached : .includesCached }
            }
        }
        guard let inputDecided else { return result }
        result[.inputTokens] = inputDecided
        for (index, role) in extras.enumerated() where !decided[index] && role != .reasoningTokens {
            // An input that holds the cache holds every cache count; one that leaves them out
            // keeps the catalog's word for the undecided one.
            if inputDecided == .includesCached { result[role] = .subsetOfInput } else if catalog[role] == nil { result[role] = .separate }
        }
        return result
    }
}

extension TokenConventionLearner {
    /// The roles whose counts a total may hold besides input and output.
    static let extraRoles: [Role] = [.reasoningTokens, .cacheReadTokens, .cacheCreationTokens]

    /// Learns the conventions of `map`'s token roles for one body kind, `response` or
    /// `response_stream`, from that kind's own samples (`shapes`: the response shape, or each
    /// sampled stream event type's shape with its name), and writes them on the bindings that read
    /// that kind, with their evidence: `token_evidence` for responses, `stream_token_evidence`
    /// for streams (`catalog` when nothing was learned). A plain answer never decides a stream's
    /// conventions, nor a stream a plain answer's. A map that reads no token count from that kind
    /// is left as it is; nil then.
    @discardableResult
    static func apply(to map: inout FieldMap, body: BodyKind, shapes: [(event: String, shape: Shape)]) -> Learned? {
        let main: [Role] = [.inputTokens, .outputTokens, .totalTokens]
        guard main.contains(where: { !links(map, role: $0, body: body).isEmpty }) else { return nil }
        var catalog: [Role: TokenConvention] = [:]
        for role in [Role.inputTokens] + extraRoles { catalog[role] = links(map, role: role, body: body).first?.tokens }
        var best: Learned?
        // Without a total read from this kind, no event has the roles to learn from.
        let totals = !links(map, role: .totalTokens, body: body).isEmpty
        // By position: a shape is read in place, never copied.
        for index in shapes.indices where totals {
            // An event without kept numbers (a text delta) decides nothing: its roles are looked
            // up only when no event has numbers, to say why.
            guard shapes[index].shape.numberSamples.documentCount > 0 || best == nil else { continue }
            guard let roles = roles(map, body: body, event: shapes[index].event) else { continue }
            let learned = learn(shapes[index].shape.numberSamples, roles: roles, catalog: catalog)
            if learned.evidence.samples > best?.evidence.samples ?? -1 { best = learned }
        }
        let learned = best ?? Learned(
            evidence: TokenEvidence(source: .catalog, samples: 0, agreeing: 0,
                                    rule: shapes.isEmpty ? "no \(body == .responseStream ? "stream" : "response") sampled" : "no total bound beside the input and output counts"),
            conventions: [:], contradicted: false)
        for (role, convention) in learned.conventions {
            for source in sources(of: role, body: body) {
                guard var binding = map[source] else { continue }
                setTokens(convention, on: &binding, body: body)
                map[source] = binding
            }
        }
        if body == .responseStream { map.streamTokenEvidence = learned.evidence } else { map.tokenEvidence = learned.evidence }
        return learned
    }

    /// The roles that give a canonical count in a body kind, in the order tried: for streams the
    /// stream usage roles, then the response roles' stream fallbacks (FIELD_MAP.md 5.4).
    static func sources(of role: Role, body: BodyKind) -> [Role] {
        guard body == .responseStream else { return [role] }
        switch role {
        case .inputTokens: return [.streamInputTokens, .inputTokens]
        case .outputTokens: return [.streamOutputTokens, .outputTokens]
        default: return [role]
        }
    }

    /// The links of the bindings giving `role` that read `body`, in the order tried.
    static func links(_ map: FieldMap, role: Role, body: BodyKind) -> [RoleBinding] {
        sources(of: role, body: body).flatMap { map[$0]?.chain ?? [] }.filter { $0.body == body }
    }

    /// Sets `tokens` on `binding` and on those of its fallbacks that read `body`.
    static func setTokens(_ convention: TokenConvention, on binding: inout RoleBinding, body: BodyKind) {
        if binding.body == body { binding.tokens = convention }
        guard var links = binding.fallbacks else { return }
        for index in links.indices where links[index].body == body { links[index].tokens = convention }
        binding.fallbacks = links
    }

    /// The token roles' paths in one body kind (for streams, in the events named `event`): nil
    /// when the input, output or total count has none there.
    static func roles(_ map: FieldMap, body: BodyKind, event: String) -> Roles? {
        func paths(_ role: Role) -> [ShapePath] {
            var out: [ShapePath] = []
            for link in links(map, role: role, body: body) where body != .responseStream || link.event == "*" || link.event == event {
                for path in link.paths.map(\.shapePath) where !out.contains(path) { out.append(path) }
            }
            return out
        }
        let input = paths(.inputTokens), output = paths(.outputTokens), total = paths(.totalTokens)
        guard !input.isEmpty, !output.isEmpty, !total.isEmpty else { return nil }
        let extras = extraRoles.map { (role: $0, paths: paths($0)) }.filter { !$0.paths.isEmpty }
        return Roles(input: input, output: output, total: total, extras: extras)
    }
}
