import Dispatch
import Foundation
import Testing
@testable import Job
import Sampling
import SQLiteStore
import Store

@Suite struct WorkQueueTests {
    static func item(_ model: String) -> WorkItem {
        WorkItem(model: model, reason: .new, afterID: 0, maxID: 1)
    }

    /// Takes items on another thread until the queue says there are none.
    static func drain(_ queue: WorkQueue) -> (taken: () -> [String], done: DispatchSemaphore) {
        let done = DispatchSemaphore(value: 0)
        let box = Box()
        DispatchQueue.global().async {
            while let item = queue.take() { box.append(item.model) }
            done.signal()
        }
        return ({ box.models }, done)
    }

    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var taken: [String] = []
        func append(_ model: String) { lock.withLock { taken.append(model) } }
        var models: [String] { lock.withLock { taken } }
    }

    @Test func aClosedQueueHandsOutItsItemsThenNil() {
        let queue = WorkQueue(items: [Self.item("a"), Self.item("b")])
        #expect(queue.take()?.model == "a")
        #expect(queue.take()?.model == "b")
        #expect(queue.take() == nil)
    }

    @Test func anOpenQueueKeepsWorkersWaitingForItemsAddedLaterUntilItIsClosed() {
        let queue = WorkQueue(items: [Self.item("a")], open: true)
        let (taken, done) = Self.drain(queue)
        // The worker has taken "a" and waits: it is not done while the queue is open.
        #expect(done.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        queue.add([Self.item("b"), Self.item("c")])
        #expect(done.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        queue.close()
        #expect(done.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(taken() == ["a", "b", "c"])
    }

    @Test func cancellingAnOpenQueueReleasesItsWaitingWorkers() {
        let queue = WorkQueue(items: [], open: true)
        let (taken, done) = Self.drain(queue)
        #expect(done.wait(timeout: .now() + .milliseconds(100)) == .timedOut)
        queue.cancel()
        #expect(done.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(taken().isEmpty)
        queue.add([Self.item("late")])
        #expect(queue.take() == nil)
    }
}
