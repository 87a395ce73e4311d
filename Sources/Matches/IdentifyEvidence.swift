import Catalog
import Shapes

/// The identifying constants of a catalog entry (its `identify` block) and its stream event
/// names, weighed against the samples.
///
/// Each `identify` path of a successful body kind (request, response, stream; never error) that
/// was sampled gives one item in [-1, 1]:
/// - the path holds strings, some equal to the entry's constants: + (share of the strings that
///   do, each weighed by how specific its constant is: 1 / the catalog entries that fix that
///   value, see `ConstantSpecificity`) × (presence of the path); `object: "list"`, which
///   embeddings and rerank APIs share, counts half;
/// - the path holds a closed set (captured values, at any sample count) none of which is a
///   constant: −1 × presence (strong counter-evidence); strings too varied to be a closed set:
///   −0.5 × presence;
/// - the path is absent: 0 (the structure score already misses it).
/// Named stream events (SSE `event:` names other than `message`) give one more item: 2 × (share
/// of their documents whose name the entry knows) − 1, or −1 when the entry does not stream.
/// The evidence is the mean of the items; nil when there are none.
///
/// The same paths also bound the share of documents that can be this API: values at an
/// identifying path that are another catalog entry's constants at that path (`text_completion`
/// where chat completions say `chat.completion`) belong to that other API. ``Result/consistency``
/// is 1 − the largest such share; values no entry names (a host's own) do not count.
struct IdentifyEvidence {
    /// The entry, its identifying paths prepared with the other entries' constants.
    let compiled: CompiledEntry
    let input: MatchInput
    /// The input's shapes with their path views memoised across entries.
    let views: MatchViews

    var entry: CatalogEntry { compiled.entry }

    struct Result {
        var value: Double?
        var lines: [String]
        /// 1 − the largest share of strings at an identifying path that another entry claims.
        var consistency: Double = 1
    }

    func evaluate() -> Result {
        var items: [Double] = []
        var agreeing: [String] = []
        var disagreeing: [String] = []
        var absent: [String] = []
        var foreignLines: [String] = []
        var consistency = 1.0
        // Error bodies never decide: a proxy's or gateway's own errors may sit on the same key.
        for (kind, paths) in compiled.identifying {
            let shapes = views.views(for: Self.selector(kind))
            guard !shapes.isEmpty else { continue }
            for path in paths {
                let item = evaluate(path: path, in: shapes)
                let foreign = foreignShare(path: path, in: shapes)
                if foreign > 0 {
                    consistency = min(consistency, 1 - foreign)
                    foreignLines.append(EntryScorer.percent(foreign) + path.foreignText)
                }
                switch item {
                case nil:
                    items.append(0)
                    absent.append(path.pathText)
                case let value? where value > 0:
                    items.append(value)
                    agreeing.append("\(path.label) (\(EntryScorer.percent(value)))")
                case let value?:
                    items.append(value)
                    disagreeing.append(path.otherValues)
                }
            }
        }
        var lines: [String] = []
        // By position: the shapes are read in place, never copied.
        let named = input.streams.indices.filter { input.streamEvents[$0] != StreamFraming.defaultEventName }
        if !named.isEmpty {
            let total = named.reduce(0) { $0 + input.streams[$1].shape.documentCount }
            let known = named.filter { entry.streamEvents[input.streamEvents[$0]] != nil }
            let knownDocuments = known.reduce(0) { $0 + input.streams[$1].shape.documentCount }
            if entry.streamEvents.isEmpty {
                items.append(-1)
            } else {
                let share = total > 0 ? Double(knownDocuments) / Double(total) : 0
                items.append(2 * share - 1)
                if !known.isEmpty {
                    lines.append("stream event names of \(entry.id): \(known.count) of \(named.count) (\(EntryScorer.list(known.map { input.streamEvents[$0] }, limit: 4)))")
                } else {
                    lines.append("none of the \(named.count) stream event names is an event of \(entry.id)")
                }
            }
        }
        if !agreeing.isEmpty { lines.insert("identifying constants agree: " + agreeing.joined(separator: ", "), at: 0) }
        if !disagreeing.isEmpty { lines.insert("counter-evidence: " + disagreeing.joined(separator: ", "), at: 0) }
        if !absent.isEmpty { lines.append("identifying paths absent: " + EntryScorer.list(absent, limit: 4)) }
        lines += foreignLines
        let value = items.isEmpty ? nil : items.reduce(0, +) / Double(items.count)
        return Result(value: value, lines: lines, consistency: consistency)
    }

    /// The share of strings at the path (over the shapes of its kind) that other entries name
    /// as their identifying constants at the same path, and this entry does not.
    func foreignShare(path: CompiledEntry.IdentifyingPath, in shapes: [ShapeViews]) -> Double {
        guard !path.foreign.isEmpty else { return 0 }
        var strings = 0
        var claimed = 0
        for shape in shapes {
            let number = shape.number(at: path.shapePath)
            guard number >= 0 else { continue }
            let node = shape.node(number)
            strings += node.count(of: .string)
            for (value, count) in node.enumCandidates where path.foreign.contains(value) { claimed += count }
        }
        return strings > 0 ? Double(claimed) / Double(strings) : 0
    }

    /// One path's item over the shapes of its body kind, or nil when no shape has the path.
    func evaluate(path: CompiledEntry.IdentifyingPath, in shapes: [ShapeViews]) -> Double? {
        var documents = 0
        var reached = 0
        var strings = 0
        var matching = 0
        var weighted = 0.0
        var closed = true
        var found = false
        for shape in shapes {
            documents += shape.shape.documentCount
            let number = shape.number(at: path.shapePath)
            guard number >= 0 else { continue }
            let node = shape.node(number)
            guard node.count > 0 else { continue }
            found = true
            reached += min(node.documents, shape.shape.documentCount)
            let nodeStrings = node.count(of: .string)
            strings += nodeStrings
            if node.enumCandidates.isEmpty, nodeStrings > 0 { closed = false }
            for (value, count) in node.enumCandidates {
                guard let weight = path.weights[value] else { continue }
                matching += count
                weighted += weight * Double(count)
            }
        }
        guard found, documents > 0 else { return nil }
        let presence = Double(reached) / Double(documents)
        guard matching > 0, strings > 0 else { return (closed ? -1 : -0.5) * presence }
        return weighted / Double(strings) * presence
    }

    static func selector(_ kind: BodyKind) -> MatchInput.BodyKindSelector {
        switch kind {
        case .request: .request
        case .response: .response
        case .error: .error
        case .responseStream: .stream
        case .url, .row: .request  // never identifying: the catalog's identify blocks name logged bodies only
        }
    }
}
