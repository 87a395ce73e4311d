import Logs
import Shapes

/// What a run learned about one key from its sampled rows: the shapes (never the text), the hosts
/// and provider headers seen, how many rows, and the newest row id.
public struct KeySample: Sendable {
    public let key: LogKey
    public var shapes: ShapeSet
    /// Rows per host.
    public var hosts: [String: Int] = [:]
    /// Rows per `provider` header value as the gateway logged it (at most `maximumHeaders` kept).
    public var providerHeaders: [String: Int] = [:]
    public var maxLogID: Int64 = 0
    public var rows = 0

    static let maximumHeaders = 16

    /// `arrayStreams`: the key's API streams top-level JSON arrays (see `ShapeSet.arrayStreams`).
    public init(key: LogKey, arrayStreams: Bool = false) {
        self.key = key
        shapes = ShapeSet(watching: [key.model], arrayStreams: arrayStreams)
    }

    /// The rule of a sampler that knows no API with array streams.
    public static let noArrayStreams: @Sendable (String) -> Bool = { _ in false }

    /// Adds one row's bodies and where it went.
    public mutating func add(_ row: borrowing LogRow, host: String) {
        hosts[host, default: 0] += 1
        if let header = row.providerHeader { countProviderHeader(header, rows: 1) }
        addBodies(row)
    }

    /// Adds one row's bodies (its host and provider header are counted by the caller).
    mutating func addBodies(_ row: borrowing LogRow) {
        rows += 1
        maxLogID = max(maxLogID, row.id)
        let status = row.status
        let hasRequest = row.hasRequestBody
        let hasResponse = row.hasResponseBody
        row.withBodies { request, response in
            shapes.add(request: hasRequest ? request : nil, response: hasResponse ? response : nil, status: status)
        }
        // A body over the reader's limit was not read: counted, never scanned.
        let tooLarge = (row.isRequestBodyTooLarge ? 1 : 0) + (row.isResponseBodyTooLarge ? 1 : 0)
        if tooLarge > 0 { shapes.reject(ShapeSet.tooLarge, count: tooLarge) }
    }

    /// Counts `rows` rows with provider header `header` (the first `maximumHeaders` distinct ones).
    mutating func countProviderHeader(_ header: String, rows: Int) {
        guard !header.isEmpty else { return }
        if providerHeaders[header] != nil || providerHeaders.count < Self.maximumHeaders {
            providerHeaders[header, default: 0] += rows
        }
    }

    /// Adds another sample of the same key.
    public mutating func merge(_ other: KeySample) {
        shapes.merge(other.shapes)
        hosts.merge(other.hosts, uniquingKeysWith: +)
        for (header, count) in other.providerHeaders where providerHeaders[header] != nil || providerHeaders.count < Self.maximumHeaders {
            providerHeaders[header, default: 0] += count
        }
        maxLogID = max(maxLogID, other.maxLogID)
        rows += other.rows
    }

    /// Successful (non-error) documents sampled, plain-text answers included.
    public var successfulDocuments: Int {
        shapes.documents.filter { $0.key != .error && $0.key != .request }.values.reduce(0, +) + shapes.textResponses
    }
}

extension KeySample {
    /// Samples the newest `limit` rows of `model` after `afterID` through the index, one sample per
    /// templated endpoint (only `endpoint` when given); `arrayStreams` says which endpoints'
    /// top-level array responses are streams (the catalog's `Catalog.arrayStreamRule`).
    public static func sample(
        reader: any LogConnection, model: String, afterID: Int64 = 0, limit: Int, endpoint: String? = nil,
        arrayStreams: @escaping @Sendable (String) -> Bool = noArrayStreams
    ) throws -> [LogKey: KeySample] {
        var cache = TargetCache()
        return try sample(reader: reader, model: model, afterID: afterID, limit: limit, endpoint: endpoint, arrayStreams: arrayStreams, cache: &cache)
    }

    /// As above, parsing each distinct `target_url` once through the worker's `cache`.
    public static func sample(
        reader: any LogConnection, model: String, storage: ModelStorage = .text, afterID: Int64 = 0, limit: Int,
        endpoint: String? = nil, arrayStreams: @escaping @Sendable (String) -> Bool = noArrayStreams, cache: inout TargetCache
    ) throws -> [LogKey: KeySample] {
        var router = RowRouter(model: model, endpoint: endpoint, arrayStreams: arrayStreams)
        try reader.newestRows(model: model, storage: storage, afterID: afterID, limit: limit) { row in
            router.add(row, cache: &cache)
            return true
        }
        return router.finish()
    }
}
