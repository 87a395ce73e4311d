import Catalog
import Foundation
import Logs
import Job
import Sampling
import Store
import Report
import SQLiteStore

/// What `run`, `expedite` and `demo` share: open, lock, run the job, log, summarise, write metrics.
struct JobRunner {
    var databasePath: DatabaseLocation
    var mappingsPath: DatabaseLocation?
    var schemas: SchemasDirectory
    var options: MappingJob.Options
    var metricsPath: String?
    /// How long a read or a write waits for the gateway's lock.
    var busyTimeoutMilliseconds = 5_000

    /// Runs the job; returns the summary and the exit code, or nil when `--requests` found nothing
    /// to do (an idle call says nothing and records no run). The run's row in `mapping_runs`
    /// ends with the exit status the process ends with.
    func run(_ context: CommandContext, log: RunLog) throws -> (MappingJob.Summary, ExitCode)? {
        let started = Date()
        let (source, logs) = try LogSources.open(databasePath, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        if try isIdle(logs: logs) { return nil }
        let catalog = try schemas.catalog()
        let job = MappingJob(source: source, catalog: catalog, options: options)
        let (store, lock) = try openStore()
        let runID = options.dryRun ? nil : try store.beginRun(mode: options.mode.name, mapperVersion: options.mapperVersion)
        log.event("run_started", [
            "mode": options.mode.name, "db": "\(databasePath)", "samples": "\(options.samples)", "jobs": "\(options.jobs)",
            "dry_run": "\(options.dryRun)", "catalog_entries": "\(catalog.entries.count)",
        ])
        let summary: MappingJob.Summary
        do {
            summary = try job.run(store: store, runID: runID) { done, total, outcome in Self.logKey(outcome, done, total, log) }
        } catch {
            throw recordFailure(error, store: store, runID: runID, started: started, log: log)
        }
        log.finishProgress()
        let code = try finish(summary, store: store, runID: runID, started: started, log: log)
        withExtendedLifetime(lock) {}
        return (summary, code)
    }

    /// The store to write (locked for this run), or to read in a dry run.
    func openStore() throws -> (MappingStore, (any RunLease)?) {
        if options.dryRun {
            let store = try MappingStores.openForReading(logPath: databasePath, mappingsPath: mappingsPath)
            return (try store ?? MappingStore(SQLiteStoreConnection.inMemory()), nil)
        }
        return try MappingStores.openForWriting(
            logPath: databasePath, mappingsPath: mappingsPath, busyTimeoutMilliseconds: busyTimeoutMilliseconds,
            lockingFor: options.mode.name)
    }

    /// One key's progress line and log event.
    static func logKey(_ outcome: MappingJob.KeyOutcome, _ done: Int, _ total: Int, _ log: RunLog) {
        log.progress(done, of: total, "\(outcome.key.model) \(outcome.key.endpoint) → \(outcome.record.status.rawValue)")
        log.event("key_done", [
            "model": outcome.key.model, "endpoint": outcome.key.endpoint, "reason": outcome.reason.rawValue,
            "status": outcome.record.status.rawValue, "schema": outcome.record.schemaID,
            "confidence": String(format: "%.2f", outcome.record.confidence),
            "change": outcome.saved.map { "\($0)" } ?? "", "samples": "\(outcome.record.samples)",
        ])
    }

    /// Logs a run that stopped, records it with the exit status the process will end with (and
    /// what it had done), and returns the error to throw.
    func recordFailure(_ error: any Error, store: MappingStore, runID: Int64?, started: Date, log: RunLog) -> any Error {
        log.finishProgress()
        let interrupted = error as? MappingJob.Interrupted
        let failure = GatewayMapper.describe(interrupted?.underlying ?? error)
        log.event("run_failed", level: "error", [
            "error": failure.message, "exit": "\(failure.exitCode)", "keys": "\(interrupted?.summary.keysConsidered ?? 0)",
        ])
        if let runID {
            var figures = interrupted?.summary.figures(runID: runID, exitStatus: failure.exitCode.rawValue)
                ?? MappingRun(id: runID, startedAt: started.ISO8601Format(), mode: options.mode.name)
            figures.exitStatus = failure.exitCode.rawValue
            try? store.finishRun(figures)
        }
        try? writeMetrics(store: store, summary: nil, exitCode: failure.exitCode, started: started)
        return interrupted?.underlying ?? error
    }

    /// The exit code of a run that went to its end, recorded with its figures; the metrics.
    func finish(_ summary: MappingJob.Summary, store: MappingStore, runID: Int64?, started: Date, log: RunLog) throws -> ExitCode {
        for failure in summary.failures {
            log.event("model_failed", level: "error", ["model": failure.model, "error": failure.message])
        }
        if summary.modelsNotKeyed > 0 {
            log.event("models_not_keyed", level: "warning", ["reason": "invalid_utf8", "models": "\(summary.modelsNotKeyed)"])
        }
        // A model that failed on a damaged page (65) or a lock (75) is not an internal error (70).
        var code: ExitCode = summary.failures.isEmpty
            ? .success : summary.failures.lazy.map { GatewayMapper.describe($0.error).exitCode }.first { $0 != .software } ?? .software
        if case .expedite(let model, let endpoint) = options.mode, summary.keysConsidered == 0 {
            // The model has rows, but none on the endpoint asked for.
            let error = noRows(model: model, endpoint: endpoint)
            if let runID { try store.finishRun(summary.figures(runID: runID, exitStatus: error.exitCode.rawValue)) }
            throw error
        }
        if let runID { try store.finishRun(summary.figures(runID: runID, exitStatus: code.rawValue)) }
        if !options.dryRun {
            do {
                try writeMetrics(store: store, summary: summary, exitCode: code, started: started)
            } catch let error as CommandError {
                code = error.exitCode
                if let runID { try? store.finishRun(summary.figures(runID: runID, exitStatus: code.rawValue)) }
                log.event("run_finished", level: "error", ["run": runID.map(String.init) ?? "", "exit": "\(code)", "error": error.message])
                throw error
            }
        }
        log.event("run_finished", [
            "run": runID.map(String.init) ?? "dry_run", "keys": "\(summary.keysConsidered)",
            "mapped": "\(summary.count(.mapped))", "changed": "\(summary.changed)", "failed": "\(summary.failures.count)",
            "bytes": "\(summary.bytesScanned)", "seconds": String(format: "%.3f", summary.seconds), "exit": "\(code)",
        ])
        return code
    }

    /// Whether there is nothing to do before anything is locked, loaded or recorded: `--requests`
    /// with no open request, `--new-models` with no new model of enough rows either. `--model` with no rows is a no-input error (66), also before any write.
    func isIdle(logs: any LogConnection) throws -> Bool {
        switch options.mode {
        case .nightly:
            return false
        case .expedite(let model, let endpoint):
            guard try logs.storage(of: model) != nil else { throw noRows(model: model, endpoint: endpoint) }
            return false
        case .requests, .newModels:
            let store = try MappingStores.openForReading(logPath: databasePath, mappingsPath: mappingsPath)
            // An open request is work even when its model has no rows: the run closes it, saying so.
            return try store?.openRequests().isEmpty ?? true
                && MappingJob.plannedWork(mode: options.mode, logs: logs, store: store).isEmpty
        }
    }

    func noRows(model: String, endpoint: String?) -> CommandError {
        CommandError(.noInput, "no rows for model '\(TerminalText.escaped(model))'" + (endpoint.map { " on \($0)" } ?? "")
            + " in \(databasePath); nothing to map (see 'gateway-mapper report --db \(databasePath)')")
    }

    func writeMetrics(store: MappingStore, summary: MappingJob.Summary?, exitCode: ExitCode, started: Date) throws {
        guard let metricsPath else { return }
        let records = (try? store.all()) ?? []
        var byStatus: [String: Int] = [:]
        for record in records { byStatus[record.status.rawValue, default: 0] += 1 }
        let lastSuccess = try? store.lastSuccessfulRun()
        let formatter = ISO8601DateFormatter()
        var metrics = PrometheusMetrics(
            lastRunTimestamp: Date().timeIntervalSince1970,
            lastSuccessTimestamp: lastSuccess?.finishedAt.flatMap { formatter.date(from: $0) }?.timeIntervalSince1970,
            durationSeconds: Date().timeIntervalSince(started), exitStatus: exitCode.rawValue, keysByStatus: byStatus,
            pending: summary.map { $0.outcomes.filter { $0.record.status != .mapped && $0.record.status != .override }.count } ?? 0,
            rowsRejected: summary?.rejected ?? [:], bytesScanned: summary?.bytesScanned ?? 0,
            keysChanged: summary?.changed ?? 0, mode: options.mode.name)
        metrics.timeToMapped = PrometheusMetrics.lastMapped(records)
        do {
            try metrics.write(to: metricsPath)
        } catch {
            throw CommandError(.cannotCreate, "cannot write the metrics file \(metricsPath): \(error.localizedDescription)")
        }
    }

    /// The closing lines a person reads.
    static func describe(_ summary: MappingJob.Summary, mode: String, dryRun: Bool) -> String {
        var lines: [String] = []
        let run = dryRun ? "dry run (nothing written)" : "run #\(summary.runID ?? 0)"
        lines.append("gateway-mapper \(run), \(mode): \(summary.keysConsidered) keys of \(summary.modelsConsidered) models "
            + "in \(String(format: "%.2f", summary.seconds)) s")
        lines.append("  " + MappingStatus.allCases.map { "\($0.rawValue) \(summary.count($0))" }.joined(separator: ", "))
        let megabytes = Double(summary.bytesScanned) / 1_048_576
        lines.append("  \(dryRun ? "would change" : "changed") \(summary.changed); \(summary.rowsRead) rows sampled, "
            + String(format: "%.1f", megabytes) + " MiB scanned")
        if !summary.rejected.isEmpty {
            lines.append("  bodies rejected: " + summary.rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if summary.attributed > 0 || summary.unattributed > 0 {
            lines.append("  rows without a model: \(summary.attributed) attributed, \(summary.unattributed) could not be")
        }
        if summary.modelsNotKeyed > 0 {
            lines.append("  models not keyed: \(summary.modelsNotKeyed) (name not valid UTF-8; see 'gateway-mapper report')")
        }
        if !summary.servedRequests.isEmpty { lines.append("  expedite requests served: \(summary.servedRequests.count)") }
        for failure in summary.failures.prefix(10) {
            lines.append("  FAILED \(TerminalText.escaped(failure.model)): \(failure.message)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
