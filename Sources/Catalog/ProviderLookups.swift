import Foundation

/// `ProviderDirectory.provider(forHost:)`, memoised per host: a run asks for the provider of every
/// host of every key, and keys share a few hosts. Matching a host against every domain pattern
/// splits and lowercases each pattern on each call.
///
/// Hosts are told apart by their UTF-8 bytes (the answer keeps the host's own spelling).
/// Shared by the threads of one run, behind a lock; bounded (emptied past `capacity` hosts).
public final class ProviderLookups: @unchecked Sendable {
    public let directory: ProviderDirectory
    public let capacity: Int
    private let lock = NSLock()
    private var known: [ExactText: (name: String, approved: Bool)] = [:]

    public init(_ directory: ProviderDirectory, capacity: Int = 4_096) {
        self.directory = directory
        self.capacity = max(1, capacity)
    }

    /// `directory.provider(forHost: host)`, computed once per host.
    public func provider(forHost host: String) -> (name: String, approved: Bool) {
        let key = ExactText(host)
        if let found = lock.withLock({ known[key] }) { return found }
        let computed = directory.provider(forHost: host)
        lock.withLock {
            if known.count >= capacity { known.removeAll(keepingCapacity: true) }
            known[key] = computed
        }
        return computed
    }

    /// Hosts remembered.
    public var count: Int { lock.withLock { known.count } }
}
