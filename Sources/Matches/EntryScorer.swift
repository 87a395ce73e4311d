import Catalog
import Shapes

/// Scores one catalog entry against one key's shapes: structure per body kind, identifying
/// constants, stream event names and the endpoint, combined as ``Matcher`` documents.
struct EntryScorer {
    /// Weight of each body kind in the structure score. Requests say less than responses (many
    /// APIs accept similar requests); errors say little (hosts wrap errors their own way).
    static let requestWeight = 0.5
    static let responseWeight = 1.0
    static let streamWeight = 1.0
    static let errorWeight = 0.1
    /// Share of the base score that is structure; the rest is the endpoint.
    static let structureShare = 0.85
    static let endpointShare = 0.15
    /// The endpoint score of a suffix match (served behind a prefix); exact is 1, none is 0.
    static let suffixEndpoint = 0.8
    /// How far identifying constants move the base score: toward 1 by this share of the gap
    /// when they agree, down by this share when a closed set disagrees.
    static let identifyPull = 0.6
    /// The least a confidence is multiplied by when the entry's defining paths are absent: an
    /// entry missing them from more than 30% of the samples stays under the `mapped` bar (0.7)
    /// whatever else fits, and one missing them entirely keeps half its score, a visible guess.
    static let definingFloor = 0.5

    /// The entry, its schemas compiled.
    let compiled: CompiledEntry
    let input: MatchInput
    /// The input's shapes with their path views memoised across entries.
    let views: MatchViews
    /// How the input's endpoint matches the entry.
    let endpointMatch: CatalogEntry.EndpointMatch?

    var entry: CatalogEntry { compiled.entry }

    init(compiled: CompiledEntry, input: MatchInput, views: MatchViews, endpointMatch: CatalogEntry.EndpointMatch?) {
        self.compiled = compiled
        self.input = input
        self.views = views
        self.endpointMatch = endpointMatch
    }

    /// The structure's fit per body kind, summed as the score weighs it, with what a reason
    /// lists (numbers of `views.texts`: "<label> <path>").
    struct Tally {
        var parts: [String] = []
        var weighted = 0.0
        var weights = 0.0
        var consistency = 1.0
        /// The smallest presence of a defining path, and the paths under 1 (see `DefiningPaths`).
        var defining = 1.0
        var definingShort: [(label: String, presence: Double)] = []
        var missing: [Int] = []
        var extras: [Int] = []
        var conflicts: [Int] = []
        var streamLine: String?

        var structure: Double { weights > 0 ? weighted / weights : 0 }
    }

    /// The entry's score, with its reasons (`explained`), or with none: the same confidence
    /// without building a text (a match explains only its best entry).
    func score(explained: Bool = true) -> MatchCandidate {
        var tally = structureTally(explained: explained)
        let endpoint: Double
        switch endpointMatch {
        case .exact?: endpoint = 1
        case .suffix?: endpoint = Self.suffixEndpoint
        case nil: endpoint = 0
        }
        var confidence = Self.structureShare * tally.structure + Self.endpointShare * endpoint
        let identity = IdentifyEvidence(compiled: compiled, input: input, views: views).evaluate()
        tally.consistency = min(tally.consistency, identity.consistency)
        if let value = identity.value {
            if value >= 0 {
                confidence += (1 - confidence) * Self.identifyPull * value
            } else {
                confidence *= 1 + Self.identifyPull * value
            }
        }
        if tally.consistency < 1 { confidence *= tally.consistency }
        (tally.defining, tally.definingShort) = compiled.defining.presence(in: input, views: views)
        if tally.defining < 1 { confidence *= max(Self.definingFloor, tally.defining) }
        confidence = min(1, max(0, confidence))
        guard explained else { return MatchCandidate(id: entry.id, confidence: confidence, reasons: []) }
        return MatchCandidate(id: entry.id, confidence: confidence, reasons: reasons(tally, identity: identity.lines))
    }

    /// Each body kind's structure compared with the entry's schema for it.
    func structureTally(explained: Bool) -> Tally {
        var tally = Tally()
        let texts = views.texts
        func note(_ outcome: StructureScorer.Outcome, label: String) {
            guard explained else { return }
            tally.missing += texts.numbers(outcome.missingPlaces, label: label, in: outcome.views)
            tally.extras += texts.numbers(outcome.extraPlaces, label: label, in: outcome.views)
            tally.conflicts += texts.numbers(outcome.conflictPlaces, label: label, in: outcome.views)
        }
        if let shape = views.request, let schema = compiled.request {
            let outcome = StructureScorer.compare(shape, with: schema, recordingPlaces: explained)
            tally.weighted += Self.requestWeight * outcome.fit
            tally.weights += Self.requestWeight
            // No consistency from requests: clients of one API legitimately differ (Azure
            // clients omit `model`); the server's responses are what one API has in common.
            if explained { tally.parts.append("request \(Self.format(outcome.fit))") }
            note(outcome, label: "request")
        }
        if views.response != nil || input.textResponses > 0 {
            let documents = Double(views.response?.shape.documentCount ?? 0)
            let texts = Double(input.textResponses)
            let streams = Double(input.streamBodies)
            // Text answers with no JSON response beside streamed ones are strays: they weigh on
            // the consistency only, not as a response structure of 0.
            let weighs = documents > 0 || streams == 0
            var fit = 0.0
            if let shape = views.response {
                if let schema = compiled.response {
                    let outcome = StructureScorer.compare(shape, with: schema, recordingPlaces: explained)
                    fit = outcome.fit
                    tally.consistency = min(tally.consistency, outcome.coverage)
                    if explained { tally.parts.append("response \(Self.format(outcome.fit))") }
                    note(outcome, label: "response")
                } else if explained {
                    tally.parts.append("response 0 (this API has no plain response)")
                }
            }
            if texts > 0 {
                // Plain-text answers are this API's only as far as its requests asked for them,
                // among every successful answer (streamed ones too): a stray text answer on a key
                // that streams lowers the consistency by its share, never to nothing.
                let asked = plainTextShare()
                if weighs { fit = (documents * fit + texts * asked) / (documents + texts) }
                tally.consistency = min(tally.consistency, (documents + streams + texts * asked) / (documents + streams + texts))
                if explained {
                    tally.parts.append(entry.plainText.isEmpty
                        ? "\(input.textResponses) plain-text responses 0 (this API answers JSON)"
                        : "\(input.textResponses) plain-text responses \(Self.format(asked)) (asked for by the requests' \(entry.plainText.keys.map(\.description).sorted().joined(separator: ", ")))")
                }
            }
            if weighs {
                tally.weighted += Self.responseWeight * fit
                tally.weights += Self.responseWeight
            }
        }
        if !input.streams.isEmpty {
            let stream = streamScore(explained: explained)
            tally.weighted += Self.streamWeight * stream.fit
            tally.weights += Self.streamWeight
            tally.consistency = min(tally.consistency, stream.coverage)
            if explained {
                tally.parts.append("stream \(Self.format(stream.fit)) (\(input.streams.count) event type\(input.streams.count == 1 ? "" : "s"))")
            }
            tally.missing += stream.missing
            tally.extras += stream.extras
            tally.conflicts += stream.conflicts
            tally.streamLine = stream.line
        }
        if let shape = views.error, let schema = compiled.error {
            let outcome = StructureScorer.compare(shape, with: schema, recordingPlaces: explained)
            tally.weighted += Self.errorWeight * outcome.fit
            tally.weights += Self.errorWeight
            if explained { tally.parts.append("error \(Self.format(outcome.fit))") }
        }
        return tally
    }

    /// The reasons of an explained score.
    func reasons(_ tally: Tally, identity: [String]) -> [String] {
        let texts = views.texts
        var reasons = ["structure \(Self.format(tally.structure)): " + tally.parts.joined(separator: ", ")]
        switch endpointMatch {
        case .exact?: reasons.append("endpoint matches \(entry.id) exactly")
        case .suffix?: reasons.append("endpoint matches \(entry.id) behind a prefix")
        case nil: reasons.append("endpoint is not one of \(entry.id)'s (no weight: any host can serve any API)")
        }
        reasons += identity
        if tally.consistency < 1 {
            reasons.append("mixed samples: at most \(Self.percent(tally.consistency)) of bodies fit \(entry.id) (required fields or identifying constants differ in the rest)")
        }
        if !tally.definingShort.isEmpty {
            let paths = tally.definingShort.map { "\($0.label) (\(Self.percent($0.presence)))" }
            reasons.append("paths that define \(entry.id) absent: " + Self.list(paths, limit: 4) + "; at most \(Self.percent(max(Self.definingFloor, tally.defining))) of the score kept")
        }
        if let streamLine = tally.streamLine { reasons.append(streamLine) }
        if !tally.missing.isEmpty { reasons.append("missing required: " + texts.list(tally.missing)) }
        if !tally.conflicts.isEmpty { reasons.append("type conflicts: " + texts.list(tally.conflicts)) }
        if !tally.extras.isEmpty {
            let ordered = tally.extras.filter { !texts.isRequest[$0] } + tally.extras.filter { texts.isRequest[$0] }
            reasons.append("extra fields: " + texts.list(ordered))
        }
        return reasons
    }

    /// The share of the plain-text responses whose requests asked for plain text the entry's way
    /// (its `plain_text` request values), at most 1; 0 when the entry never answers plain text.
    func plainTextShare() -> Double {
        guard input.textResponses > 0, !entry.plainText.isEmpty, let request = views.request else { return 0 }
        var asked = 0
        for (path, values) in entry.plainText {
            guard let node = request.node(at: path.shapePath) else { continue }
            for (value, count) in node.enumCandidates where values.contains(value) { asked += count }
        }
        return min(1, Double(asked) / Double(input.textResponses))
    }

    struct StreamScore {
        var fit: Double
        var coverage: Double
        var line: String?
        /// Numbers of `MatchViews.texts`, as in `score()`.
        var missing: [Int] = []
        var extras: [Int] = []
        var conflicts: [Int] = []
    }

    /// The stream fit: each event type's shape against the entry's schema for that event,
    /// weighted by its documents. An event the entry does not name fits 0. When the samples'
    /// events are unnamed and the entry names events by a member (`event_key`), the member's
    /// captured values pick the event schemas, and the shape is compared with their union.
    func streamScore(explained: Bool = true) -> StreamScore {
        var result = StreamScore(fit: 0, coverage: 1)
        guard !entry.streamEvents.isEmpty else {
            result.line = "the samples stream, \(entry.id) does not"
            return result
        }
        var total = 0.0
        var earned = 0.0
        var unknown = 0
        for ((event, shape), eventViews) in zip(input.streams, views.streams) {
            let weight = Double(shape.documentCount)
            total += weight
            // One event type: its schema. Several event types blurred into one shape (their
            // `event:` lines gone): the union of their schemas, read as one discriminated object.
            let schema: CompiledSchema
            if let known = compiled.streamEvents[event] {
                schema = known
            } else if let key = entry.stream?.eventKey, let node = eventViews.node(at: ShapePath([.key(key)])) {
                let names = node.enumCandidates.keys.sorted().filter { entry.streamEvents[$0] != nil }
                guard !names.isEmpty else {
                    unknown += 1
                    continue
                }
                schema = names.count == 1 ? compiled.streamEvents[names[0]]! : compiled.union(of: names, names: views.names)
            } else {
                unknown += 1
                continue
            }
            let best = StructureScorer.compare(eventViews, with: schema, recordingPlaces: explained)
            earned += weight * best.fit
            if weight >= 0.05 * Double(input.streamDocuments) { result.coverage = min(result.coverage, best.coverage) }
            guard explained else { continue }
            let label = "stream \(entry.streamEvents[event] != nil ? event : StreamFraming.defaultEventName)"
            let texts = views.texts
            result.missing += texts.numbers(best.missingPlaces, label: label, in: eventViews)
            result.extras += texts.numbers(Array(best.extraPlaces.prefix(4)), label: label, in: eventViews)
            result.conflicts += texts.numbers(best.conflictPlaces, label: label, in: eventViews)
        }
        result.fit = total > 0 ? earned / total : 0
        if unknown > 0 {
            result.line = "\(unknown) of \(input.streams.count) stream event types are not events of \(entry.id)"
        }
        return result
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return hundredths == 100 ? "1.00" : "0." + (hundredths < 10 ? "0" : "") + String(hundredths)
    }

    static func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }

    /// At most six items, then a count of the rest.
    static func list(_ items: [String], limit: Int = 6) -> String {
        var seen: Set<String> = []
        let unique = items.filter { seen.insert($0).inserted }
        let shown = unique.prefix(limit).joined(separator: ", ")
        return unique.count > limit ? shown + " (+\(unique.count - limit) more)" : shown
    }
}
