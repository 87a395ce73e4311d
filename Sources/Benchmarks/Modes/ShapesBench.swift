import Commands
import Foundation
import JSONScanning
import SQLite
import Framing
import Shapes

/// `gateway-mapper-bench shapes`: MB/s of body bytes scanned and merged into shapes on one core,
/// beside a read-only floor (a checksum touching every byte) measured in the same run.
struct ShapesBench: Command {
    static let name = "shapes"
    static let abstract = "Measure scan + merge of bodies into shapes (MB/s per core) against a read floor."
    static let database = SharedOptions.database.optional().withHelp("A request_logs database; bodies are read in batches by id.")
    static let bodies = Option<String?>.value("fixtures", "DIR", help: "Every file under DIR, recursively, as a body.", .string)
    static let repeats = Option.value("repeat", "N", help: "Passes over the corpus for each measurement.", default: 5, .integer(in: 1...10_000))
    static let limit = Option.value("limit-mb", "N", help: "Stop loading bodies after N MB.", default: 256, .integer(in: 1...65_536))

    static let options: [any DeclaredOption] = [database, bodies, repeats, limit]
    static let synopses: [[UsageTerm]] = [
        [.bracketed([.alternatives([[.option(database)], [.option(bodies)]])]), .optional(repeats), .optional(limit)],
    ]
    static let discussion = """
        With neither --db nor --fixtures, a realistic corpus is generated in memory: chat requests with long messages, chat \
        responses, SSE streams (unnamed and named events), NDJSON streams and embedding vectors (floats and base64).
        """

    let databasePath: String?
    let fixturesPath: String?
    let repeats: Int
    let limitBytes: Int

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        databasePath = try options.value(Self.database)?.raw
        fixturesPath = try options.value(Self.bodies)
        repeats = try options.value(Self.repeats)
        limitBytes = try options.value(Self.limit) << 20
    }

    func validate() throws(CommandError) {
        if databasePath != nil, fixturesPath != nil { throw .usage("give either '--db' or '--fixtures', not both") }
    }

    /// One logged row, held in memory.
    struct Row {
        var request: [UInt8]?
        var response: [UInt8]?
        var status: Int?
        var bytes: Int { (request?.count ?? 0) + (response?.count ?? 0) }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let source: String
        let rows: [Row]
        if let databasePath {
            rows = try Self.load(database: databasePath, limit: limitBytes)
            source = databasePath
        } else if let fixturesPath {
            rows = try Self.load(fixtures: fixturesPath, limit: limitBytes)
            source = fixturesPath
        } else {
            rows = ShapesCorpus.generate(limit: min(limitBytes, 64 << 20))
            source = "generated corpus"
        }
        let totalBytes = rows.reduce(0) { $0 + $1.bytes }
        guard totalBytes > 0 else {
            throw CommandError(.noInput, "no body bytes found in \(source); pass a database with rows or a directory with files")
        }
        let megabytes = Double(totalBytes) / 1_048_576

        // Warm up both paths once (page faults, caches), then measure.
        var checksum = Self.floor(rows)
        _ = Self.scanAndMerge(rows)
        let floorStart = ContinuousClock.now
        let floorCPUStart = Self.threadCPUTime()
        for _ in 0..<repeats { checksum &+= Self.floor(rows) }
        let floorCPU = Self.threadCPUTime() - floorCPUStart
        let floorTime = Self.seconds(ContinuousClock.now - floorStart)

        let validateCPUStart = Self.threadCPUTime()
        var validDocuments = 0
        for _ in 0..<repeats { validDocuments &+= Self.validate(rows) }
        let validateCPU = Self.threadCPUTime() - validateCPUStart

        let scanStart = ContinuousClock.now
        let scanCPUStart = Self.threadCPUTime()
        var total = ShapeSet()
        for _ in 0..<repeats { total.merge(Self.scanAndMerge(rows)) }
        let scanCPU = Self.threadCPUTime() - scanCPUStart
        let scanTime = Self.seconds(ContinuousClock.now - scanStart)

        let scanned = megabytes * Double(repeats)
        let documents = total.documents.values.reduce(0, +)
        let rejected = total.rejected.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value / repeats)" }.joined(separator: " ")
        context.out("""
            shapes benchmark (single thread, \(source))
              corpus        \(rows.count) rows, \(Self.format(megabytes)) MB of bodies, \(repeats) passes
                            wall time, MB/s           thread CPU time, MB/s
              read floor    \(Self.format(floorTime)) s  \(Self.format(scanned / floorTime)) MB/s       \(Self.format(floorCPU)) s  \(Self.format(scanned / floorCPU)) MB/s  (checksum \(String(checksum & 0xFFFF, radix: 16)))
              scan + merge  \(Self.format(scanTime)) s  \(Self.format(scanned / scanTime)) MB/s       \(Self.format(scanCPU)) s  \(Self.format(scanned / scanCPU)) MB/s per core
              ratio         \(Self.format(scanTime / floorTime))x the read floor (wall), \(Self.format(scanCPU / floorCPU))x (CPU)
              (scan only    framing + validating scan, no shapes: \(Self.format(validateCPU)) s CPU  \(Self.format(scanned / validateCPU)) MB/s, \(validDocuments / repeats) valid documents per pass)
              shapes        \(total.kinds.count) kinds, \(documents / repeats) documents per pass, rejected per pass: \(rejected.isEmpty ? "none" : rejected)

            """)
        return .success
    }

    /// Touches every byte: a wrapping sum of 8-byte words (and the tail bytes).
    static func floor(_ rows: [Row]) -> UInt64 {
        var sum: UInt64 = 0
        for row in rows {
            sum &+= row.request?.withUnsafeBytes(ReadFloor.touch) ?? 0
            sum &+= row.response?.withUnsafeBytes(ReadFloor.touch) ?? 0
        }
        return sum
    }

    /// Frames every body and validates each document, building nothing: the scanner's own cost.
    static func validate(_ rows: [Row]) -> Int {
        var valid = 0
        func check(_ bytes: [UInt8]?) {
            guard let bytes else { return }
            bytes.withUnsafeBytes { body in
                _ = BodyFramer.frame(body) { document in
                    var scanner = JSONScanner(document.bytes)
                    if (try? scanner.validate()) != nil { valid += 1 }
                }
            }
        }
        for row in rows {
            check(row.request)
            check(row.response)
        }
        return valid
    }

    /// Frames and scans every body into a fresh `ShapeSet`, as the job does per key.
    static func scanAndMerge(_ rows: [Row]) -> ShapeSet {
        var set = ShapeSet(watching: ["gpt-4o-mini"])
        for row in rows {
            set.add(request: row.request, response: row.response, status: row.status)
        }
        return set
    }

    static func load(database path: String, limit: Int) throws -> [Row] {
        let db = try LogDatabase.open(path)
        var rows: [Row] = []
        var bytes = 0
        var lastID: Int64 = 0
        let sql = "SELECT id, request_body, response_body, status FROM request_logs WHERE id > ? ORDER BY id LIMIT ?"
        while bytes < limit {
            var batch = 0
            try db.forEachRow(sql, [lastID, 1_000]) { statement in
                lastID = statement.int64(at: 0) ?? lastID
                let row = Row(request: statement.bytes(at: 1), response: statement.bytes(at: 2), status: statement.int64(at: 3).map { Int($0) })
                bytes += row.bytes
                rows.append(row)
                batch += 1
            }
            if batch == 0 { break }
        }
        return rows
    }

    static func load(fixtures path: String, limit: Int) throws -> [Row] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError(.noInput, "no such directory: \(path); pass a fixtures directory with --fixtures")
        }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw CommandError(.noInput, "cannot read \(path); check its permissions")
        }
        var rows: [Row] = []
        var bytes = 0
        for case let relative as String in enumerator {
            let full = (path as NSString).appendingPathComponent(relative)
            var fileIsDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &fileIsDirectory), !fileIsDirectory.boolValue,
                let data = FileManager.default.contents(atPath: full)
            else { continue }
            let name = relative.lowercased()
            let body = [UInt8](data)
            if name.contains("request") {
                rows.append(Row(request: body, response: nil, status: nil))
            } else {
                rows.append(Row(request: nil, response: body, status: name.contains("error") ? 500 : 200))
            }
            bytes += body.count
            if bytes >= limit { break }
        }
        return rows
    }

    /// CPU time of the calling thread, in seconds: unaffected by other processes on a busy machine.
    static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    static func format(_ value: Double) -> String {
        String(format: value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.3f", value)
    }
}
