#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logs

/// Sends one model's sampled rows to their keys. A model sends its traffic to a handful of URLs:
/// each distinct `target_url` is recognised by its bytes (no `String` per row), resolved once, and
/// its rows' hosts are counted per URL and provider headers per distinct value (bytes compared
/// with the previous row's first), so a row costs no hashing. Past `maximumRoutes` distinct
/// URLs, rows take the general path through the worker's `TargetCache`.
struct RowRouter {
    /// One distinct `target_url`: its bytes, host, and the sample its rows go to (nil: not sampled).
    struct Route {
        let url: [UInt8]
        let host: String
        let sample: Int?
        var rows = 0
    }

    /// The provider header values of one sample's rows not yet handed to it: distinct byte
    /// strings in order of first appearance, with their rows. Handed over in that order (when
    /// full, and at the end), a sample keeps and counts the same headers as row by row.
    struct HeaderTally {
        var values: [[UInt8]] = []
        var rows: [Int] = []
        /// The value the last row had (-1: none yet).
        var last = -1
    }

    static let maximumRoutes = 32
    /// Distinct header values a tally holds before handing them to its sample.
    static let maximumTallied = 32

    let model: String
    let endpoint: String?
    /// True for an endpoint whose top-level array responses are streams (`ShapeSet.arrayStreams`).
    let arrayStreams: @Sendable (String) -> Bool
    private var routes: [Route] = []
    private var samples: [KeySample] = []
    private var headers: [HeaderTally] = []
    private var indexes: [LogKey: Int] = [:]

    init(model: String, endpoint: String?, arrayStreams: @escaping @Sendable (String) -> Bool = KeySample.noArrayStreams) {
        self.model = model
        self.endpoint = endpoint
        self.arrayStreams = arrayStreams
    }

    mutating func add(_ row: borrowing LogRow, cache: inout TargetCache) {
        let known = row.withTargetURLBytes { url in
            routes.firstIndex { $0.url.count == url.count && $0.url.withUnsafeBytes { Self.equal($0, url) } }
        }
        let target: Int?
        if let known {
            routes[known].rows += 1
            target = routes[known].sample
        } else {
            let url = row.targetURL
            let resolved = cache.resolve(url, model: model)
            target = endpoint == nil || resolved.endpoint == endpoint ? sampleIndex(resolved.endpoint) : nil
            if routes.count < Self.maximumRoutes {
                routes.append(Route(url: row.withTargetURLBytes { Array($0) }, host: resolved.host, sample: target, rows: 1))
            } else if let target {
                samples[target].hosts[resolved.host, default: 0] += 1
            }
        }
        guard let target else { return }
        countHeader(row, sample: target)
        samples[target].addBodies(row)
    }

    /// The samples by key, with every run counted.
    mutating func finish() -> [LogKey: KeySample] {
        for index in samples.indices { handOverHeaders(index) }
        for route in routes where route.rows > 0 {
            if let sample = route.sample { samples[sample].hosts[route.host, default: 0] += route.rows }
        }
        var result: [LogKey: KeySample] = [:]
        for sample in samples { result[sample.key] = sample }
        return result
    }

    private mutating func sampleIndex(_ endpoint: String) -> Int {
        let key = LogKey(model: model, endpoint: endpoint)
        if let index = indexes[key] { return index }
        samples.append(KeySample(key: key, arrayStreams: arrayStreams(endpoint)))
        headers.append(HeaderTally())
        indexes[key] = samples.count - 1
        return samples.count - 1
    }

    private mutating func countHeader(_ row: borrowing LogRow, sample: Int) {
        row.withProviderHeaderBytes { header in
            guard let header, !header.isEmpty else { return }
            let last = headers[sample].last
            if last >= 0, headers[sample].values[last].withUnsafeBytes({ Self.equal($0, header) }) {
                headers[sample].rows[last] += 1
                return
            }
            if let index = headers[sample].values.firstIndex(where: { $0.withUnsafeBytes { Self.equal($0, header) } }) {
                headers[sample].rows[index] += 1
                headers[sample].last = index
                return
            }
            if headers[sample].values.count >= Self.maximumTallied { handOverHeaders(sample) }
            headers[sample].values.append(Array(header))
            headers[sample].rows.append(1)
            headers[sample].last = headers[sample].values.count - 1
        }
    }

    /// Counts the tallied headers in the sample, in order of first appearance, and empties the tally.
    private mutating func handOverHeaders(_ sample: Int) {
        let tally = headers[sample]
        headers[sample] = HeaderTally()
        for (value, rows) in zip(tally.values, tally.rows) {
            samples[sample].countProviderHeader(String(decoding: value, as: UTF8.self), rows: rows)
        }
    }

    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}
