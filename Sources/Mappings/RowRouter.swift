#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logs

/// Sends one model's sampled rows to their keys. A model sends its traffic to a handful of URLs:
/// each distinct `target_url` is recognised by its bytes (no `String` per row), resolved once, and
/// its rows' hosts and provider headers are counted in runs, so a row costs no hashing. Past
/// `maximumRoutes` distinct URLs, rows take the general path through the worker's `TargetCache`.
struct RowRouter {
    /// One distinct `target_url`: its bytes, host, and the sample its rows go to (nil: not sampled).
    struct Route {
        let url: [UInt8]
        let host: String
        let sample: Int?
        var rows = 0
    }

    /// A run of rows of one sample with the same provider header bytes.
    struct HeaderRun {
        var bytes: [UInt8]
        var rows: Int
    }

    static let maximumRoutes = 32

    let model: String
    let endpoint: String?
    private var routes: [Route] = []
    private var samples: [KeySample] = []
    private var headerRuns: [HeaderRun?] = []
    private var indexes: [LogKey: Int] = [:]

    init(model: String, endpoint: String?) {
        self.model = model
        self.endpoint = endpoint
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
        for index in samples.indices { flushHeader(index) }
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
        samples.append(KeySample(key: key))
        headerRuns.append(nil)
        indexes[key] = samples.count - 1
        return samples.count - 1
    }

    private mutating func countHeader(_ row: borrowing LogRow, sample: Int) {
        row.withProviderHeaderBytes { header in
            guard let header, !header.isEmpty else { return }
            if let run = headerRuns[sample], run.bytes.count == header.count, run.bytes.withUnsafeBytes({ Self.equal($0, header) }) {
                headerRuns[sample]!.rows += 1
                return
            }
            flushHeader(sample)
            headerRuns[sample] = HeaderRun(bytes: Array(header), rows: 1)
        }
    }

    private mutating func flushHeader(_ sample: Int) {
        guard let run = headerRuns[sample] else { return }
        headerRuns[sample] = nil
        samples[sample].countProviderHeader(String(decoding: run.bytes, as: UTF8.self), rows: run.rows)
    }

    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}
