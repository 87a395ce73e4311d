import Foundation

/// One row of `mapping_runs`.
public struct MappingRun: Sendable, Equatable {
    public var id: Int64
    public var startedAt: String
    public var finishedAt: String?
    public var mode: String
    public var keysConsidered = 0
    public var mapped = 0
    public var changed = 0
    public var failed = 0
    public var bytesScanned: Int64 = 0
    public var rowsRejected = 0
    public var exitStatus: Int32?

    /// A run with no figures yet.
    public init(id: Int64, startedAt: String, mode: String) {
        self.id = id
        self.startedAt = startedAt
        self.mode = mode
    }
}

extension MappingStore {
    /// Records the start of a run; returns its id.
    public func beginRun(mode: String, mapperVersion: String, now: String = Date().ISO8601Format()) throws -> Int64 {
        try connection.inWriteTransaction {
            try connection.scalarInt(
                "INSERT INTO mapping_runs (started_at, mode, mapper_version) VALUES (?, ?, ?) RETURNING id",
                [now, mode, mapperVersion]) ?? 0
        }
    }

    /// Records the end of a run and its figures.
    public func finishRun(_ run: MappingRun, now: String = Date().ISO8601Format()) throws {
        try connection.inWriteTransaction {
            try connection.execute(
                """
                UPDATE mapping_runs SET finished_at = ?, keys_considered = ?, mapped = ?, changed = ?, failed = ?,
                  bytes_scanned = ?, rows_rejected = ?, exit_status = ? WHERE id = ?
                """,
                [now, run.keysConsidered, run.mapped, run.changed, run.failed, run.bytesScanned, run.rowsRejected,
                 run.exitStatus.map(Int.init), run.id])
        }
    }

    /// Runs, newest first.
    public func runs(limit: Int = 20) throws -> [MappingRun] {
        try connection.fetchAll(
            """
            SELECT id, started_at, finished_at, mode, keys_considered, mapped, changed, failed, bytes_scanned,
              rows_rejected, exit_status FROM mapping_runs ORDER BY id DESC LIMIT ?
            """, [limit]
        ) { row in
            var run = MappingRun(id: row.int64(at: 0) ?? 0, startedAt: row.string(at: 1) ?? "", mode: row.string(at: 3) ?? "")
            run.finishedAt = row.string(at: 2)
            run.keysConsidered = Int(row.int64(at: 4) ?? 0)
            run.mapped = Int(row.int64(at: 5) ?? 0)
            run.changed = Int(row.int64(at: 6) ?? 0)
            run.failed = Int(row.int64(at: 7) ?? 0)
            run.bytesScanned = row.int64(at: 8) ?? 0
            run.rowsRejected = Int(row.int64(at: 9) ?? 0)
            run.exitStatus = row.int64(at: 10).map { Int32($0) }
            return run
        }
    }

    /// The newest run that finished with status 0.
    public func lastSuccessfulRun() throws -> MappingRun? {
        try runs(limit: 1000).first { $0.exitStatus == 0 && $0.finishedAt != nil }
    }

    /// The id up to which rows without a model have been attributed, and how many could not be.
    public func attribution() throws -> (lastLogID: Int64, unattributed: Int) {
        let rows = try connection.fetchAll("SELECT last_log_id, unattributed FROM mapping_attribution WHERE id = 1", []) {
            ($0.int64(at: 0) ?? 0, Int($0.int64(at: 1) ?? 0))
        }
        return rows.first ?? (0, 0)
    }

    /// Moves the attribution mark on, in its own write transaction.
    public func setAttribution(lastLogID: Int64, unattributed: Int) throws {
        try connection.inWriteTransaction {
            try connection.execute(
                """
                INSERT INTO mapping_attribution (id, last_log_id, unattributed) VALUES (1, ?, ?)
                ON CONFLICT(id) DO UPDATE SET last_log_id = excluded.last_log_id, unattributed = excluded.unattributed
                """, [lastLogID, unattributed])
        }
    }
}
