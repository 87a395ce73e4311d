import Catalog
import Dispatch
import Foundation
import Logs
import Matches
import Shapes
import Sampling
import Store

/// The mapping job: plan which models need work, sample their newest rows through the index in
/// parallel (one read-only connection per worker), infer shapes, match them, and write the
/// mappings back in short immediate transactions, a batch of keys at a time.
public struct MappingJob: Sendable {
    /// How a run was started.
    public enum Mode: Sendable, Hashable {
        /// Every pending model, and drift checks on mapped ones.
        case nightly
        /// One model now (optionally one endpoint), whatever the schedule.
        case expedite(model: String, endpoint: String?)
        /// The open expedite requests the gateway inserted.
        case requests
        /// The frequent pass: the open requests, and every model with no mapping yet that has at
        /// least `minimumRows` rows, so a new model is mapped minutes after its first rows.
        case newModels(minimumRows: Int)

        public var name: String {
            switch self {
            case .nightly: return "nightly"
            case .expedite, .requests, .newModels: return "expedite"
            }
        }
    }

    public struct Options: Sendable {
        public var mode: Mode = .nightly
        /// Newest rows sampled per model.
        public var samples = 2_000
        /// Worker threads.
        public var jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Keys written per transaction.
        public var batchSize = 16
        /// Plan and match, but write nothing.
        public var dryRun = false
        public var thresholds = MatchThresholds.standard
        public var mapperVersion = "0.1.0"

        public init() {}
    }

    /// What happened to one key.
    public struct KeyOutcome: Sendable {
        public var key: LogKey
        public var reason: WorkItem.Reason
        public var record: MappingRecord
        /// What the store did with the record, or in a dry run what it would do.
        public var saved: MappingStore.SaveOutcome?
    }

    /// The figures of a run.
    public struct Summary: Sendable {
        public var runID: Int64?
        public var startedAt = ""
        public var mode = ""
        public var modelsConsidered = 0
        public var outcomes: [KeyOutcome] = []
        /// Models that failed, with the error behind each failure (the source's own).
        public var failures: [(model: String, message: String, error: any Error)] = []
        public var bytesScanned: Int64 = 0
        public var rowsRead = 0
        public var rejected: [String: Int] = [:]
        public var unattributed = 0
        public var attributed = 0
        public var servedRequests: [Int64] = []
        /// Models whose stored name is not valid UTF-8: they cannot be keys, so are never pending.
        public var modelsNotKeyed = 0
        public var seconds = 0.0

        public var keysConsidered: Int { outcomes.count }
        public var changed: Int { outcomes.filter { $0.saved == .changed || $0.saved == .inserted }.count }
        public func count(_ status: MappingStatus) -> Int { outcomes.filter { $0.record.status == status }.count }

        /// The run's row of `mapping_runs`, with the exit status the process ends with.
        public func figures(runID: Int64, exitStatus: Int32) -> MappingRun {
            var run = MappingRun(id: runID, startedAt: startedAt, mode: mode)
            run.keysConsidered = keysConsidered
            run.mapped = count(.mapped)
            run.changed = changed
            run.failed = failures.count
            run.bytesScanned = bytesScanned
            run.rowsRejected = rejected.values.reduce(0, +)
            run.exitStatus = exitStatus
            return run
        }
    }

    /// Where the logs are read from: every worker connects to it.
    public var source: any LogSource
    public var catalog: Catalog
    public var options: Options

    public init(source: any LogSource, catalog: Catalog, options: Options = Options()) {
        self.source = source
        self.catalog = catalog
        self.options = options
    }

    /// A run stopped by `underlying`; `summary` holds what it had done (keys written) by then.
    public struct Interrupted: Error {
        public var summary: Summary
        public var underlying: any Error
    }

    /// Runs the job and records it in `mapping_runs` (exit status 0, or 70 when it throws); a dry
    /// run records nothing. A caller that knows better exit codes records the run itself with
    /// ``run(store:runID:progress:)``.
    public func run(store: MappingStore, progress: (Int, Int, KeyOutcome) -> Void = { _, _, _ in }) throws -> Summary {
        let runID = options.dryRun ? nil : try store.beginRun(mode: options.mode.name, mapperVersion: options.mapperVersion)
        do {
            let summary = try run(store: store, runID: runID, progress: progress)
            if let runID { try store.finishRun(summary.figures(runID: runID, exitStatus: 0)) }
            return summary
        } catch let interrupted as Interrupted {
            if let runID { try? store.finishRun(interrupted.summary.figures(runID: runID, exitStatus: 70)) }
            throw interrupted.underlying
        }
    }

    /// Runs the job as run `runID` (nil: a dry run, which writes nothing), leaving the run's own
    /// row to the caller. Throws ``Interrupted`` with what was done when anything fails after
    /// planning; `progress` is called from the writing thread after each key.
    public func run(store: MappingStore, runID: Int64?, progress: (Int, Int, KeyOutcome) -> Void = { _, _, _ in }) throws -> Summary {
        let started = Date()
        var summary = Summary(runID: runID, startedAt: started.ISO8601Format(), mode: options.mode.name)
        let reader = try source.connect()
        // A dry run on a database never mapped has no store tables yet: everything is new.
        let hasStore = try store.exists()
        let current = hasStore ? try store.all() : []
        let overrides = hasStore ? try store.overrides() : []
        let requests = hasStore ? try store.openRequests() : []
        let (items, unkeyed) = try Self.plan(mode: options.mode, reader: reader, mappings: current, requests: requests)
        summary.modelsNotKeyed = unkeyed
        var attribution = hasStore ? try store.attribution() : (lastLogID: 0, unattributed: 0)

        let currentByKey = Dictionary(current.map { (LogKey(model: $0.model, endpoint: $0.endpoint), $0) }, uniquingKeysWith: { a, _ in a })
        // Nightly, the rows without a model are read here while the workers sample: models found
        // only there join the queue after, and each worker takes their samples before deciding.
        let attributes = options.mode == .nightly
        let work = WorkQueue(items: items, open: attributes)
        let attributed = Handoff<[String: [LogKey: KeySample]]>()
        if !attributes { attributed.set([:]) }
        let context = WorkerContext(
            source: source, catalog: catalog, options: options, current: currentByKey, overrides: overrides,
            attributed: attributed)
        let workers = attributes ? max(1, options.jobs) : min(options.jobs, max(1, items.count))
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                context.work(work)
            }
            work.finish()
        }

        var planned = items.count
        if attributes {
            do {
                let known = Set(items.map(\.model)).union(current.map(\.model))
                planned += try attribute(reader: reader, mark: &attribution, known: known, work: work, into: attributed, summary: &summary)
            } catch {
                attributed.set([:])
                work.abandon()
                throw Interrupted(summary: summary, underlying: error)
            }
        }
        summary.unattributed = attribution.unattributed
        summary.modelsConsidered = planned

        var writer = BatchWriter(store: store, runID: runID, current: currentByKey, batchSize: options.batchSize, planned: planned)
        do {
            while let result = work.nextResult() {
                switch result {
                case .keys(let outcomes, let figures):
                    summary.bytesScanned += Int64(figures.bytes)
                    summary.rowsRead += figures.rows
                    summary.rejected.merge(figures.rejected, uniquingKeysWith: +)
                    try writer.add(outcomes, to: &summary, progress: progress)
                case .failed(let model, let error):
                    summary.failures.append((model, "\(error)", error))
                }
            }
            try writer.flush(to: &summary, progress: progress)
            if runID != nil {
                try store.setAttribution(lastLogID: attribution.lastLogID, unattributed: attribution.unattributed)
                let closed = Self.closing(
                    requests, mode: options.mode, items: items, outcomes: summary.outcomes,
                    failedModels: Set(summary.failures.map(\.model)))
                try store.completeRequests(closed, runID: runID)
                summary.servedRequests = closed.map(\.id)
            }
        } catch {
            work.abandon()
            summary.seconds = Date().timeIntervalSince(started)
            throw Interrupted(summary: summary, underlying: error)
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// What a run would work on, read without writing anything (the store may not exist yet):
    /// how a frequent pass finds it has nothing to do before it locks, loads or records anything.
    public static func plannedWork(mode: Mode, logs: any LogConnection, store: MappingStore?) throws -> [WorkItem] {
        let hasStore = try store?.exists() ?? false
        return try plan(
            mode: mode, reader: logs, mappings: hasStore ? store!.all() : [], requests: hasStore ? store!.openRequests() : []
        ).items
    }

    /// The run's work, and how many models' names cannot be keys (not valid UTF-8).
    static func plan(mode: Mode, reader: any LogConnection, mappings: [MappingRecord], requests: [MappingRequest]) throws
        -> (items: [WorkItem], unkeyed: Int)
    {
        switch mode {
        case .nightly, .requests, .newModels:
            let heads = try reader.modelHeads()
            var items = WorkPlan.make(heads: heads, mappings: mappings, requests: requests)
            switch mode {
            case .requests:
                items = items.filter { $0.reason == .expedite }
            case .newModels(let minimumRows):
                items = try items.filter { item in
                    try item.reason == .expedite
                        || (item.reason == .new && reader.hasRows(model: item.model, storage: item.storage, atLeast: minimumRows))
                }
            default:
                break
            }
            return (items, heads.filter { !$0.isValidName }.count)
        case .expedite(let model, let endpoint):
            let open = requests.filter { $0.model == model }.map(\.id)
            let storage = try reader.storage(of: model) ?? .text
            return ([WorkItem(
                model: model, reason: .expedite, afterID: 0, maxID: try reader.maxID(model: model, storage: storage),
                requestIDs: open, endpoint: endpoint, storage: storage)], 0)
        }
    }

    /// The nightly pass over the rows without a model, run while the workers sample: hands their
    /// samples to the workers, queues the models found only there (returns how many), and moves
    /// the attribution mark on.
    func attribute(
        reader: any LogConnection, mark: inout (lastLogID: Int64, unattributed: Int), known: Set<String>, work: WorkQueue,
        into attributed: Handoff<[String: [LogKey: KeySample]]>, summary: inout Summary
    ) throws -> Int {
        let pass = try attributeUnlabelledRows(reader: reader, afterID: mark.lastLogID, known: known)
        attributed.set(pass.byModel)
        summary.attributed = pass.attributed
        mark = (pass.lastLogID, mark.unattributed + pass.unattributed)
        let more = Set(pass.byModel.keys).subtracting(known).map {
            WorkItem(model: $0, reason: .new, afterID: 0, maxID: pass.lastLogID)
        }
        work.add(more)
        work.close()
        return more.count
    }

    /// Reads the newest rows without a model (after the last attribution mark), finds their model,
    /// and samples them under their key.
    func attributeUnlabelledRows(reader: any LogConnection, afterID: Int64, known: Set<String> = []) throws
        -> (byModel: [String: [LogKey: KeySample]], attributed: Int, unattributed: Int, lastLogID: Int64)
    {
        var samples: [LogKey: KeySample] = [:]
        var attributed = 0
        var unattributed = 0
        var lastLogID = afterID
        var targets = TargetCache(knownModels: known)
        let arrayStreams = catalog.arrayStreamRule
        try reader.newestRows(model: nil, afterID: afterID, limit: options.samples) { row in
            lastLogID = max(lastLogID, row.id)
            let url = row.targetURL
            // The path's model (as `ModelAttribution.model(path:request:)`), parsed once per URL.
            let model = targets.parsed(url).modelInPath ?? row.withRequestBody { ModelAttribution.model(request: $0) }
            guard let model else {
                unattributed += 1
                return true
            }
            attributed += 1
            let target = targets.resolve(url, model: model)
            let key = LogKey(model: model, endpoint: target.endpoint)
            samples[key, default: KeySample(key: key, arrayStreams: arrayStreams(key.endpoint))].add(row, host: target.host)
            return true
        }
        var byModel: [String: [LogKey: KeySample]] = [:]
        for (key, sample) in samples { byModel[key.model, default: [:]][key] = sample }
        return (byModel, attributed, unattributed, lastLogID)
    }
}
