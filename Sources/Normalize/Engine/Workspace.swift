import Foundation

/// The scan state of one `normalize` call: a capture visitor per path program. Its buffers keep their capacity, so a reused workspace scans without
/// allocating anything but the values it keeps. A class, so that handing it around never
/// copies (and never un-shares) its buffers; one caller uses it at a time.
final class Workspace {
    var request: CaptureVisitor
    var response: CaptureVisitor
    var stream: CaptureVisitor

    init(request: PathProgram, response: PathProgram, stream: PathProgram) {
        self.request = CaptureVisitor(program: request)
        self.response = CaptureVisitor(program: response)
        self.stream = CaptureVisitor(program: stream)
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

    /// A spare workspace, or a new one from `make`.
    func take(or make: () -> Workspace) -> Workspace {
        lock.lock()
        let found = spare.popLast()
        lock.unlock()
        return found ?? make()
    }

    func give(_ workspace: Workspace) {
        lock.lock()
        defer { lock.unlock() }
        if spare.count < capacity { spare.append(workspace) }
    }
}
