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

    /// Learns the conventions of `map`'s response token roles from the response shape's samples
    /// and writes them, with their evidence (`catalog` when nothing was learned). A map without
    /// response token roles is left as it is; nil then.
    @discardableResult
    static func apply(to map: inout FieldMap, response shape: Shape?) -> Learned? {
        func paths(_ role: Role) -> [ShapePath]? {
            guard let binding = map[role], binding.body == .response else { return nil }
            return binding.paths.map(\.shapePath)
        }
        guard [Role.inputTokens, .outputTokens, .totalTokens].contains(where: { paths($0) != nil }) else { return nil }
        var catalog: [Role: TokenConvention] = [:]
        for role in [Role.inputTokens] + extraRoles { catalog[role] = map[role]?.tokens }
        let learned: Learned
        if let input = paths(.inputTokens), let output = paths(.outputTokens), let total = paths(.totalTokens), let shape {
            let extras = extraRoles.compactMap { role in paths(role).map { (role: role, paths: $0) } }
            learned = learn(shape.numberSamples, roles: Roles(input: input, output: output, total: total, extras: extras), catalog: catalog)
        } else {
            let rule = shape == nil ? "no response sampled" : "no total bound beside the input and output counts"
            learned = Learned(evidence: TokenEvidence(source: .catalog, samples: 0, agreeing: 0, rule: rule), conventions: [:], contradicted: false)
        }
        for (role, convention) in learned.conventions where map[role] != nil { map[role]?.tokens = convention }
        map.tokenEvidence = learned.evidence
        return learned
    }
}
