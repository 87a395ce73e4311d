import Foundation
import Logs
import Job
import Store

/// Where the mapping stands: every key with its status, the totals, what is pending, the last run.
public struct MappingReport: Sendable, Codable {
    /// One key's line.
    public struct Key: Sendable, Codable, Equatable {
        public var model: String
        public var endpoint: String
        public var status: String
        public var schemaID: String
        public var confidence: Double
        public var runnerUp: String?
        public var samples: Int
        /// Rows of the model in the log now.
        public var modelRows: Int
        public var hosts: [String]
        public var unapprovedHosts: [String]
        public var rejected: Int
        public var version: Int
        public var updatedAt: String
        public var reasons: [String]
        /// When the model's first row was logged, and when the key was first mapped.
        public var firstLoggedAt: String?
        public var mappedAt: String?
        /// `mappedAt - firstLoggedAt`, when both are known.
        public var secondsToMapped: Double?

        enum CodingKeys: String, CodingKey {
            case model, endpoint, status, confidence, samples, hosts, rejected, version, reasons
            case schemaID = "schema_id"
            case runnerUp = "runner_up"
            case modelRows = "model_rows"
            case unapprovedHosts = "unapproved_hosts"
            case updatedAt = "updated_at"
            case firstLoggedAt = "first_logged_at"
            case mappedAt = "mapped_at"
            case secondsToMapped = "seconds_to_mapped"
        }
    }

    /// A model waiting for the job.
    public struct Pending: Sendable, Codable, Equatable {
        public var model: String
        public var reason: String
        public var rows: Int
    }

    public var database: String
    public var keys: [Key]
    /// Keys by status, every status present (zero when none).
    public var totals: [String: Int]
    public var pending: [Pending]
    /// Rows the gateway logged without a model, and how many of those the job could not attribute.
    public var rowsWithoutModel: Int
    public var unattributed: Int
    /// Expedite requests: every open one and the last closed ones, with how each was closed
    /// (`outcome`: `mapped`, `not_mapped`, `too_few_rows`, `no_rows`, `no_endpoint`; nil while open).
    public var requests: [MappingRequest]

    /// Models whose stored name is not valid UTF-8: never keys, so never pending.
    public var modelsNotKeyed: Int
    /// The newest nightly run and the newest expedite run (an idle expedite records none).
    public var lastNightlyRun: Run?
    public var lastExpediteRun: Run?

    public struct Run: Sendable, Codable, Equatable {
        public var id: Int64
        public var mode: String
        public var startedAt: String
        public var finishedAt: String?
        public var exitStatus: Int32?
        public var keysConsidered: Int
        public var mapped: Int
        public var changed: Int
        public var failed: Int

        enum CodingKeys: String, CodingKey {
            case id, mode, mapped, changed, failed
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case exitStatus = "exit_status"
            case keysConsidered = "keys_considered"
        }
    }

    enum CodingKeys: String, CodingKey {
        case database, keys, totals, pending, unattributed
        case rowsWithoutModel = "rows_without_model"
        case requests
        case modelsNotKeyed = "models_not_keyed"
        case lastNightlyRun = "last_nightly_run"
        case lastExpediteRun = "last_expedite_run"
    }

    /// Whether a monitor should be told: something is pending or drifted.
    public var needsAttention: Bool {
        !pending.isEmpty || (totals[MappingStatus.drifted.rawValue] ?? 0) > 0
    }

    /// Builds the report from the log (through the index) and the store; reads only.
    public static func make(
        logs: any LogConnection, store: MappingStore?, databasePath: String,
        status: MappingStatus? = nil, model: String? = nil
    ) throws -> MappingReport {
        let summaries = try logs.modelSummaries()
        let records = try store.map { try $0.exists() ? $0.all() : [] } ?? []
        let requests = try store.map { try $0.exists() ? $0.openRequests() : [] } ?? []
        let rowsByModel = Dictionary(summaries.compactMap { s in s.model.map { ($0, s.rows) } }, uniquingKeysWith: +)
        var keys: [Key] = []
        var totals = Dictionary(uniqueKeysWithValues: MappingStatus.allCases.map { ($0.rawValue, 0) })
        for record in records {
            totals[record.status.rawValue, default: 0] += 1
            if let status, record.status != status { continue }
            if let model, record.model != model { continue }
            keys.append(Key(
                model: record.model, endpoint: record.endpoint, status: record.status.rawValue,
                schemaID: record.schemaID, confidence: record.confidence, runnerUp: record.runnerUp,
                samples: record.samples, modelRows: rowsByModel[record.model] ?? 0,
                hosts: record.providers.map(\.host), unapprovedHosts: record.providers.filter { !$0.approved }.map(\.host),
                rejected: record.rejected.values.reduce(0, +), version: record.version, updatedAt: record.updatedAt,
                reasons: record.reasons, firstLoggedAt: record.firstLoggedAt, mappedAt: record.mappedAt,
                secondsToMapped: record.secondsToMapped))
        }
        let heads = summaries.map(\.head)
        let plan = WorkPlan.make(heads: heads, mappings: records, requests: requests)
        let pending = plan.filter(\.isPending)
            .filter { model == nil || $0.model == model }
            .map { Pending(model: $0.model, reason: $0.reason.rawValue, rows: rowsByModel[$0.model] ?? 0) }
        let attribution: (lastLogID: Int64, unattributed: Int) = try store.map { try $0.exists() ? $0.attribution() : (0, 0) } ?? (0, 0)
        let runs = try store.map { try $0.exists() ? $0.runs(limit: 200) : [] } ?? []
        func last(_ mode: String) -> Run? {
            runs.first { $0.mode == mode }.map {
                Run(id: $0.id, mode: $0.mode, startedAt: $0.startedAt, finishedAt: $0.finishedAt, exitStatus: $0.exitStatus,
                    keysConsidered: $0.keysConsidered, mapped: $0.mapped, changed: $0.changed, failed: $0.failed)
            }
        }
        let closed = try store.map { try $0.exists() ? $0.closedRequests(limit: 20) : [] } ?? []
        let listed = (requests + closed).filter { model == nil || $0.model == model }
        return MappingReport(
            database: databasePath, keys: keys, totals: totals, pending: pending,
            rowsWithoutModel: summaries.first { $0.model == nil }?.rows ?? 0,
            unattributed: attribution.unattributed, requests: listed, modelsNotKeyed: summaries.filter { !$0.isValidName }.count,
            lastNightlyRun: last("nightly"), lastExpediteRun: last("expedite"))
    }
}
