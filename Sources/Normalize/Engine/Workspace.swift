import Foundation

/// The scan state of one `normalize` call: a capture visitor per path program and a scratch
/// list of specs. Its buffers keep their capacity, so a reused workspace scans without
/// allocating anything but the values it keeps.
struct Workspace {
    var request: CaptureVisitor
    var response: CaptureVisitor
    var stream: CaptureVisitor
    /// The specs a scan kept values for (see `CaptureVisitor.touchedSpecs(into:)`).
    var touched: [Int32] = []

    init(request: PathProgram, response: PathProgram, stream: PathProgram) {
        self.request = CaptureVisitor(program: request)
        self.response = CaptureVisitor(program: response)
        self.stream = CaptureVisitor(program: stream)
        touched.reserveCapacity(max(request.specs.count, response.specs.count, stream.specs.count))
    }
}

/// Spare workspaces of one normalizer, handed out one caller at a time. A caller that finds
/// none makes its own; at most `capacity` are kept. Workspaces come back emptied (each read
/// resets its visitor), so no body text outlives the call that read it.
final class WorkspacePool: @unchecked Sendable {
    private let lock = NSLock()
    private var spare: [Workspace] = []
    private let capacity: Int

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    func take() -> Workspace? {
        lock.lock()
        defer { lock.unlock() }
        return spare.popLast()
    }

    func give(_ workspace: consuming Workspace) {
        lock.lock()
        defer { lock.unlock() }
        if spare.count < capacity { spare.append(workspace) }
    }
}
