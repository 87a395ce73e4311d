import Catalog
import Shapes

extension HeuristicMapper {
    /// Roles of streamed responses, per event type: token counts and the finish reason by the
    /// same rules as plain responses (the best event wins), and the text delta.
    func streamRoles() -> (findings: [Finding], finishValues: [String]) {
        var findings: [Finding] = []
        var finishValues: [String] = []
        var tokens: [Role: Finding] = [:]
        var finish: Finding?
        for (event, shape) in input.streams {
            for finding in tokenFindings(in: shape, body: .responseStream, event: event)
            where tokens[finding.role] == nil || finding.confidence > tokens[finding.role]!.confidence {
                tokens[finding.role] = finding
            }
            if let (found, values) = finishReason(in: shape, body: .responseStream, event: event),
                finish == nil || found.confidence > finish!.confidence
            {
                finish = found
                finishValues = values
            }
        }
        findings += tokens.values.sorted { $0.role < $1.role }
        if let finish { findings.append(finish) }
        if var delta = streamTextDelta() {
            if let assembly = textAssembly(of: delta) {
                delta.binding.assemble = assembly
                delta.why += assembly == .last ? ", the whole text in one event per stream" : ", pieces joined across events"
            }
            findings.append(delta)
        }
        return (findings, finishValues)
    }

    /// How a stream's text is put together from its events, decided from the samples: the text
    /// path's strings per stream body, when the bodies were counted (nil otherwise). At most 1.25
    /// per stream is the whole text once per stream (`last`); more are pieces (`concat`).
    func textAssembly(of delta: Finding) -> RoleBinding.Assembly? {
        guard input.streamBodies > 0, let event = delta.binding.event,
            let shape = input.streams.first(where: { $0.event == event })?.shape,
            let node = shape.node(at: delta.binding.paths[0].shapePath) else { return nil }
        return Double(node.count(of: .string)) <= 1.25 * Double(input.streamBodies) ? .last : .concat
    }

    /// True when a stream string takes a new value in at least half of the events of one stream
    /// that carry it (at least 2 per stream): text pieces, not a label, even when the samples
    /// repeat one recorded stream (whose pieces then repeat as a closed set would).
    func variesWithinStreams(_ node: ShapeNode) -> Bool {
        guard input.streamBodies > 0, !node.enumCandidates.isEmpty else { return false }
        let perStream = Double(node.count(of: .string)) / Double(input.streamBodies)
        return perStream >= 2 && Double(node.enumCandidates.count) >= 0.5 * perStream
    }

    /// The stream text delta: in each event type, string paths without a format, not named like
    /// an id, type, model or reason (a numeric string counts when named like text), not under
    /// side information (warnings, logs, system…), not a short closed set unless it varies within
    /// a stream (`variesWithinStreams`), and not holding the model.
    ///
    /// Score: 0.3, + 0.3 when it or its parent is named like a piece of text (delta, text,
    /// content, token, chunk, piece…), + 0.2 × the share of the event's documents that carry it,
    /// + 0.2 when its event type has the most documents (deltas are the bulk of a stream); times
    /// the share of stream documents that are of its event type, floored at the presence factor.
    func streamTextDelta() -> Finding? {
        let busiest = input.streams.max { $0.shape.documentCount < $1.shape.documentCount }?.event
        let allDocuments = max(1, input.streamDocuments)
        var best: Finding?
        for (event, shape) in input.streams {
            shape.forEachPath { node in
                guard let key = node.path.lastKey, node.count(of: .string) > 0, node.format == nil || Self.isNumericText(node),
                    !Self.isUnderSideInformation(node.path) else { return }
                guard !KeyWords(key).contains(any: HeuristicVocabulary.notText), !holdsModel(node),
                    !isShortClosedSet(node) || variesWithinStreams(node) else { return }
                let presence = Self.presence(node, in: shape)
                var score = 0.3 + 0.2 * presence
                var why = ["a stream string"]
                let names = [node.path.lastKey, node.path.parent.lastKey].compactMap { $0 }.map(KeyWords.init)
                if names.contains(where: { $0.contains(any: HeuristicVocabulary.delta) }) {
                    score += 0.3
                    why.append("named like a text piece")
                }
                if event == busiest {
                    score += 0.2
                    why.append("in the most frequent event")
                }
                let share = Double(shape.documentCount) / Double(allDocuments)
                score = Self.clamp(score * max(share, 0.5 + 0.5 * presence))
                if best == nil || score > best!.confidence {
                    let binding = RoleBinding(body: .responseStream, event: event, paths: [JSONPath(node.path)], confidence: score)
                    best = Finding(role: .streamTextDelta, binding: binding, why: why.joined(separator: ", "))
                }
            }
        }
        return best
    }
}
