import Foundation

/// An operator's pinned mapping for a key.
public struct MappingOverride: Sendable, Equatable {
    public var model: String
    /// A templated endpoint, or `*` for every endpoint of the model.
    public var endpoint: String
    public var schemaID: String
    /// A field map JSON given by the operator; nil to use the catalog entry's own.
    public var fieldMap: String?
    public var note: String?
    public var createdAt: String

    public init(model: String, endpoint: String, schemaID: String, fieldMap: String? = nil, note: String? = nil, createdAt: String = Date().ISO8601Format()) {
        self.model = model
        self.endpoint = endpoint
        self.schemaID = schemaID
        self.fieldMap = fieldMap
        self.note = note
        self.createdAt = createdAt
    }

    /// Whether the override covers `endpoint`.
    public func covers(endpoint other: String) -> Bool { endpoint == "*" || endpoint == other }
}

/// An expedite request, as the gateway inserts it.
public struct MappingRequest: Sendable, Equatable, Codable {
    public var id: Int64
    public var model: String
    public var endpoint: String?
    public var requestedAt: String
    /// When a run closed it, and how (see ``Outcome``); nil while open.
    public var doneAt: String?
    public var outcome: String?

    enum CodingKeys: String, CodingKey {
        case id, model, endpoint, outcome
        case requestedAt = "requested_at"
        case doneAt = "done_at"
    }

    public init(id: Int64, model: String, endpoint: String?, requestedAt: String, doneAt: String? = nil, outcome: String? = nil) {
        self.id = id
        self.model = model
        self.endpoint = endpoint
        self.requestedAt = requestedAt
        self.doneAt = doneAt
        self.outcome = outcome
    }

    /// How a run closed a request: what the gateway shows the user who asked.
    public enum Outcome: String, Sendable, CaseIterable {
        /// Every key asked for is mapped (or pinned): the gateway can use it now.
        case mapped
        /// The keys were matched, but not well enough to use (`low_confidence`, `unmappable`,
        /// `drifted`): see `model_mappings.reasons`.
        case notMapped = "not_mapped"
        /// Too few successful rows to decide yet; ask again when more traffic has come.
        case tooFewRows = "too_few_rows"
        /// The log has no row of this model.
        case noRows = "no_rows"
        /// The model has rows, none on the endpoint asked for.
        case noEndpoint = "no_endpoint"
    }
}

extension MappingStore {
    /// Pins a mapping; replaces an earlier pin of the same key.
    public func setOverride(_ override: MappingOverride) throws {
        try connection.inWriteTransaction {
            try connection.execute(
                """
                INSERT INTO mapping_overrides (model, endpoint, schema_id, field_map, note, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(model, endpoint) DO UPDATE SET schema_id = excluded.schema_id, field_map = excluded.field_map,
                  note = excluded.note, created_at = excluded.created_at
                """,
                [override.model, override.endpoint, override.schemaID, override.fieldMap, override.note, override.createdAt])
        }
    }

    /// Removes a pin; returns whether there was one. The key is mapped afresh by the next run.
    @discardableResult
    public func clearOverride(model: String, endpoint: String) throws -> Bool {
        try connection.inWriteTransaction {
            let removed = try connection.execute(
                "DELETE FROM mapping_overrides WHERE model = ? AND endpoint = ?", [model, endpoint]) > 0
            if removed {
                // The pinned rows go back to the job: archived, then mapped again on the next run.
                let now = Date().ISO8601Format()
                let pinned = try connection.fetchAll(
                    "SELECT \(Self.columns) FROM model_mappings WHERE model = ? AND (endpoint = ? OR ? = '*') AND status = 'override'",
                    [model, endpoint, endpoint], Self.record)
                for record in pinned {
                    try archive(record, runID: nil, now: now)
                    try connection.execute("DELETE FROM model_mappings WHERE model = ? AND endpoint = ?", [record.model, record.endpoint])
                }
            }
            return removed
        }
    }

    /// Every pin, by model and endpoint.
    public func overrides() throws -> [MappingOverride] {
        guard try connection.tableExists("mapping_overrides") else { return [] }
        return try connection.fetchAll(
            "SELECT model, endpoint, schema_id, field_map, note, created_at FROM mapping_overrides ORDER BY model, endpoint", []
        ) { row in
            MappingOverride(
                model: row.string(at: 0) ?? "", endpoint: row.string(at: 1) ?? "", schemaID: row.string(at: 2) ?? "",
                fieldMap: row.string(at: 3), note: row.string(at: 4), createdAt: row.string(at: 5) ?? "")
        }
    }

    /// Adds an expedite request (what the gateway's button does).
    public func requestExpedite(model: String, endpoint: String?, now: String = Date().ISO8601Format()) throws -> Int64 {
        try connection.inWriteTransaction {
            try connection.scalarInt(
                "INSERT INTO mapping_requests (model, endpoint, requested_at) VALUES (?, ?, ?) RETURNING id",
                [model, endpoint, now]) ?? 0
        }
    }

    /// Expedite requests not yet served, oldest first.
    public func openRequests() throws -> [MappingRequest] {
        try requests(where: "done_at IS NULL ORDER BY id")
    }

    /// The `limit` requests closed last, newest first.
    public func closedRequests(limit: Int = 20) throws -> [MappingRequest] {
        try requests(where: "done_at IS NOT NULL ORDER BY id DESC LIMIT \(max(0, limit))")
    }

    func requests(where clause: String) throws -> [MappingRequest] {
        guard try connection.tableExists("mapping_requests") else { return [] }
        return try connection.fetchAll(
            "SELECT id, model, endpoint, requested_at, done_at, outcome FROM mapping_requests WHERE \(clause)", []
        ) { row in
            MappingRequest(
                id: row.int64(at: 0) ?? 0, model: row.string(at: 1) ?? "", endpoint: row.string(at: 2),
                requestedAt: row.string(at: 3) ?? "", doneAt: row.string(at: 4), outcome: row.string(at: 5))
        }
    }

    /// Closes requests a run served, each with its outcome.
    public func completeRequests(
        _ closed: [(id: Int64, outcome: MappingRequest.Outcome)], runID: Int64?, now: String = Date().ISO8601Format()
    ) throws {
        guard !closed.isEmpty else { return }
        try connection.inWriteTransaction {
            for request in closed {
                try connection.execute(
                    "UPDATE mapping_requests SET done_at = ?, run_id = ?, outcome = ? WHERE id = ?",
                    [now, runID, request.outcome.rawValue, request.id])
            }
        }
    }
}

extension MappingStore {
    /// Turns the model's current mappings that an override covers into `override` rows (the
    /// earlier version goes to history). Returns how many rows now read `override`.
    @discardableResult
    public func applyOverrides(model: String) throws -> Int {
        let pins = try overrides().filter { $0.model == model }
        var records: [MappingRecord] = []
        for record in try all() where record.model == model {
            guard let pin = pins.covering(model: model, endpoint: record.endpoint) else { continue }
            var pinned = record
            pinned.status = .override
            pinned.schemaID = pin.schemaID
            pinned.fieldMap = pin.fieldMap ?? record.fieldMap
            pinned.confidence = 1
            pinned.runnerUp = nil
            pinned.runnerUpConfidence = nil
            pinned.reasons = ["pinned by an operator" + (pin.note.map { ": \($0)" } ?? "")]
            records.append(pinned)
        }
        try save(records, runID: nil)
        return records.count
    }
}

extension Array where Element == MappingOverride {
    /// The override covering a key, the exact endpoint first.
    public func covering(model: String, endpoint: String) -> MappingOverride? {
        first { $0.model == model && $0.endpoint == endpoint } ?? first { $0.model == model && $0.endpoint == "*" }
    }
}
