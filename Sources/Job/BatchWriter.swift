import Logs
import Store

/// The writing side of a run: keys decided by the workers go to the store a batch at a time,
/// each batch one short transaction; in a dry run, each key's outcome is what the store would
/// have done (the rule `save` applies).
struct BatchWriter {
    let store: MappingStore
    /// nil: a dry run, which writes nothing.
    let runID: Int64?
    let current: [LogKey: MappingRecord]
    let batchSize: Int
    let planned: Int
    private var pending: [MappingJob.KeyOutcome] = []
    private var done = 0

    init(store: MappingStore, runID: Int64?, current: [LogKey: MappingRecord], batchSize: Int, planned: Int) {
        self.store = store
        self.runID = runID
        self.current = current
        self.batchSize = batchSize
        self.planned = planned
    }

    /// What the writer reports each key to: the run's summary and its progress callback.
    typealias Progress = (Int, Int, MappingJob.KeyOutcome) -> Void

    /// Queues a worker's keys, writing a batch when one is full.
    mutating func add(_ outcomes: [MappingJob.KeyOutcome], to summary: inout MappingJob.Summary, progress: Progress) throws {
        pending.append(contentsOf: outcomes)
        if pending.count >= batchSize { try flush(to: &summary, progress: progress) }
    }

    /// Writes what is queued in one transaction and reports each key.
    mutating func flush(to summary: inout MappingJob.Summary, progress: Progress) throws {
        guard !pending.isEmpty else { return }
        if let runID {
            let outcomes = try store.save(pending.map(\.record), runID: runID)
            for index in pending.indices { pending[index].saved = outcomes[index] }
        } else {
            for index in pending.indices {
                let record = pending[index].record
                pending[index].saved = MappingStore.outcome(of: record, replacing: current[LogKey(model: record.model, endpoint: record.endpoint)])
            }
        }
        for outcome in pending {
            done += 1
            summary.outcomes.append(outcome)
            progress(done, max(done, planned), outcome)
        }
        pending.removeAll(keepingCapacity: true)
    }
}
