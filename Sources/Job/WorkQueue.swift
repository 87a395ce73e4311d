import Foundation
import Logs
import Sampling
import Store

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
        case failed(model: String, error: any Error)
    }

    private let condition = NSCondition()
    private var items: [WorkItem]
    private var next = 0
    private var results: [Result] = []
    private var finished = false
    private var cancelled = false
    /// More items may still be added (see `add(_:)` and `close()`).
    private var open: Bool

    /// A queue of `items`; when `open`, workers wait for more until `close()`.
    init(items: [WorkItem], open: Bool = false) {
        self.items = items
        self.open = open
    }

    /// The next item for a worker, or nil when there is none left (or the run was cancelled).
    /// While the queue is open and empty, waits.
    func take() -> WorkItem? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled, next == items.count, open { condition.wait() }
        guard !cancelled, next < items.count else { return nil }
        defer { next += 1 }
        return items[next]
    }

    /// Adds items to an open queue.
    func add(_ more: [WorkItem]) {
        condition.withLock {
            items += more
            condition.broadcast()
        }
    }

    /// No more items: workers stop once the queue is empty.
    func close() {
        condition.withLock {
            open = false
            condition.broadcast()
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
        condition.withLock {
            cancelled = true
            condition.broadcast()
        }
    }

    /// Gives the run up: no more items are handed out or added, and the results the workers still
    /// put are taken and dropped until they are done.
    func abandon() {
        cancel()
        close()
        while nextResult() != nil {}
    }

    /// The next result, waiting for one; nil once the workers are done and all was taken.
    func nextResult() -> Result? {
        condition.lock()
        defer { condition.unlock() }
        while results.isEmpty && !finished { condition.wait() }
        return results.isEmpty ? nil : results.removeFirst()
    }
}
