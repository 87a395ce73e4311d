import Foundation
import Logs
import SQLite

/// Hands work items to worker threads and their results to the writing thread.
final class WorkQueue: @unchecked Sendable {
    /// Figures of one model's sampling.
    struct Figures: Sendable {
        var rows = 0
        var bytes = 0
        var rejected: [String: Int] = [:]
    }

    enum Result: Sendable {
        case keys([MappingJob.KeyOutcome], Figures)
        case failed(model: String, message: String, databaseError: DatabaseError?)
    }

    private let condition = NSCondition()
    private let items: [WorkItem]
    private var next = 0
    private var results: [Result] = []
    private var finished = false
    private var cancelled = false

    init(items: [WorkItem]) {
        self.items = items
    }

    /// The next item for a worker, or nil when there is none left (or the run was cancelled).
    func take() -> WorkItem? {
        condition.withLock {
            guard !cancelled, next < items.count else { return nil }
            defer { next += 1 }
            return items[next]
        }
    }

    func put(_ result: Result) {
        condition.withLock {
            results.append(result)
            condition.signal()
        }
    }

    /// Called once every worker has returned.
    func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    /// Stops handing out items.
    func cancel() {
        condition.withLock { cancelled = true }
    }

    /// The next result, waiting for one; nil once the workers are done and all was taken.
    func nextResult() -> Result? {
        condition.lock()
        defer { condition.unlock() }
        while results.isEmpty && !finished { condition.wait() }
        return results.isEmpty ? nil : results.removeFirst()
    }
}
