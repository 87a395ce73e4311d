import Foundation
import Logs
import SQLiteLogs
import SQLite

/// Builds a demo log database from `Fixtures/`: thousands of rows over twenty-odd models on several
/// hosts, with streams, errors, corrupt bodies and rows the gateway could not attribute — and the
/// truth (which API each key speaks), so the demo can say how many the job got right.
public struct DemoDatabase: Sendable {
    /// What the demo planted: for each (model, endpoint) key, the catalog id it speaks (`heuristic`
    /// for an API outside the catalog, which the job must map by structure).
    public struct Truth: Codable, Sendable {
        public struct Key: Codable, Sendable, Hashable {
            public var model: String
            public var endpoint: String
            public var api: String
            public var rows: Int
            /// How the key's streamed responses were framed (`sse`, `ndjson`, `aws_eventstream`,
            /// `json_array`), sorted; nil when none of its rows streamed.
            public var streams: [String]?

            public init(model: String, endpoint: String, api: String, rows: Int, streams: [String]? = nil) {
                self.model = model
                self.endpoint = endpoint
                self.api = api
                self.rows = rows
                self.streams = streams
            }
        }
        public var keys: [Key]

        public init(keys: [Key]) { self.keys = keys }
    }

    /// Figures of what was written.
    public struct Summary: Sendable {
        public var rows = 0
        public var models = 0
        public var hosts = 0
        public var streamed = 0
        public var errors = 0
        public var corrupt = 0
        public var unattributed = 0
        public var bytes = 0
    }

    public var manifest: FixtureManifest
    public var seed: UInt64
    public var targetRows: Int

    public init(manifest: FixtureManifest, seed: UInt64 = 42, targetRows: Int = 3_000) {
        self.manifest = manifest
        self.seed = seed
        self.targetRows = targetRows
    }

    /// A model of the demo and the fixture exchanges its traffic is drawn from.
    struct DemoModel {
        var name: String
        var api: String
        var fixtureModel: String
        var exchanges: [FixtureExchange]
        var errors: [FixtureExchange]
        var hosts: [String]
    }

    func plan() -> [DemoModel] {
        // One family per (api, fixture model): the variants of one client talking to one API.
        var families: [String: DemoModel] = [:]
        var order: [String] = []
        for exchange in manifest.exchanges + manifest.outsideCatalog where exchange.isSuccess && !exchange.isErrorFixture {
            guard let api = exchange.api, let model = exchange.model, exchange.response != nil else { continue }
            let key = api + "\u{0}" + model
            if families[key] == nil {
                order.append(key)
                let errors = manifest.exchanges.filter { ($0.isErrorFixture || !$0.isSuccess) && $0.api == api }
                families[key] = DemoModel(name: model, api: api, fixtureModel: model, exchanges: [], errors: errors, hosts: [])
            }
            families[key]!.exchanges.append(exchange)
            if !families[key]!.hosts.contains(exchange.host) { families[key]!.hosts.append(exchange.host) }
        }
        var models: [DemoModel] = []
        for key in order {
            var family = families[key]!
            if family.hosts.contains(where: { $0.contains("ollama") }) {
                family.hosts = (1...3).map { "ollama-node-\($0).lan:11434" }
            }
            models.append(family)
        }
        // Families with several variants get a second, fine-tuned-looking model, until there are 20+.
        var index = 0
        let base = models
        while models.count < 24 && !base.isEmpty {
            var copy = base[index % base.count]
            copy.name = copy.fixtureModel + "-ft-\(index / base.count + 1)"
            models.append(copy)
            index += 1
            if index > 200 { break }
        }
        return models
    }

    /// Writes the database at `path` (which must not exist) and the truth beside it.
    @discardableResult
    public func write(to path: String) throws -> (Summary, Truth) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw FixtureError(message: "\(path) already exists; the demo writes a new database")
        }
        let db = try Database(path: path, mode: .create)
        try db.executeScript(LogContract.createSQL)
        var random = SplitMix64(seed: seed)
        let models = plan()
        var writer = RowWriter(manifest: manifest)
        // Zipf-like traffic: a few models take most rows; none gets fewer than 40.
        let weights = models.indices.map { 1.0 / pow(Double($0 + 1), 0.8) }
        let totalWeight = weights.reduce(0, +)
        try db.inTransaction {
            for (rank, model) in models.enumerated() {
                let rows = max(40, Int(Double(targetRows) * weights[rank] / totalWeight))
                for _ in 0..<rows {
                    try db.execute(RowWriter.insert, try writer.row(of: model, &random))
                }
            }
        }
        writer.summary.models = models.count
        writer.summary.hosts = writer.hosts.count
        let keys = writer.truthRows.map { key, rows in
            var key = key
            key.streams = writer.truthStreams[key].map { $0.sorted() }
            key.rows = rows
            return key
        }.sorted { ($0.model, $0.endpoint) < ($1.model, $1.endpoint) }
        let truth = Truth(keys: keys)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(truth).write(to: URL(fileURLWithPath: Self.truthPath(for: path)))
        return (writer.summary, truth)
    }

    /// Draws the demo's rows one by one, keeping the figures and the truth of what it drew.
    struct RowWriter {
        static let insert = """
            INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """
        let manifest: FixtureManifest
        let corruptResponses: [CorruptFixture]
        let strayErrors: [FixtureExchange]
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var clock = 0.0
        var summary = Summary()
        var truthRows: [Truth.Key: Int] = [:]
        var truthStreams: [Truth.Key: Set<String>] = [:]
        var hosts = Set<String>()
        /// Each fixture file is read once, not once per row.
        var files: [String: [UInt8]] = [:]

        init(manifest: FixtureManifest) {
            self.manifest = manifest
            corruptResponses = manifest.corrupt.filter { $0.role == "response" }
            strayErrors = manifest.exchanges.filter { $0.api == nil }
        }

        mutating func read(_ file: String) throws -> [UInt8] {
            if let bytes = files[file] { return bytes }
            let bytes = try manifest.bytes(file)
            files[file] = bytes
            return bytes
        }

        /// The next row of `model`, as the insert's arguments.
        mutating func row(of model: DemoModel, _ random: inout SplitMix64) throws -> [any DatabaseValueConvertible] {
            // Errors and corrupt bodies arrive on the model's own endpoint and host.
            let route = model.exchanges[Int(random.next() % UInt64(model.exchanges.count))]
            var exchange = route
            let roll = random.nextDouble()
            var corrupt: CorruptFixture?
            if roll < 0.05, !model.errors.isEmpty {
                exchange = model.errors[Int(random.next() % UInt64(model.errors.count))]
            } else if roll < 0.06, !strayErrors.isEmpty {
                exchange = strayErrors[Int(random.next() % UInt64(strayErrors.count))]
            } else if roll < 0.08, !corruptResponses.isEmpty {
                corrupt = corruptResponses[Int(random.next() % UInt64(corruptResponses.count))]
                // A body valid after its BOM is a plain response (of one API): it is planted where
                // plain responses come back, never as a stream.
                if corrupt?.validAfterBOM == true, route.stream == true { corrupt = nil }
            }
            let host = model.hosts[Int(random.next() % UInt64(model.hosts.count))]
            let path = replacing(route.path, model.fixtureModel, with: model.name)
            var request = try exchange.request.map { try read($0) }
            var response = try exchange.response.map { try read($0) }
            if let corrupt { response = try read(corrupt.file) }
            if let fixtureModel = exchange.model {
                request = request.map { replacing($0, Array(fixtureModel.utf8), with: Array(model.name.utf8)) }
                // A binary event stream cannot be edited in place (its CRCs cover every byte).
                if corrupt == nil, !(exchange.responseContentType ?? "").contains("eventstream") {
                    response = response.map { replacing($0, Array(fixtureModel.utf8), with: Array(model.name.utf8)) }
                }
            }
            // Some rows the gateway could not attribute: the job finds the model in the body or path.
            let attributed = random.nextDouble() >= 0.03
            let scheme = host.hasSuffix(":11434") || host.contains(".internal") ? "http" : "https"
            clock += 1 + random.nextDouble() * 20
            let provider: String? = random.nextDouble() < 0.3 ? nil : DemoDatabase.providerHeader(for: host)
            count(exchange, of: model, path: path, host: host, corrupt: corrupt != nil, attributed: attributed,
                  bytes: (request?.count ?? 0) + (response?.count ?? 0))
            return [
                start.addingTimeInterval(clock).ISO8601Format(), "\(scheme)://\(host)\(path)", provider,
                attributed ? model.name : nil, exchange.status, request, response,
            ]
        }

        /// Adds a written row to the figures and, when it speaks the model's API, to the truth.
        mutating func count(
            _ exchange: FixtureExchange, of model: DemoModel, path: String, host: String, corrupt: Bool, attributed: Bool, bytes: Int
        ) {
            summary.rows += 1
            summary.bytes += bytes
            hosts.insert(host)
            if exchange.stream == true { summary.streamed += 1 }
            if !exchange.isSuccess { summary.errors += 1 }
            if corrupt { summary.corrupt += 1 }
            if !attributed { summary.unattributed += 1 }
            if exchange.isSuccess, !exchange.isErrorFixture, exchange.api == model.api, let expected = exchange.expectedSchema {
                let key = Truth.Key(
                    model: model.name, endpoint: Endpoint.template(path: TargetURL(path).path, model: model.name),
                    api: expected, rows: 0)
                truthRows[key, default: 0] += 1
                if exchange.stream == true, let format = Self.streamFormat(exchange) { truthStreams[key, default: []].insert(format) }
            }
        }

        /// The catalog's name for how a streamed exchange's response is framed, from its content type.
        static func streamFormat(_ exchange: FixtureExchange) -> String? {
            let type = exchange.responseContentType ?? ""
            if type.contains("vnd.amazon.eventstream") { return "aws_eventstream" }
            if type.contains("event-stream") { return "sse" }
            if type.contains("ndjson") || type.contains("stream+json") { return "ndjson" }
            if type.contains("json") { return "json_array" }
            return nil
        }
    }

    /// Where the truth of a database is written.
    public static func truthPath(for databasePath: String) -> String { databasePath + ".truth.json" }

    /// Reads the truth written beside a database.
    public static func readTruth(for databasePath: String) throws -> Truth {
        try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath(for: databasePath))))
    }

    /// What a client might send as the free-text provider header: sometimes right, sometimes not.
    static func providerHeader(for host: String) -> String {
        let parts = host.split(separator: ".")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : host
    }
}

func replacing(_ text: String, _ needle: String, with replacement: String) -> String {
    needle.isEmpty ? text : text.replacingOccurrences(of: needle, with: replacement)
}

/// Replaces every occurrence of `needle` in `bytes`.
func replacing(_ bytes: [UInt8], _ needle: [UInt8], with replacement: [UInt8]) -> [UInt8] {
    guard !needle.isEmpty, bytes.count >= needle.count else { return bytes }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    let first = needle[0]
    while index < bytes.count {
        if bytes[index] == first, index + needle.count <= bytes.count, bytes[index..<index + needle.count].elementsEqual(needle) {
            out.append(contentsOf: replacement)
            index += needle.count
        } else {
            out.append(bytes[index])
            index += 1
        }
    }
    return out
}

/// A small deterministic generator (SplitMix64), so a seed always gives the same database.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1).
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
