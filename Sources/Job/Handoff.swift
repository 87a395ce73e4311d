import Foundation
import Sampling
import Store

/// A value one thread sets once and others wait for: the samples of the rows without a model,
/// read on the writing thread while the workers sample their models.
final class Handoff<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    /// Sets the value (the first call wins) and wakes every waiter.
    func set(_ value: Value) {
        condition.withLock {
            if self.value == nil { self.value = value }
            condition.broadcast()
        }
    }

    /// The value, waiting until it is set.
    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
