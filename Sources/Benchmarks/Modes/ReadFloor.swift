import Dispatch
import Commands
import Foundation
import Logs
import SQLiteLogs
import SQLite

/// The read floor of a run: the job's own sampling queries (each model's newest row, then the newest
/// K rows of every model and of the rows without one, through the `(model, id)` index) fetching
/// the same body bytes, touched once, on as many threads as the job, with no scanning.
struct ReadFloor {
    struct Figures {
        var seconds = 0.0
        var cpuSeconds = 0.0
        var queries = 0
        var rows = 0
        var bytes: Int64 = 0
        var checksum: UInt64 = 0
    }

    let source: any LogSource
    let samples: Int
    let jobs: Int

    func measure() throws -> Figures {
        let before = ProcessUsage.now()
        let started = ContinuousClock.now
        let models: [String?] = try source.connect().modelHeads().map(\.model)
        let results = FloorResults()
        let next = FloorCursor()
        let workers = max(1, min(jobs, models.count))
        let limit = samples
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var figures = Figures()
            do {
                let reader = try source.connect()
                while let index = next.take(below: models.count) {
                    figures.queries += 1
                    try reader.newestRows(model: models[index], limit: limit) { row in
                        figures.rows += 1
                        row.withBodies { request, response in
                            figures.bytes += Int64(request.count + response.count)
                            figures.checksum &+= Self.touch(request) &+ Self.touch(response)
                        }
                        return true
                    }
                }
            } catch {
                results.fail(error)
            }
            results.add(figures)
        }
        if let error = results.error { throw error }
        var total = results.total
        total.queries += 1
        total.seconds = ShapesBench.seconds(ContinuousClock.now - started)
        total.cpuSeconds = ProcessUsage.now().cpuSeconds - before.cpuSeconds
        return total
    }

    /// Reads every byte once: a wrapping sum of 8-byte words, then the tail.
    static func touch(_ buffer: UnsafeRawBufferPointer) -> UInt64 {
        var sum: UInt64 = 0
        var index = 0
        while index + 8 <= buffer.count {
            sum &+= buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < buffer.count {
            sum &+= UInt64(buffer[index])
            index += 1
        }
        return sum
    }
}

/// The next model index for a floor thread.
final class FloorCursor: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// The floor threads' figures, summed.
final class FloorResults: @unchecked Sendable {
    private let lock = NSLock()
    private var sum = ReadFloor.Figures()
    private var failure: (any Error)?

    func add(_ figures: ReadFloor.Figures) {
        lock.withLock {
            sum.queries += figures.queries
            sum.rows += figures.rows
            sum.bytes += figures.bytes
            sum.checksum &+= figures.checksum
        }
    }

    func fail(_ error: any Error) { lock.withLock { failure = failure ?? error } }

    var total: ReadFloor.Figures { lock.withLock { sum } }
    var error: (any Error)? { lock.withLock { failure } }
}
