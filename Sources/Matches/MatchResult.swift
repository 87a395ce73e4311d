import Catalog

/// How sure the matcher is: the thresholds are `MatchThresholds`.
public enum MatchStatus: String, Sendable, Codable, Hashable {
    /// Confident: the gateway can use the field map.
    case mapped
    /// Something fits, but not well enough to trust without a look.
    case lowConfidence = "low_confidence"
    /// Nothing fits, or the samples cannot decide (errors only, empty).
    case unmappable
}

/// One catalog entry's score.
public struct MatchCandidate: Sendable, Hashable {
    /// A catalog id, or `heuristic`.
    public var id: String
    /// In [0, 1].
    public var confidence: Double
    /// The evidence that counted, what was missing, what was extra.
    public var reasons: [String]

    public init(id: String, confidence: Double, reasons: [String] = []) {
        self.id = id
        self.confidence = confidence
        self.reasons = reasons
    }
}

/// What the matcher decided for one key.
public struct MatchResult: Sendable {
    public var status: MatchStatus
    /// The chosen catalog id, or `heuristic` when the map was found by structure alone.
    public var schemaID: String
    public var confidence: Double
    /// The second best catalog entry, if any scored (its confidence; its reasons are not built).
    public var runnerUp: MatchCandidate?
    /// Human-readable: which evidence counted, what was missing, what was extra.
    public var reasons: [String]
    /// Where each role lives in this key's bodies (only roles whose paths the samples have).
    public var fieldMap: FieldMap
    /// Every scored entry, best first. Only the best candidate carries reasons: texts for every
    /// entry would cost as much as scoring them (`Matcher.candidates(shapes:endpoint:model:)`
    /// explains every entry).
    public var candidates: [MatchCandidate]

    public init(
        status: MatchStatus, schemaID: String, confidence: Double, runnerUp: MatchCandidate?,
        reasons: [String], fieldMap: FieldMap, candidates: [MatchCandidate]
    ) {
        self.status = status
        self.schemaID = schemaID
        self.confidence = confidence
        self.runnerUp = runnerUp
        self.reasons = reasons
        self.fieldMap = fieldMap
        self.candidates = candidates
    }
}

/// The confidence a status needs.
///
/// Defaults (``standard``): `mapped` needs a confidence of at least 0.7 **and** a lead of at
/// least 0.1 over the runner-up; `low_confidence` needs at least 0.4; anything lower is
/// `unmappable`. Boundaries are inclusive: exactly 0.7 with a lead of exactly 0.1 is `mapped`,
/// exactly 0.4 is `low_confidence`. Comparisons allow a rounding slack of ``tolerance`` so that
/// decimal boundaries (0.7 − 0.6) behave as written.
///
/// A heuristic map (schema id `heuristic`) keeps only roles of at least ``heuristicRole``; it is
/// `mapped` when its deciding roles (the token counts, or the output text of an API without
/// any) reach ``heuristicCoreRole`` and its token counts are consistent (see `HeuristicMapper`);
/// it has no runner-up margin to meet.
public struct MatchThresholds: Sendable, Hashable {
    /// At least this confidence, and `margin` ahead of the runner-up, to be `mapped`.
    public var mapped: Double
    /// The lead over the runner-up a `mapped` result needs.
    public var margin: Double
    /// At least this to be `low_confidence`; below it, `unmappable`.
    public var lowConfidence: Double
    /// The confidence the deciding roles of a heuristic map (token counts, or the output text
    /// of an API without them) need for the map to be `mapped`.
    public var heuristicCoreRole: Double
    /// The confidence any role of a heuristic map needs to stay in the map.
    public var heuristicRole: Double

    /// Slack for floating-point rounding at the boundaries.
    public static let tolerance = 1e-9

    public init(
        mapped: Double = 0.7, margin: Double = 0.1, lowConfidence: Double = 0.4, heuristicCoreRole: Double = 0.8, heuristicRole: Double = 0.6
    ) {
        self.mapped = mapped
        self.margin = margin
        self.lowConfidence = lowConfidence
        self.heuristicCoreRole = heuristicCoreRole
        self.heuristicRole = min(heuristicRole, heuristicCoreRole)
    }

    /// The documented defaults.
    public static let standard = MatchThresholds()

    /// The status a confidence earns, given the runner-up's.
    public func status(confidence: Double, runnerUp: Double?) -> MatchStatus {
        let slack = Self.tolerance
        if confidence >= mapped - slack && confidence - (runnerUp ?? 0) >= margin - slack { return .mapped }
        if confidence >= lowConfidence - slack { return .lowConfidence }
        return .unmappable
    }
}
