import Catalog
import Shapes

extension HeuristicMapper {
    /// Shortest array read as a vector.
    static let minimumVectorLength = 8

    /// Number vectors (embeddings): the response's array paths whose items are numbers (≥ 90%
    /// of the non-null items numbers, at least half of them fractional: token ids are whole),
    /// with at least ``minimumVectorLength`` items in every sample, not named like per-token
    /// figures (logprobs, scores, offsets, ids…). A list of vectors (`[[…], […]]`) is read as
    /// its vectors (`$.embeddings[*]`), so the count is the number of vectors.
    ///
    /// Score: 0.5, + 0.2 when every array has the same length (a consistent dimension), + 0.2
    /// when it or a container is named like a vector (embedding, vector, values, float…), + 0.1
    /// for at least 64 numbers; times the presence factor. Shallower paths win ties.
    func embeddingVectors(in shape: Shape) -> Finding? {
        var best: (finding: Finding, depth: Int)?
        shape.forEachPath { node in
            guard let lengths = node.arrayLengths, lengths.min >= Self.minimumVectorLength,
                let items = shape.node(at: node.path.appending(.items)) else { return }
            let numbers = items.count(of: .number) + items.count(of: .integer)
            let nonNull = items.count - items.count(of: .null)
            guard numbers > 0, Double(numbers) >= 0.9 * Double(nonNull), 2 * items.count(of: .number) >= numbers else { return }
            let names = node.path.keys.map(KeyWords.init)
            guard !names.contains(where: { $0.contains(any: HeuristicVocabulary.notVector) }) else { return }
            var score = 0.5
            var why = ["arrays of \(lengths.min)+ numbers"]
            if lengths.min == lengths.max {
                score += 0.2
                why.append("one dimension (\(lengths.min))")
            }
            if names.contains(where: { $0.contains(any: HeuristicVocabulary.vector) }) {
                score += 0.2
                why.append("named like a vector")
            }
            if lengths.min >= 64 { score += 0.1 }
            score = Self.clamp(score * Self.presenceFactor(node, in: shape))
            let depth = node.path.depth
            if let current = best, current.finding.confidence > score || (current.finding.confidence == score && current.depth <= depth) {
                return
            }
            let binding = RoleBinding(body: .response, paths: [JSONPath(node.path)], confidence: score)
            best = (Finding(role: .embeddingsVectors, binding: binding, why: why.joined(separator: ", ")), depth)
        }
        return best?.finding
    }
}
