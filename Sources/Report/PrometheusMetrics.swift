import Foundation
import Job
import Store

/// Prometheus textfile-collector metrics for a run: written to a temporary file beside the target
/// and renamed over it, so the collector never reads half a file.
public struct PrometheusMetrics: Sendable {
    public var lastRunTimestamp: Double
    public var lastSuccessTimestamp: Double?
    public var durationSeconds: Double
    public var exitStatus: Int32
    public var keysByStatus: [String: Int]
    public var pending: Int
    public var rowsRejected: [String: Int]
    public var bytesScanned: Int64
    public var keysChanged: Int
    public var mode: String
    /// The keys mapped last (newest first) and how long each waited from its model's first
    /// logged row to its mapping.
    public var timeToMapped: [(model: String, endpoint: String, seconds: Double)] = []

    public init(
        lastRunTimestamp: Double, lastSuccessTimestamp: Double?, durationSeconds: Double, exitStatus: Int32,
        keysByStatus: [String: Int], pending: Int, rowsRejected: [String: Int], bytesScanned: Int64,
        keysChanged: Int, mode: String
    ) {
        self.lastRunTimestamp = lastRunTimestamp
        self.lastSuccessTimestamp = lastSuccessTimestamp
        self.durationSeconds = durationSeconds
        self.exitStatus = exitStatus
        self.keysByStatus = keysByStatus
        self.pending = pending
        self.rowsRejected = rowsRejected
        self.bytesScanned = bytesScanned
        self.keysChanged = keysChanged
        self.mode = mode
    }

    /// The exposition text.
    public var text: String {
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ type: String, _ samples: [(labels: String, value: String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for sample in samples { lines.append("\(name)\(sample.labels) \(sample.value)") }
        }
        let mode = "{mode=\"\(self.mode)\"}"
        metric("gateway_mapper_last_run_timestamp_seconds", "When the last run finished.", "gauge",
               [(mode, Self.number(lastRunTimestamp))])
        if let lastSuccessTimestamp {
            metric("gateway_mapper_last_success_timestamp_seconds", "When the last successful run finished.", "gauge",
                   [(mode, Self.number(lastSuccessTimestamp))])
        }
        metric("gateway_mapper_run_duration_seconds", "Wall time of the last run.", "gauge", [(mode, Self.number(durationSeconds))])
        metric("gateway_mapper_run_exit_status", "Exit status of the last run (sysexits.h).", "gauge", [(mode, "\(exitStatus)")])
        metric("gateway_mapper_keys", "Mapped keys by status.", "gauge",
               MappingStatus.allCases.map { ("{status=\"\($0.rawValue)\"}", "\(keysByStatus[$0.rawValue] ?? 0)") })
        metric("gateway_mapper_pending_models", "Models waiting for a mapping.", "gauge", [("", "\(pending)")])
        metric("gateway_mapper_keys_changed", "Keys whose mapping changed in the last run.", "gauge", [("", "\(keysChanged)")])
        metric("gateway_mapper_bytes_scanned", "Body bytes scanned by the last run.", "gauge", [("", "\(bytesScanned)")])
        metric("gateway_mapper_rows_rejected", "Bodies the last run could not scan, by reason.", "gauge",
               rowsRejected.sorted { $0.key < $1.key }.map { ("{reason=\"\(Self.label($0.key))\"}", "\($0.value)") })
        if !timeToMapped.isEmpty {
            metric("gateway_mapper_time_to_mapped_seconds",
                   "Seconds from a model's first logged row to its key's mapping, for the keys mapped last.", "gauge",
                   timeToMapped.map { ("{model=\"\(Self.label($0.model))\",endpoint=\"\(Self.label($0.endpoint))\"}", Self.number($0.seconds)) })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `count` keys mapped last, with their time to mapped.
    public static func lastMapped(_ records: [MappingRecord], count: Int = 20) -> [(model: String, endpoint: String, seconds: Double)] {
        records.compactMap { record in record.secondsToMapped.map { (record, $0) } }
            .sorted { ($0.0.mappedAt ?? "") > ($1.0.mappedAt ?? "") }
            .prefix(count)
            .map { ($0.0.model, $0.0.endpoint, $0.1) }
    }

    /// Writes atomically to `path`.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try Data(text.utf8).write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot rename into \(path): \(reason)"])
        }
    }

    static func number(_ value: Double) -> String { String(format: "%.3f", value) }

    static func label(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
