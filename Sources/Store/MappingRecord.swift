import Foundation

/// The status of a key's mapping, as the gateway reads it in `model_mappings.status`.
public enum MappingStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// A catalog entry (or the structural heuristic) fits with confidence.
    case mapped
    /// Something fits, but not with enough confidence to trust it.
    case lowConfidence = "low_confidence"
    /// Nothing fits, or there was nothing usable to sample.
    case unmappable
    /// The key was mapped, but its newest traffic no longer fits and nothing else does.
    case drifted
    /// An operator pinned the mapping; the job never overwrites it.
    case override

    public static func < (lhs: MappingStatus, rhs: MappingStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A host seen on a key, with the provider it belongs to.
public struct ProviderSeen: Codable, Sendable, Hashable {
    public var host: String
    public var provider: String
    public var approved: Bool
    public var rows: Int

    public init(host: String, provider: String, approved: Bool, rows: Int) {
        self.host = host
        self.provider = provider
        self.approved = approved
        self.rows = rows
    }
}

/// One row of `model_mappings`: the current mapping of a key.
public struct MappingRecord: Sendable, Equatable {
    public var model: String
    public var endpoint: String
    public var version: Int
    /// A catalog id, or `heuristic`.
    public var schemaID: String
    public var status: MappingStatus
    public var confidence: Double
    public var runnerUp: String?
    public var runnerUpConfidence: Double?
    /// The field map as JSON (the `Catalog.FieldMap` encoding).
    public var fieldMap: String
    /// Why: the evidence that counted, what was missing, what was extra.
    public var reasons: [String]
    public var providers: [ProviderSeen]
    /// Rows per `provider` header value the gateway logged (free text, often wrong; kept for people).
    public var providerHeaders: [String: Int]
    public var samples: Int
    /// Bodies that could not be scanned, by reason.
    public var rejected: [String: Int]
    /// The highest log id sampled for this key.
    public var lastLogID: Int64
    public var structureHash: String
    public var mapperVersion: String
    public var runID: Int64?
    public var updatedAt: String
    /// When the model's first row was logged (its `created_at`), as the job first found it.
    public var firstLoggedAt: String?
    /// When the key first read `mapped` or `override`: kept across versions, never moved.
    public var mappedAt: String?

    public init(
        model: String, endpoint: String, version: Int = 1, schemaID: String, status: MappingStatus,
        confidence: Double, runnerUp: String? = nil, runnerUpConfidence: Double? = nil, fieldMap: String,
        reasons: [String] = [], providers: [ProviderSeen] = [], providerHeaders: [String: Int] = [:], samples: Int = 0, rejected: [String: Int] = [:],
        lastLogID: Int64, structureHash: String, mapperVersion: String, runID: Int64? = nil, updatedAt: String
    ) {
        self.model = model
        self.endpoint = endpoint
        self.version = version
        self.schemaID = schemaID
        self.status = status
        self.confidence = confidence
        self.runnerUp = runnerUp
        self.runnerUpConfidence = runnerUpConfidence
        self.fieldMap = fieldMap
        self.reasons = reasons
        self.providers = providers
        self.providerHeaders = providerHeaders
        self.samples = samples
        self.rejected = rejected
        self.lastLogID = lastLogID
        self.structureHash = structureHash
        self.mapperVersion = mapperVersion
        self.runID = runID
        self.updatedAt = updatedAt
    }

    /// Whether `other` says something different to the gateway (a new version), rather than only
    /// moving the bookkeeping on.
    public func differsInMapping(from other: MappingRecord) -> Bool {
        schemaID != other.schemaID || status != other.status || fieldMap != other.fieldMap
            || structureHash != other.structureHash
    }
}

extension MappingRecord {
    /// How long the key waited for its mapping: from its model's first logged row to the moment
    /// it was first mapped; nil when either time is unknown or not ISO 8601.
    public var secondsToMapped: Double? {
        guard let first = firstLoggedAt.flatMap(Self.date), let mapped = mappedAt.flatMap(Self.date) else { return nil }
        return max(0, mapped.timeIntervalSince(first))
    }

    static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}

