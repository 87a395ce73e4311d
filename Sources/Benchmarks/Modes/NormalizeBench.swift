import Catalog
import Demo
import Commands
import Foundation
import Normalize
import SQLite

/// `gateway-mapper-bench normalize`: normalizes logged bodies over and over on one thread and
/// compares the throughput with a read-only floor (summing every byte) measured in the same run.
struct NormalizeBench: Command {
    static let name = "normalize"
    static let abstract = "Normalizer throughput (rows/s, MB/s) against a read-only floor."
    static let database = SharedOptions.database.optional().withHelp("A gateway log database (opened read-only) instead of the fixtures.")
    static let schema = SharedOptions.schema.withHelp("With --db: the catalog entry whose field map is applied.")
    static let limit = Option.value("limit", "N", help: "With --db: rows read.", default: 10_000, .integer(in: 1...10_000_000))
    static let seconds = Option.value("seconds", "S", help: "Time per measurement.", default: 2, .integer(in: 1...600))
    static let passes = Option.value(
        "passes", "N", help: "Run exactly N passes per measurement instead (for instruction counts under callgrind).",
        .integer(in: 1...10_000_000))

    static let options: [any DeclaredOption] = [SharedOptions.fixtures, database, schema, limit, SharedOptions.schemas, seconds, passes]
    static let synopses: [[UsageTerm]] = [
        [.optional(SharedOptions.fixtures), .optional(SharedOptions.schemas), .optional(seconds), .optional(passes)],
        [.option(database), .option(schema), .optional(limit), .optional(SharedOptions.schemas), .optional(seconds), .optional(passes)],
    ]
    static let discussion = """
        Bodies come from Fixtures/ (each exchange with its API's catalog map), or from the rows of a log database normalized \
        with the catalog entry ID. Build with -c release for real figures; the target is 300 MB/s per core.
        """

    var fixtures: FixtureDirectory
    var databasePath: String?
    var schemaID: String?
    var limit: Int
    var schemas: SchemasDirectory
    var seconds: Int
    var passes: Int?

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        fixtures = try options.value(SharedOptions.fixtures)
        databasePath = try options.value(Self.database)?.raw
        schemaID = try options.value(Self.schema)
        limit = try options.value(Self.limit)
        schemas = try options.value(SharedOptions.schemas)
        seconds = try options.value(Self.seconds)
        passes = try options.value(Self.passes)
    }

    func validate() throws(CommandError) {
        if databasePath != nil, schemaID == nil { throw .usage("'--db' needs '--schema ID' (the catalog entry to apply)") }
        if databasePath == nil, schemaID != nil { throw .usage("'--schema' applies to '--db' rows only") }
    }

    /// One logged exchange ready to normalize.
    struct Row {
        var normalizer: Int
        var request: [UInt8]
        var response: [UInt8]
        var status: Int?
        var requestContentType: String?
        var responseContentType: String?
        var bytes: Int { request.count + response.count }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let catalog: Catalog
        do {
            catalog = try schemas.catalog()
        } catch {
            throw CommandError(.dataError, "\(error)")
        }
        var normalizers: [Normalizer] = []
        var rows: [Row] = []
        if let databasePath, let schemaID {
            guard let entry = catalog.entry(id: schemaID) else {
                throw CommandError(.usage, "no catalog entry '\(schemaID)'; see schemas/ for the ids")
            }
            normalizers = [Normalizer(entry: entry)]
            let db = try LogDatabase.open(databasePath)
            try db.forEachRow("SELECT request_body, response_body, status FROM request_logs ORDER BY id LIMIT ?", [Int64(limit)]) { row in
                rows.append(Row(normalizer: 0, request: row.bytes(at: 0) ?? [], response: row.bytes(at: 1) ?? [],
                                status: row.int64(at: 2).map { Int($0) }))
            }
        } else {
            let manifest = try fixtures.manifest()
            var byAPI: [String: Int] = [:]
            for exchange in manifest.exchanges {
                guard let api = exchange.api, let entry = catalog.entry(id: api) else { continue }
                let index = byAPI[api] ?? normalizers.count
                if index == normalizers.count {
                    normalizers.append(Normalizer(entry: entry))
                    byAPI[api] = index
                }
                let request = try exchange.request.map { try manifest.bytes($0) } ?? []
                let response = try exchange.response.map { try manifest.bytes($0) } ?? []
                rows.append(Row(normalizer: index, request: request, response: response, status: exchange.status,
                                requestContentType: exchange.requestContentType, responseContentType: exchange.responseContentType))
            }
        }
        guard !rows.isEmpty else { throw CommandError(.noInput, "no rows to normalize") }
        let totalBytes = rows.reduce(0) { $0 + $1.bytes }
        let budget = Duration.seconds(seconds)

        // The floor: read every byte once per pass.
        var checksum: UInt64 = 0
        let floor = Self.measure(budget, passes: passes) {
            for row in rows {
                checksum &+= Self.touch(row.request) &+ Self.touch(row.response)
            }
        }
        // The normalizer, same rows, same thread.
        var kept = 0
        let normalized = Self.measure(budget, passes: passes) {
            for row in rows {
                let record = normalizers[row.normalizer].normalize(
                    request: row.request, response: row.response, status: row.status,
                    requestContentType: row.requestContentType, responseContentType: row.responseContentType)
                kept &+= Int(record.outputTokens ?? 0) &+ (record.outputText?.utf8.count ?? 0) &+ record.issues.count
            }
        }
        let megabytes = Double(totalBytes) / 1_000_000
        let floorRate = megabytes * Double(floor.passes) / floor.seconds
        let rate = megabytes * Double(normalized.passes) / normalized.seconds
        let rowRate = Double(rows.count * normalized.passes) / normalized.seconds
        let source = databasePath.map { "\($0) with \(schemaID ?? "")" } ?? "Fixtures (\(normalizers.count) catalog maps)"
        context.out("""
            normalize: \(rows.count) rows, \(String(format: "%.2f", megabytes)) MB per pass, from \(source)
              floor (sum every byte)  \(String(format: "%10.1f", floorRate)) MB/s  (\(floor.passes) passes)
              normalize               \(String(format: "%10.1f", rate)) MB/s  \(String(format: "%10.0f", rowRate)) rows/s  (\(normalized.passes) passes)
              normalize / floor       \(String(format: "%10.3f", rate / floorRate))
              target ≥ 300 MB/s per core: \(rate >= 300 ? "met" : "NOT met")
              (checksums \(checksum & 0xFF) \(kept & 0xFF))

            """)
        return .success
    }

    /// Runs `pass` until `budget` has elapsed (at least once), or exactly `fixed` times when
    /// given; returns passes and seconds.
    static func measure(_ budget: Duration, passes fixed: Int? = nil, _ pass: () -> Void) -> (passes: Int, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        var passes = 0
        repeat {
            pass()
            passes += 1
        } while fixed.map { passes < $0 } ?? (clock.now - start < budget)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (passes, seconds)
    }

    /// Sums every byte, eight at a time.
    @inline(never)
    static func touch(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var sum: UInt64 = 0
            var index = 0
            let count = raw.count
            while index + 8 <= count {
                sum &+= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < count {
                sum &+= UInt64(raw[index])
                index += 1
            }
            return sum
        }
    }
}
