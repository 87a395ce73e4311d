import Catalog
import Foundation

/// How a templated endpoint matches each catalog entry, computed once per distinct endpoint.
/// `CatalogEntry.endpointMatch(_:)` splits every pattern and the path on each call, and a run
/// matches each of its keys against every entry, though keys share a few dozen endpoints.
///
/// Shared by the threads that use one `Matcher`, behind a lock; bounded (emptied past
/// `capacity` endpoints).
final class EndpointMatches: @unchecked Sendable {
    let entries: [CatalogEntry]
    let capacity: Int
    /// Each entry's endpoint patterns, split once.
    let patterns: [[CatalogEntry.EndpointPattern]]
    private let lock = NSLock()
    private var known: [String: [CatalogEntry.EndpointMatch?]] = [:]

    init(entries: [CatalogEntry], capacity: Int = 1_024) {
        self.entries = entries
        self.capacity = max(1, capacity)
        patterns = entries.map { $0.endpoints.map(CatalogEntry.EndpointPattern.init) }
    }

    /// `entries[i].endpointMatch(endpoint)` for every `i`, in the entries' order.
    func matches(_ endpoint: String) -> [CatalogEntry.EndpointMatch?] {
        if let found = lock.withLock({ known[endpoint] }) { return found }
        let segments = CatalogEntry.endpointSegments(of: endpoint)
        let computed = patterns.map { CatalogEntry.endpointMatch($0, segments: segments) }
        lock.withLock {
            if known.count >= capacity { known.removeAll(keepingCapacity: true) }
            known[endpoint] = computed
        }
        return computed
    }

    /// Endpoints remembered.
    var count: Int { lock.withLock { known.count } }
}
