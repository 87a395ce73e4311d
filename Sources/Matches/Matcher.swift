import Catalog
import Framing
import Shapes

/// Decides which catalog API a key's shapes speak, how sure that is and why, and derives the
/// field map — from the catalog entry when one fits with confidence, else by structure alone
/// (``FieldMap/heuristicSchemaID``).
///
/// ## Scoring a catalog entry (confidence in [0, 1])
/// 1. **Structure** `S`: each sampled body kind against the entry's schema (see
///    `StructureScorer`: required properties weighted by their presence, optional ones when
///    present, types, nested objects, items and maps, closed strings; undeclared members cost
///    little), averaged with weights request 0.5, response 1, stream 1 (each event type against
///    its event schema, by documents; an event the entry does not know fits 0), error 0.1.
/// 2. **Endpoint** `E`: 1 for an exact pattern match, 0.8 behind a prefix, 0 otherwise.
///    Base = 0.85 × S + 0.15 × E: the endpoint helps but never decides (any host can be named by
///    Target-Url, any path can proxy any API).
/// 3. **Identifying constants and stream event names** `I` in [−1, 1] (see `IdentifyEvidence`):
///    agreeing moves the base toward 1 by 0.6 × I of the gap; a closed set of other values
///    lowers it by 0.6 × |I| of itself.
/// 4. **Consistency**: the result is multiplied by the smallest presence of a required
///    top-level property that occurs at all (over responses and stream events — not requests,
///    whose clients legitimately differ), and by 1 − the share of values at an identifying path
///    that another entry names as its constants: a shape mixing two APIs half and half is at
///    most half this entry.
/// 5. **Defining paths** (see `DefiningPaths`): the result is multiplied by the smallest share
///    of samples carrying a path that defines the entry's API (its required containers and the
///    required members of its identifying arrays), never by less than 0.5, so an entry missing
///    them from more than 30% of the samples is never `mapped`. Identifying constants count by
///    how specific they are (`ConstantSpecificity`).
///
/// Successful plain-text responses (`ShapeSet.textResponses`) are responses too: they fit an
/// entry by the share of them its requests asked for (`x-gateway.plain_text`), 0 for others.
///
/// ## Status
/// The best entry's status follows ``MatchThresholds`` (confidence and lead over the runner-up).
/// Keys without a successful response, stream event or plain-text answer (errors only, or nothing) are
/// `unmappable`: errors do not say which API succeeds. When the best entry is not `mapped` and
/// its confidence is below ``MatchThresholds/mapped`` (an entry above it lacks only its lead
/// over another entry: a catalog API either way), the heuristic map is computed (see
/// `HeuristicMapper`) and returned instead when its status ranks higher (`mapped` >
/// `low_confidence` > `unmappable`), or ranks the same with a higher confidence; the best
/// catalog entry is then the runner-up.
///
/// Reasons name paths, catalog ids and catalog constants, and scores — never a body's text.
public struct Matcher: Sendable {
    public let catalog: Catalog
    public let thresholds: MatchThresholds

    /// Most reason lines in a result.
    public static let maximumReasons = 12

    /// The entries' endpoint matches, per distinct endpoint.
    let endpointMatches: EndpointMatches
    /// The entries prepared for scoring, in the catalog's order.
    let compiled: [CompiledEntry]
    /// The property names of the entries' schemas, numbered.
    let names: PropertyNames

    public init(catalog: Catalog, thresholds: MatchThresholds = .standard) {
        self.catalog = catalog
        self.thresholds = thresholds
        endpointMatches = EndpointMatches(entries: catalog.entries)
        var names = PropertyNames.Builder()
        let specificity = ConstantSpecificity(catalog.entries)
        compiled = catalog.entries.map { CompiledEntry($0, catalog: catalog.entries, specificity: specificity, names: &names) }
        self.names = PropertyNames(names.numbers)
    }

    /// Matches a key's shapes (as the job builds them) for `endpoint` (the templated request
    /// path) and `model` (the key's model, watched in the shapes, or nil).
    public func match(_ shapes: ShapeSet, endpoint: String, model: String?) -> MatchResult {
        let streamBodies = [BodyFormat.sse, .ndjson, .awsEventStream, .jsonArray].reduce(0) { $0 + (shapes.bodyFormats[$1] ?? 0) }
        return match(MatchInput(
            shapes: shapes.shapes, endpoint: endpoint, model: model, streamFormat: Self.streamFormat(shapes.bodyFormats),
            streamBodies: streamBodies, formBodies: shapes.bodyFormats[.multipart] ?? 0, textResponses: shapes.textResponses,
            failedRows: shapes.failedRows))
    }

    /// The stream framing most of the sampled bodies had (SSE on a tie), or nil when none streamed.
    static func streamFormat(_ formats: [BodyFormat: Int]) -> StreamFraming.Format? {
        let counts: [(StreamFraming.Format, Int)] = [
            (.sse, formats[.sse] ?? 0), (.ndjson, formats[.ndjson] ?? 0),
            (.awsEventStream, formats[.awsEventStream] ?? 0), (.jsonArray, formats[.jsonArray] ?? 0),
        ]
        let best = counts.max { $0.1 < $1.1 }!
        return best.1 == 0 ? nil : best.0
    }

    /// Matches shapes given per kind.
    public func match(shapes: [ShapeKind: Shape], endpoint: String, model: String?) -> MatchResult {
        match(MatchInput(shapes: shapes, endpoint: endpoint, model: model))
    }

    /// Every catalog entry's score for these shapes, best first (ties by id).
    public func candidates(shapes: [ShapeKind: Shape], endpoint: String, model: String?) -> [MatchCandidate] {
        candidates(MatchInput(shapes: shapes, endpoint: endpoint, model: model))
    }

    func candidates(_ input: MatchInput) -> [MatchCandidate] {
        candidates(input, views: MatchViews(input, names: names))
    }

    /// Every entry scored, best first; with every entry's reasons when `explained`, else with
    /// the best's only (the others' confidences are the same, their reasons empty).
    func candidates(_ input: MatchInput, views: MatchViews, explained: Bool = true) -> [MatchCandidate] {
        let endpoints = endpointMatches.matches(input.endpoint)
        let scorers = zip(compiled, endpoints).map { EntryScorer(compiled: $0, input: input, views: views, endpointMatch: $1) }
        let scored = scorers.indices.map { (index: $0, candidate: scorers[$0].score(explained: explained)) }
            .sorted { a, b in
                a.candidate.confidence > b.candidate.confidence
                    || (a.candidate.confidence == b.candidate.confidence && a.candidate.id < b.candidate.id)
            }
        var candidates = scored.map(\.candidate)
        if !explained, let best = scored.first {
            candidates[0] = scorers[best.index].score(explained: true)
        }
        return candidates
    }

    func match(_ input: MatchInput) -> MatchResult {
        let views = MatchViews(input, names: names)
        let candidates = candidates(input, views: views, explained: false)
        guard input.hasSuccess else { return noSuccess(input, candidates: candidates) }
        guard let best = candidates.first, let entry = catalog.entry(id: best.id) else {
            return heuristicResult(input, best: nil, candidates: candidates, catalogStatus: .unmappable)
        }
        let runnerUp = candidates.count > 1 ? candidates[1] : nil
        let status = thresholds.status(confidence: best.confidence, runnerUp: runnerUp?.confidence)
        // A catalog entry that fits well but not clearly ahead of another is a catalog API:
        // a map by structure alone never replaces it.
        if status != .mapped, best.confidence < thresholds.mapped - MatchThresholds.tolerance {
            let heuristic = heuristicResult(input, best: best, candidates: candidates, catalogStatus: status)
            if Self.rank(heuristic.status) > Self.rank(status)
                || (heuristic.status == status && heuristic.confidence > best.confidence)
            {
                return heuristic
            }
        }
        let roles = compiled.first { $0.entry.id == best.id }?.roles ?? CompiledEntry.roles(of: entry)
        let resolved = FieldMapResolver(entry: entry, input: input, views: views).resolve(roles: roles)
        var reasons = ["best: \(best.id) \(EntryScorer.format(best.confidence))"] + best.reasons
        var mapLines: [String] = []
        if !resolved.missing.isEmpty { mapLines.append("roles kept from the catalog, not seen in the samples: " + EntryScorer.list(resolved.missing, limit: 8)) }
        if !resolved.unsampled.isEmpty {
            let kinds = Set(resolved.unsampled.compactMap { entry.fieldMap.roles[$0]?.body.rawValue }).sorted()
            mapLines.append("\(resolved.unsampled.count) roles kept from the catalog unverified: no \(kinds.joined(separator: " or ")) samples")
        }
        if let runnerUp { mapLines.append("runner-up: \(runnerUp.id) \(EntryScorer.format(runnerUp.confidence))") }
        reasons = Self.limit(reasons, keepingLast: mapLines)
        return MatchResult(
            status: status, schemaID: best.id, confidence: best.confidence, runnerUp: runnerUp,
            reasons: reasons, fieldMap: resolved.fieldMap, candidates: candidates)
    }

    /// The heuristic map as a result, the best catalog entry as its runner-up.
    func heuristicResult(_ input: MatchInput, best: MatchCandidate?, candidates: [MatchCandidate], catalogStatus: MatchStatus) -> MatchResult {
        var knownFinishReasons: [String: String] = [:]
        for entry in catalog.entries {
            for (raw, canonical) in entry.fieldMap.finishReasons where knownFinishReasons[raw] == nil {
                knownFinishReasons[raw] = canonical
            }
        }
        for canonical in FieldMap.canonicalFinishReasons where knownFinishReasons[canonical] == nil {
            knownFinishReasons[canonical] = canonical
        }
        let heuristic = HeuristicMapper(input: input, thresholds: thresholds, knownFinishReasons: knownFinishReasons).map()
        var tail: [String] = []
        if let best {
            tail.append("best catalog entry: \(best.id) \(EntryScorer.format(best.confidence)) (\(catalogStatus.rawValue))")
        }
        let reasons = Self.limit(heuristic.reasons, keepingLast: tail)
        let candidate = MatchCandidate(id: FieldMap.heuristicSchemaID, confidence: heuristic.confidence, reasons: heuristic.reasons)
        let all = (candidates + [candidate]).sorted { $0.confidence > $1.confidence || ($0.confidence == $1.confidence && $0.id < $1.id) }
        return MatchResult(
            status: heuristic.status, schemaID: FieldMap.heuristicSchemaID, confidence: heuristic.confidence,
            runnerUp: best, reasons: reasons, fieldMap: heuristic.fieldMap, candidates: all)
    }

    /// Errors only, or nothing: `unmappable`, confidence 0, an empty heuristic map; the catalog
    /// scores stay in `candidates` for a person to read.
    func noSuccess(_ input: MatchInput, candidates: [MatchCandidate]) -> MatchResult {
        let errors = input.error?.documentCount ?? 0
        let requests = input.request?.documentCount ?? 0
        var reasons = ["no successful samples: \(errors) error bodies, \(requests) request bodies, no successful response or stream event; errors and requests alone do not decide a match"]
        if let best = candidates.first {
            reasons.append("best guess from what there is: \(best.id) \(EntryScorer.format(best.confidence)) (not used)")
        }
        return MatchResult(
            status: .unmappable, schemaID: FieldMap.heuristicSchemaID, confidence: 0, runnerUp: candidates.first,
            reasons: reasons, fieldMap: FieldMap(schemaID: FieldMap.heuristicSchemaID), candidates: candidates)
    }

    static func rank(_ status: MatchStatus) -> Int {
        switch status {
        case .mapped: 2
        case .lowConfidence: 1
        case .unmappable: 0
        }
    }

    /// At most ``maximumReasons`` lines: `lines` first, `last` always kept at the end.
    static func limit(_ lines: [String], keepingLast last: [String]) -> [String] {
        let room = max(0, maximumReasons - last.count)
        return Array(lines.prefix(room)) + last
    }
}
