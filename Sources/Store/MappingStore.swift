import Foundation

/// The mapping store: `model_mappings` (what the gateway reads), `mapping_history`, `mapping_runs`,
/// `mapping_overrides` and `mapping_requests`, over any ``StoreConnection``. Every write is one
/// short write transaction, so a run killed at any moment leaves each key as before or as after.
public struct MappingStore {
    /// The backend the store's statements run on.
    public let connection: any StoreConnection

    /// Wraps a connection to the mappings store; call `migrate()` before writing.
    public init(_ connection: any StoreConnection) {
        self.connection = connection
    }

    /// Where the store is, as messages name it.
    public var location: String { connection.location }

    /// Creates or upgrades the store's tables.
    public func migrate() throws {
        try connection.prepareTables()
    }

    /// Whether the store's tables exist (a read-only report on a database never mapped has none).
    public func exists() throws -> Bool {
        try connection.tableExists("model_mappings")
    }

    /// Takes the store's run lock (see ``StoreConnection/lockForRun(mode:)``).
    public func lockForRun(mode: String) throws(RunLockFailure) -> any RunLease {
        try connection.lockForRun(mode: mode)
    }

    static let columns = """
        model, endpoint, version, schema_id, status, confidence, runner_up, runner_up_confidence, field_map,
        reasons, providers, provider_headers, samples, rejected, last_log_id, structure_hash, mapper_version, run_id, updated_at,
        first_logged_at, mapped_at
        """

    /// Every current mapping, ordered by model and endpoint.
    public func all() throws -> [MappingRecord] {
        try connection.fetchAll("SELECT \(Self.columns) FROM model_mappings ORDER BY model, endpoint", [], Self.record)
    }

    /// The current mapping of one key.
    public func current(model: String, endpoint: String) throws -> MappingRecord? {
        try connection.fetchAll(
            "SELECT \(Self.columns) FROM model_mappings WHERE model = ? AND endpoint = ?", [model, endpoint], Self.record
        ).first
    }

    /// Earlier versions of one key, oldest first.
    public func history(model: String, endpoint: String) throws -> [MappingRecord] {
        try connection.fetchAll(
            "SELECT \(Self.columns) FROM mapping_history WHERE model = ? AND endpoint = ? ORDER BY version",
            [model, endpoint], Self.record)
    }

    /// What `save` did with a record.
    public enum SaveOutcome: Sendable, Equatable {
        case inserted
        case changed
        case refreshed
    }

    /// Writes a batch of mappings in one immediate transaction. A record that says something new
    /// moves the old row to `mapping_history` and bumps the version; one that only moves the
    /// bookkeeping on (samples, last log id) updates in place. Override rows are never replaced.
    @discardableResult
    public func save(_ records: [MappingRecord], runID: Int64?, now: String = Date().ISO8601Format()) throws -> [SaveOutcome] {
        try connection.inWriteTransaction {
            var outcomes: [SaveOutcome] = []
            for var record in records {
                let existing = try current(model: record.model, endpoint: record.endpoint)
                record.runID = runID
                record.updatedAt = now
                record.firstLoggedAt = existing?.firstLoggedAt ?? record.firstLoggedAt
                record.mappedAt = existing?.mappedAt ?? (record.status == .mapped || record.status == .override ? now : nil)
                let outcome = Self.outcome(of: record, replacing: existing)
                switch outcome {
                case .inserted:
                    // A key archived before (an override cleared) goes on from its history's last version.
                    record.version = try nextVersion(model: record.model, endpoint: record.endpoint)
                    try insert(record, into: "model_mappings")
                case .changed:
                    try archive(existing!, runID: runID, now: now)
                    record.version = try nextVersion(model: record.model, endpoint: record.endpoint)
                    try connection.execute("DELETE FROM model_mappings WHERE model = ? AND endpoint = ?", [record.model, record.endpoint])
                    try insert(record, into: "model_mappings")
                case .refreshed:
                    try refresh(existing!, with: record)
                }
                outcomes.append(outcome)
            }
            return outcomes
        }
    }

    /// What `save` does with `record` given the key's current row: the one rule `save` and a dry
    /// run share. Override rows are never replaced by the job; only their bookkeeping moves on.
    public static func outcome(of record: MappingRecord, replacing existing: MappingRecord?) -> SaveOutcome {
        guard let existing else { return .inserted }
        if existing.status == .override && record.status != .override { return .refreshed }
        return record.differsInMapping(from: existing) ? .changed : .refreshed
    }

    /// One more than the highest version the key has ever had, current or archived: versions only grow.
    func nextVersion(model: String, endpoint: String) throws -> Int {
        let highest = try connection.scalarInt(
            """
            SELECT max(v) FROM (SELECT max(version) AS v FROM model_mappings WHERE model = ? AND endpoint = ?
              UNION ALL SELECT max(version) FROM mapping_history WHERE model = ? AND endpoint = ?) AS versions
            """, [model, endpoint, model, endpoint]) ?? 0
        return Int(highest) + 1
    }

    func archive(_ record: MappingRecord, runID: Int64?, now: String) throws {
        try connection.execute(
            """
            INSERT INTO mapping_history (\(Self.columns), superseded_at, superseded_by_run)
            SELECT \(Self.columns), CAST(? AS TEXT), CAST(? AS BIGINT) FROM model_mappings WHERE model = ? AND endpoint = ?
            """,
            [now, runID, record.model, record.endpoint])
    }

    func refresh(_ existing: MappingRecord, with record: MappingRecord) throws {
        try connection.execute(
            """
            UPDATE model_mappings SET samples = ?, rejected = ?, providers = ?, provider_headers = ?, last_log_id = ?,
              mapper_version = ?, run_id = ?, updated_at = ?, confidence = CASE WHEN status = 'override' THEN confidence ELSE ? END,
              reasons = ?
            WHERE model = ? AND endpoint = ?
            """,
            [
                record.samples, Self.json(record.rejected), Self.json(record.providers), Self.json(record.providerHeaders),
                max(existing.lastLogID, record.lastLogID),
                record.mapperVersion, record.runID, record.updatedAt, record.confidence, Self.json(record.reasons),
                record.model, record.endpoint,
            ])
    }

    func insert(_ record: MappingRecord, into table: String) throws {
        try connection.execute(
            "INSERT INTO \(table) (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record.model, record.endpoint, record.version, record.schemaID, record.status.rawValue, record.confidence,
                record.runnerUp, record.runnerUpConfidence, record.fieldMap, Self.json(record.reasons),
                Self.json(record.providers), Self.json(record.providerHeaders), record.samples, Self.json(record.rejected), record.lastLogID,
                record.structureHash, record.mapperVersion, record.runID, record.updatedAt, record.firstLoggedAt, record.mappedAt,
            ])
    }

    static func record(_ row: any StoreRow) throws -> MappingRecord {
        var record = MappingRecord(
            model: row.string(at: 0) ?? "", endpoint: row.string(at: 1) ?? "", version: Int(row.int64(at: 2) ?? 1),
            schemaID: row.string(at: 3) ?? "", status: MappingStatus(rawValue: row.string(at: 4) ?? "") ?? .unmappable,
            confidence: row.double(at: 5) ?? 0, runnerUp: row.string(at: 6), runnerUpConfidence: row.double(at: 7),
            fieldMap: row.string(at: 8) ?? "{}", reasons: decode(row.string(at: 9)) ?? [],
            providers: decode(row.string(at: 10)) ?? [], providerHeaders: decode(row.string(at: 11)) ?? [:],
            samples: Int(row.int64(at: 12) ?? 0),
            rejected: decode(row.string(at: 13)) ?? [:], lastLogID: row.int64(at: 14) ?? 0,
            structureHash: row.string(at: 15) ?? "", mapperVersion: row.string(at: 16) ?? "", runID: row.int64(at: 17),
            updatedAt: row.string(at: 18) ?? "")
        record.firstLoggedAt = row.string(at: 19)
        record.mappedAt = row.string(at: 20)
        return record
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
