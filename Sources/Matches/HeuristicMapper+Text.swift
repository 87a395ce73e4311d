import Catalog
import Shapes

extension HeuristicMapper {
    /// The output text: among the response's string paths — without a recognised format (ids,
    /// dates, URLs, base64), not named like an id, type, model, reason or reasoning, not under a
    /// container named like side information (warnings, errors, notices, logs, system,
    /// metadata) or like the input (prompt, input, request), not holding the key's model, and not an echo of the request (a path the request
    /// has too, or one under a top-level member the request has, see `echoes`) — the one with
    /// the longest typical (mean) length.
    ///
    /// Score: 0.35, + 0.25 when its mean length is at least 1.5 × the next candidate's (+ 0.1 when
    /// merely the longest), + 0.2 when it or its parent is named like text (text, content,
    /// output, answer, result, message…), + 0.1 when its mean length is at least 20 bytes, − 0.3
    /// when its values form a small closed set of short strings while the bodies vary more (see
    /// `variety`); times the presence factor. A numeric string counts when named like text.
    func outputText(in shape: Shape) -> Finding? {
        let echoed = stringPaths(in: input.request)
        var candidates: [(node: ShapeNode, mean: Double)] = []
        shape.forEachPath { node in
            guard let key = node.path.lastKey ?? node.path.parent.lastKey, let lengths = node.stringLengths else { return }
            guard node.format == nil || Self.isNumericText(node), !echoed.contains(node.path), !holdsModel(node),
                !Self.isUnderSideInformation(node.path) else { return }
            let words = KeyWords(key)
            guard !words.contains(any: HeuristicVocabulary.notText), !echoes(node) else { return }
            candidates.append((node, lengths.mean))
        }
        candidates.sort { $0.mean > $1.mean || ($0.mean == $1.mean && $0.node.path < $1.node.path) }
        let variety = Self.variety(of: shape)
        var best: (Finding, Double)?
        for (index, candidate) in candidates.enumerated() {
            var score = 0.35
            var why: [String] = []
            if index == 0 {
                let next = candidates.count > 1 ? candidates[1].mean : 0
                if candidate.mean >= 1.5 * next {
                    score += 0.25
                    why.append("clearly the longest response string")
                } else {
                    score += 0.1
                    why.append("the longest response string")
                }
            }
            let names = [candidate.node.path.lastKey, candidate.node.path.parent.lastKey].compactMap { $0 }.map(KeyWords.init)
            if names.contains(where: { $0.contains(any: HeuristicVocabulary.text) }) {
                score += 0.2
                why.append("named like text")
            }
            if candidate.mean >= 20 { score += 0.1 }
            if isShortClosedSet(candidate.node), variety > candidate.node.enumCandidates.count {
                score -= 0.3
                why.append("but a small closed set")
            }
            if why.isEmpty { why.append("a response string not in the request") }
            score = Self.clamp(score * Self.presenceFactor(candidate.node, in: shape))
            if best == nil || score > best!.1 {
                let binding = RoleBinding(body: .response, paths: [JSONPath(candidate.node.path)], confidence: score)
                best = (Finding(role: .outputText, binding: binding, why: why.joined(separator: ", ")), score)
            }
        }
        return best?.0
    }

    /// The finish reason: a string path holding a small closed set of labels (≤ 12 distinct, each
    /// ≤ 40 bytes without spaces), not named like a role, type, id or model.
    ///
    /// Score: 0.3, + 0.35 when named like a finish (finish, stop, reason, end, cause, status,
    /// done…), + 0.15 when a value's words are the vocabulary of stopping (stop, end, length,
    /// max, complete, eos…), + 0.1 when the set is closed by the shape's rule (≥ 20 samples);
    /// times the presence factor (not for stream events: a stream finishes in one event). Returns the finding and the raw values (kept only as the
    /// catalog names them).
    func finishReason(in shape: Shape, body: BodyKind, event: String?) -> (Finding, [String])? {
        let echoed = body == .request ? [] : stringPaths(in: input.request)
        var best: (Finding, [String])?
        shape.forEachPath { node in
            guard let key = node.path.lastKey, node.count(of: .string) > 0, !echoed.contains(node.path) else { return }
            let values = node.enumCandidates
            guard !values.isEmpty, values.count <= 12, values.keys.allSatisfy(Self.isLabel), !holdsModel(node) else { return }
            let words = KeyWords(key)
            guard !words.contains(any: HeuristicVocabulary.notFinish) else { return }
            let valueWords = values.keys.contains { KeyWords($0).contains(any: HeuristicVocabulary.finishValueWords) }
            let named = words.contains(any: HeuristicVocabulary.finish)
            guard named || valueWords else { return }
            var score = 0.3
            var why: [String] = ["a short closed set"]
            if named {
                score += 0.35
                why.append("named like a finish")
            }
            if valueWords {
                score += 0.15
                why.append("values name a stop")
            }
            if node.enumValues != nil { score += 0.1 }
            // A stream says why it finished once, in its last event.
            score = Self.clamp(body == .responseStream ? score : score * Self.presenceFactor(node, in: shape))
            if best == nil || score > best!.0.confidence {
                let role: Role = body == .responseStream ? .streamFinishReason : .responseFinishReasons
                let binding = RoleBinding(body: body, event: event, paths: [JSONPath(node.path)], confidence: score)
                best = (Finding(role: role, binding: binding, why: why.joined(separator: ", ")), Array(values.keys))
            }
        }
        return best
    }

    /// The model: the string path whose values equal the key's model (counted during the scan as
    /// a watched value, never stored), scored 0.5 + 0.5 × the share of its strings that did;
    /// failing that, a top-level string named model/engine/deployment, scored 0.4.
    func modelFinding(in shape: Shape, role: Role, body: BodyKind) -> Finding? {
        var best: (ShapeNode, Double)?
        if let model = input.model {
            shape.forEachPath { node in
                let hits = node.watchHits[model] ?? 0
                let strings = node.count(of: .string)
                guard hits > 0, strings > 0 else { return }
                let share = min(1, Double(hits) / Double(strings))
                if best == nil || share > best!.1 || (share == best!.1 && node.path.depth < best!.0.path.depth) {
                    best = (node, share)
                }
            }
        }
        if let (node, share) = best {
            let score = Self.clamp((0.5 + 0.5 * share) * Self.presenceFactor(node, in: shape))
            let binding = RoleBinding(body: body, paths: [JSONPath(node.path)], confidence: score)
            return Finding(role: role, binding: binding, why: "holds the key's model in \(EntryScorer.percent(share)) of values")
        }
        for key in shape.root.keys where KeyWords(key).contains(any: HeuristicVocabulary.model) {
            guard let node = shape.node(at: ShapePath([.key(key)])), node.count(of: .string) > 0, node.format == nil else { continue }
            let binding = RoleBinding(body: body, paths: [JSONPath(node.path)], confidence: Self.clamp(0.4 * Self.presenceFactor(node, in: shape)))
            return Finding(role: role, binding: binding, why: "named like a model")
        }
        return nil
    }

    /// The response id: a top-level response string named id (or ending in id, ref, uuid), not a
    /// closed set; scored 0.6, + 0.2 when its format is a uuid or it is named exactly `id`;
    /// times the presence factor.
    func responseID(in shape: Shape) -> Finding? {
        var best: Finding?
        for key in shape.root.keys {
            let words = KeyWords(key)
            guard let last = words.words.last, ["id", "ref", "uuid"].contains(last) else { continue }
            guard let node = shape.node(at: ShapePath([.key(key)])), node.count(of: .string) > 0, node.enumValues == nil, !holdsModel(node) else { continue }
            var score = 0.6
            if key == "id" || node.format == .uuid { score += 0.2 }
            score = Self.clamp(score * Self.presenceFactor(node, in: shape))
            if best == nil || score > best!.confidence {
                let binding = RoleBinding(body: .response, paths: [JSONPath(node.path)], confidence: score)
                best = Finding(role: .responseID, binding: binding, why: "a top-level string named like an id")
            }
        }
        return best
    }

    /// True for a label-like value: 1 to 40 bytes, no whitespace or control characters.
    static func isLabel(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 40 && value.utf8.allSatisfy { $0 > 0x20 }
    }

    /// True when the node's strings equal the key's model.
    func holdsModel(_ node: ShapeNode) -> Bool {
        guard let model = input.model else { return false }
        return (node.watchHits[model] ?? 0) > 0
    }

    /// True for strings from a small closed set of short values (≤ 16 distinct, each ≤ 32 bytes,
    /// repeating): labels, not text.
    func isShortClosedSet(_ node: ShapeNode) -> Bool {
        let values = node.enumCandidates
        guard !values.isEmpty, let lengths = node.stringLengths, lengths.max <= 32 else { return false }
        return node.count(of: .string) >= 2 * values.count
    }

    /// True when a container on the path (every key but a string's own member name) is named
    /// like side information — warnings, errors, notices, logs, system, metadata — or like the
    /// input (prompt, input, request…: `promptTokensDetails[*].modality`): a disclaimer or a
    /// detail of the prompt there is not the answer, however long.
    static func isUnderSideInformation(_ path: ShapePath) -> Bool {
        let containers = path.lastKey == nil ? path.keys : Array(path.keys.dropLast())
        return containers.contains {
            let words = KeyWords($0)
            return words.contains(any: HeuristicVocabulary.notTextContainer) || words.contains(any: HeuristicVocabulary.input)
        }
    }

    /// True when a response string echoes the request from under a top-level member the
    /// request has too (`$.prompt.text` where the request sends `$.prompt`): that member is a
    /// string in the request, or holds a request string of the same typical length (within 5%).
    func echoes(_ node: ShapeNode) -> Bool {
        guard node.path.depth >= 2, case .key(let top)? = node.path.components.first, let request = input.request,
            let member = request.node(at: ShapePath([.key(top)])), let mean = node.stringLengths?.mean else { return false }
        if member.count(of: .string) > 0 { return true }
        var echo = false
        request.forEachPath { other in
            guard !echo, other.path.components.first == .key(top), let lengths = other.stringLengths else { return }
            echo = abs(lengths.mean - mean) <= max(1, 0.05 * mean)
        }
        return echo
    }

    /// True for strings that read as numbers (`"2"`) at a member named like text
    /// (`generated_text`): a numeric answer, not an id.
    static func isNumericText(_ node: ShapeNode) -> Bool {
        guard node.format == .numberString else { return false }
        let names = [node.path.lastKey, node.path.parent.lastKey].compactMap { $0 }.map(KeyWords.init)
        return names.contains { $0.contains(any: HeuristicVocabulary.text) }
    }

    /// How many distinct bodies the shape's strings show at most: the most distinct values
    /// of one string path that occurs once per body (not in a many-item array), 17 for one that
    /// gave up its closed set or whose long values vary in length. A closed set says "labels"
    /// only when the bodies vary more than it: recorded traffic often repeats one body, whose
    /// every string then repeats.
    static func variety(of shape: Shape) -> Int {
        var most = 0
        shape.forEachPath { node in
            guard node.count(of: .string) > 0, let lengths = node.stringLengths, isOutsideManyItemArrays(node.path, in: shape) else { return }
            let distinct: Int
            if !node.enumCandidates.isEmpty {
                distinct = node.enumCandidates.count
            } else if lengths.max > ShapeLimits.enumMaximumValueLength {
                distinct = lengths.min == lengths.max ? 1 : ShapeLimits.enumMaximumValues + 1
            } else {
                distinct = ShapeLimits.enumMaximumValues + 1
            }
            most = max(most, distinct)
        }
        return most
    }

    /// The string paths of a shape.
    func stringPaths(in shape: Shape?) -> Set<ShapePath> {
        guard let shape else { return [] }
        var paths: Set<ShapePath> = []
        shape.forEachPath { node in
            if node.count(of: .string) > 0 { paths.insert(node.path) }
        }
        return paths
    }
}
