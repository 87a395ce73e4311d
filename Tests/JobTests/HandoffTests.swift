import Dispatch
import Testing
@testable import Job
import Sampling
import SQLiteStore
import Store

@Suite struct HandoffTests {
    @Test func aHandoffGivesEveryWaiterTheFirstValueSet() {
        let handoff = Handoff<Int>()
        let results = DispatchQueue(label: "results")
        nonisolated(unsafe) var seen: [Int] = []
        let group = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) {
                let value = handoff.wait()
                results.sync { seen.append(value) }
            }
        }
        #expect(group.wait(timeout: .now() + .milliseconds(100)) == .timedOut)
        handoff.set(7)
        handoff.set(8)
        #expect(group.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(results.sync { seen } == [7, 7, 7])
        #expect(handoff.wait() == 7)
    }
}
