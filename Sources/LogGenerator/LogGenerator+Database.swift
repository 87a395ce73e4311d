import Demo
import Dispatch
import Foundation
import Logs
import SQLiteLogs
import SQLite

extension LogGenerator {
    /// Figures of what was written.
    public struct Summary: Sendable {
        public var rows = 0
        public var bytes: Int64 = 0
        public var streamed = 0
        public var errors = 0
        public var uploads = 0
        public var nullModel = 0
        public var nullStatus = 0
        public var corrupt: [Corruption: Int] = [:]
        public var hosts: Set<String> = []
        public var rowsPerModel: [String: Int] = [:]
        /// Sizes of every non-NULL body, for percentiles.
        public var bodySizes: [Int32] = []
        public var seconds = 0.0

        /// The `fraction` percentile of body sizes in bytes (0 when nothing was written).
        public func percentile(_ fraction: Double) -> Int {
            guard !bodySizes.isEmpty else { return 0 }
            let sorted = bodySizes.sorted()
            return Int(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))])
        }

        public var corruptRows: Int { corrupt.values.reduce(0, +) }

        mutating func add(_ row: Row) {
            rows += 1
            let request = row.request?.count ?? 0
            let response = row.response?.count ?? 0
            bytes += Int64(request + response)
            if row.request != nil { bodySizes.append(Int32(request)) }
            if row.response != nil { bodySizes.append(Int32(response)) }
            if row.streamed { streamed += 1 }
            if row.isError { errors += 1 }
            if row.isUpload { uploads += 1 }
            if row.model == nil { nullModel += 1 }
            if row.status == nil { nullStatus += 1 }
            if let corruption = row.corruption { corrupt[corruption, default: 0] += 1 }
            hosts.insert(TargetURL(row.targetURL).host)
        }
    }

    /// The truth written beside a generated database: `DemoDatabase.Truth`'s format (readable by
    /// `DemoDatabase.readTruth`), plus how it was generated.
    public struct Truth: Codable, Sendable {
        public struct Generator: Codable, Sendable {
            public var rows: Int
            public var models: Int
            public var seed: UInt64
            public var badFraction: Double
            public var streamFraction: Double
        }

        public var generator: Generator
        public var keys: [DemoDatabase.Truth.Key]
    }

    static let insertSQL = """
        INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """

    /// Writes a new database at `path` (which must not exist) and its truth beside it: rows in big
    /// transactions with no journal, the `(model, id)` index built after the inserts, then WAL,
    /// as the gateway keeps it. `workers` threads generate while this one inserts.
    public func write(to path: String, workers: Int = 2, progress: (Int) -> Void = { _ in }) throws -> (Summary, Truth) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw FixtureError(message: "\(path) already exists; the generator writes a new database (remove it first)")
        }
        let started = ContinuousClock.now
        let db = try Database(path: path, mode: .create)
        try db.executeScript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;")
        try db.executeScript(LogContract.createSQL)
        try db.executeScript("DROP INDEX request_logs_model;")
        var counts = KeyCounts(keys: keys.count)
        var summary = try insert(into: db, rows: 0..<options.rows, workers: workers, counts: &counts, progress: progress)
        // The contract's index, now that the rows are in.
        try db.executeScript(LogContract.createSQL)
        try db.executeScript("PRAGMA journal_mode=WAL;")
        summary.seconds = Self.seconds(ContinuousClock.now - started)
        let truth = Truth(
            generator: .init(
                rows: options.rows, models: options.models, seed: options.seed, badFraction: options.badFraction,
                streamFraction: options.streamFraction),
            keys: keys.indices.filter { counts.rows[$0] > 0 }.map {
                DemoDatabase.Truth.Key(
                    model: keys[$0].model, endpoint: keys[$0].endpoint, api: keyAPIs[$0], rows: counts.rows[$0],
                    streams: counts.streams[$0].isEmpty ? nil : counts.streams[$0].sorted())
            }.sorted { ($0.model, $0.endpoint) < ($1.model, $1.endpoint) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(truth).write(to: URL(fileURLWithPath: DemoDatabase.truthPath(for: path)))
        return (summary, truth)
    }

    /// Reads the truth written beside a generated database.
    public static func readTruth(for path: String) throws -> Truth {
        try readTruth(file: DemoDatabase.truthPath(for: path))
    }

    /// Reads a truth file.
    public static func readTruth(file: String) throws -> Truth {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
    }

    /// Appends rows `range` of the same seed stream to an existing database, as a live gateway
    /// would (WAL, the index in place, one transaction per batch). The truth file is not changed.
    public func append(to path: String, rows range: Range<Int>, workers: Int = 2) throws -> Summary {
        let db = try Database(path: path, mode: .readWrite)
        try LogContract.check(db)
        try db.executeScript("PRAGMA synchronous=NORMAL;")
        var counts = KeyCounts(keys: keys.count)
        return try insert(into: db, rows: range, workers: workers, counts: &counts, progress: { _ in })
    }

    func insert(
        into db: Database, rows range: Range<Int>, workers: Int, counts: inout KeyCounts, progress: (Int) -> Void
    ) throws -> Summary {
        var summary = Summary()
        summary.bodySizes.reserveCapacity(range.count * 2)
        let statement = try db.makeStatement(Self.insertSQL)
        let pipe = RowPipe(capacity: 3)
        let chunk = 1_024
        let chunks = stride(from: range.lowerBound, to: range.upperBound, by: chunk).map { $0..<min($0 + chunk, range.upperBound) }
        let generator = self
        let threads = max(1, workers)
        DispatchQueue.global().async {
            for rows in chunks {
                guard pipe.waitForRoom() else { break }
                let slices = RowSlices(count: threads)
                DispatchQueue.concurrentPerform(iterations: threads) { part in
                    let size = (rows.count + threads - 1) / threads
                    let lower = rows.lowerBound + part * size
                    let upper = min(rows.upperBound, lower + size)
                    slices.set(part, lower < upper ? (lower..<upper).map { generator.row($0) } : [])
                }
                pipe.put(slices.joined())
            }
            pipe.finish()
        }
        defer { pipe.cancel() }
        while let rows = pipe.take() {
            try db.inTransaction(.immediate) {
                for row in rows {
                    try statement.execute([
                        row.createdAt, row.targetURL, row.provider, row.model, row.status, row.request, row.response,
                    ])
                    summary.add(row)
                    if let key = row.truthKey { counts.add(row, key: key) }
                    if let model = row.model { summary.rowsPerModel[model, default: 0] += 1 }
                }
            }
            progress(summary.rows)
        }
        return summary
    }

    /// Per truth key: the rows that count for it and the framings of its streamed rows.
    struct KeyCounts {
        var rows: [Int]
        var streams: [Set<String>]

        init(keys: Int) {
            rows = [Int](repeating: 0, count: keys)
            streams = [Set<String>](repeating: [], count: keys)
        }

        mutating func add(_ row: Row, key: Int) {
            rows[key] += 1
            if let format = row.streamFormat { streams[key].insert(format) }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// Chunks of generated rows, from the generating threads to the inserting one, at most
/// `capacity` waiting.
final class RowPipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [[LogGenerator.Row]] = []
    private let capacity: Int
    private var finished = false
    private var cancelled = false

    init(capacity: Int) { self.capacity = capacity }

    /// Blocks while the pipe is full; false once the consumer gave up.
    func waitForRoom() -> Bool {
        condition.withLock {
            while chunks.count >= capacity && !cancelled { condition.wait() }
            return !cancelled
        }
    }

    func put(_ rows: [LogGenerator.Row]) {
        condition.withLock {
            chunks.append(rows)
            condition.broadcast()
        }
    }

    func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    func cancel() {
        condition.withLock {
            cancelled = true
            condition.broadcast()
        }
    }

    /// The next chunk, waiting for one; nil when the producer is done.
    func take() -> [LogGenerator.Row]? {
        condition.withLock {
            while chunks.isEmpty && !finished { condition.wait() }
            guard !chunks.isEmpty else { return nil }
            condition.broadcast()
            return chunks.removeFirst()
        }
    }
}

/// Per-thread results of one chunk.
final class RowSlices: @unchecked Sendable {
    private let lock = NSLock()
    private var slices: [[LogGenerator.Row]]

    init(count: Int) { slices = Array(repeating: [], count: count) }

    func set(_ index: Int, _ rows: [LogGenerator.Row]) { lock.withLock { slices[index] = rows } }

    func joined() -> [LogGenerator.Row] { lock.withLock { slices.flatMap { $0 } } }
}
