import Catalog
import Shapes

extension HeuristicMapper {
    /// The input messages: a request array of objects with a role-like member (a closed set of
    /// labels most of whose occurrences are chat roles — user, assistant, system, human, bot… —
    /// including an asking side) and a text member: a string, an array of strings, or an array of
    /// objects holding a string (parts).
    ///
    /// Score: 0.35 for the role set (× the share of role-like values), + 0.15 when the role
    /// member is named like one (role, speaker, author, from…), + 0.3 for a text member, + 0.1
    /// when it is named like text (content, text, utterance, parts…), + 0.1 for an array at the
    /// top level; times the presence factor.
    func messages(in shape: Shape) -> Finding? {
        var best: Finding?
        shape.forEachPath { node in
            guard node.count(of: .array) > 0, let items = shape.node(at: node.path.appending(.items)), items.count(of: .object) > 0 else { return }
            var roleKey: String?
            var roleShare = 0.0
            for key in items.keys {
                guard let child = shape.node(at: items.path.appending(.key(key))) else { continue }
                let values = child.enumCandidates
                guard !values.isEmpty, values.keys.allSatisfy(Self.isLabel) else { continue }
                let total = values.values.reduce(0, +)
                let roleLike = values.filter { HeuristicVocabulary.roleValues.contains($0.key.lowercased()) }.values.reduce(0, +)
                let asks = values.keys.contains { HeuristicVocabulary.askingRoles.contains($0.lowercased()) }
                let share = total > 0 ? Double(roleLike) / Double(total) : 0
                if asks, share >= 0.5, share > roleShare {
                    roleKey = key
                    roleShare = share
                }
            }
            guard let roleKey else { return }
            var score = 0.35 * roleShare
            var why = ["objects with a chat-role member"]
            if KeyWords(roleKey).contains(any: HeuristicVocabulary.roleKey) {
                score += 0.15
            }
            let text = messageText(in: shape, element: items.path, excluding: roleKey)
            var item: [String: [JSONPath]] = ["role": [JSONPath(components: [.key(roleKey)])]]
            if let text {
                score += 0.3
                item["text"] = text.paths
                why.append("and a text member")
                if KeyWords(text.key).contains(any: HeuristicVocabulary.messageText) { score += 0.1 }
            }
            if let roles = shape.node(at: items.path.appending(.key(roleKey)))?.enumCandidates, roles.keys.contains(where: { $0.lowercased() == "system" }) {
                why.append("(a system prompt travels as a message)")
            }
            if node.path.depth == 1 { score += 0.1 }
            score = Self.clamp(score * Self.presenceFactor(node, in: shape))
            if best == nil || score > best!.confidence {
                let binding = RoleBinding(body: .request, paths: [JSONPath(node.path)], item: item, confidence: score)
                best = Finding(role: .inputMessages, binding: binding, why: why.joined(separator: " "))
            }
        }
        return best
    }

    /// The text member of a message element: the string member with the longest mean length, or
    /// the longest string inside an array member (`content[*]`, `parts[*].text`); relative to the
    /// element. Every text form found under the same member follows the best one, longest first
    /// (`$.content` then `$.content[*].text` when clients send both plain and multi-part text).
    func messageText(in shape: Shape, element: ShapePath, excluding roleKey: String) -> (key: String, paths: [JSONPath])? {
        guard let node = shape.node(at: element) else { return nil }
        var found: [(key: String, path: JSONPath, mean: Double)] = []
        func consider(_ key: String, _ relative: [JSONPath.Component], _ target: ShapeNode) {
            guard let lengths = target.stringLengths, target.format == nil, !isShortClosedSet(target) else { return }
            found.append((key, JSONPath(components: relative), lengths.mean))
        }
        for key in node.keys where key != roleKey {
            guard let child = shape.node(at: element.appending(.key(key))) else { continue }
            guard !KeyWords(key).contains(any: HeuristicVocabulary.notText) else { continue }
            consider(key, [.key(key)], child)
            guard let items = shape.node(at: child.path.appending(.items)) else { continue }
            consider(key, [.key(key), .wildcard], items)
            for inner in items.keys where !KeyWords(inner).contains(any: HeuristicVocabulary.notText) {
                if let part = shape.node(at: items.path.appending(.key(inner))) {
                    consider(key, [.key(key), .wildcard, .key(inner)], part)
                }
            }
        }
        found.sort { $0.mean > $1.mean || ($0.mean == $1.mean && $0.path.description < $1.path.description) }
        guard let best = found.first else { return nil }
        return (best.key, found.filter { $0.key == best.key }.map(\.path))
    }

    /// The system prompt: a request string at most two levels deep, outside message arrays, whose
    /// name (or its parent's) is system, instructions or preamble — or a string under such an
    /// object (`system_instruction.parts[*].text`). Score 0.6, + 0.2 at the top level, + 0.2 when
    /// its mean length is at least 20 bytes; times the presence factor.
    func systemPrompt(in shape: Shape) -> Finding? {
        var best: Finding?
        shape.forEachPath { node in
            guard node.count(of: .string) > 0, node.format == nil, let lengths = node.stringLengths else { return }
            let keys = node.path.keys
            guard let index = keys.firstIndex(where: { KeyWords($0).contains(any: HeuristicVocabulary.system) }), index <= 1 else { return }
            // A role value "system" inside messages is not the system prompt member.
            if keys.count > index + 1, KeyWords(keys.last!).contains(any: HeuristicVocabulary.roleKey) { return }
            var score = 0.6
            if node.path.depth == 1 { score += 0.2 }
            if lengths.mean >= 20 { score += 0.2 }
            score = Self.clamp(score * Self.presenceFactor(node, in: shape))
            if best == nil || score > best!.confidence {
                let binding = RoleBinding(body: .request, paths: [JSONPath(node.path)], confidence: score)
                best = Finding(role: .systemInstructions, binding: binding, why: "named like a system prompt")
            }
        }
        return best
    }
}
