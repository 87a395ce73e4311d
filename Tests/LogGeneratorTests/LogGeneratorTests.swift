import TestSupport
import Demo
import Foundation
import JSONScanning
import Logs
import SQLiteLogs
import SQLite
import Testing
@testable import LogGenerator

/// One small generated database shared by the tests that only read it.
final class GeneratedLogs: @unchecked Sendable {
    static let shared = try! GeneratedLogs()

    let dir: TemporaryDirectory
    let path: String
    let generator: LogGenerator
    let summary: LogGenerator.Summary
    let truth: LogGenerator.Truth

    static func options(rows: Int = 4_000, models: Int = 40, seed: UInt64 = 11) -> LogGenerator.Options {
        var options = LogGenerator.Options()
        options.rows = rows
        options.models = models
        options.seed = seed
        options.badFraction = 0.05
        return options
    }

    init() throws {
        dir = try TemporaryDirectory()
        path = dir.path("generated.db")
        generator = try LogGenerator(manifest: try FixtureManifest.load(directory: Repository.fixtures), options: Self.options())
        (summary, truth) = try generator.write(to: path)
    }
}

@Suite struct LogGeneratorTests {
    let logs = GeneratedLogs.shared

    @Test func theDatabaseFollowsTheLogContractWithEveryRowWritten() throws {
        let db = try Database(path: logs.path, mode: .readOnly)
        try LogContract.check(db)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs") == 4_000)
        #expect(try db.scalarInt("SELECT min(id) FROM request_logs") == 1)
        #expect(try db.scalarString("PRAGMA journal_mode") == "wal")
        #expect(logs.summary.rows == 4_000)
    }

    @Test func theSameSeedGivesTheSameRowsAndAnotherSeedOtherRows() throws {
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let again = try LogGenerator(manifest: manifest, options: GeneratedLogs.options())
        let other = try LogGenerator(manifest: manifest, options: GeneratedLogs.options(seed: 12))
        var differing = 0
        for index in [0, 1, 17, 999, 3_999] {
            let a = logs.generator.row(index)
            let b = again.row(index)
            #expect(a.request == b.request && a.response == b.response && a.targetURL == b.targetURL && a.model == b.model)
            if other.row(index).response != a.response { differing += 1 }
        }
        #expect(differing >= 4)
        // And the database written from a seed holds exactly those rows.
        let db = try Database(path: logs.path, mode: .readOnly)
        try db.forEachRow("SELECT id, target_url, model, status, request_body, response_body FROM request_logs WHERE id IN (1, 500, 4000)") { row in
            let expected = logs.generator.row(Int(row.int64(at: 0)!) - 1)
            #expect(row.string(at: 1) == expected.targetURL)
            #expect(row.string(at: 2) == expected.model)
            #expect(row.int64(at: 3).map(Int.init) == expected.status)
            #expect(row.bytes(at: 4) == expected.request)
            #expect(row.bytes(at: 5) == expected.response)
        }
    }

    @Test func trafficIsZipfSkewedOverTheModels() throws {
        let counts = logs.summary.rowsPerModel.values.sorted(by: >)
        #expect(counts.count == 40)
        let total = counts.reduce(0, +)
        #expect(counts.prefix(4).reduce(0, +) * 100 / total >= 35, "the top 10% of models take a large share")
        #expect(counts[0] >= 10 * counts[counts.count / 2], "the busiest model dwarfs the median one")
        #expect(counts.last! >= 1)
    }

    @Test func faultsAppearInTheirFractions() throws {
        let summary = logs.summary
        let rows = Double(summary.rows)
        #expect(abs(Double(summary.corruptRows) / rows - 0.05) < 0.015)
        #expect(abs(Double(summary.nullModel) / rows - 0.03) < 0.012)
        #expect(summary.nullStatus >= 1)
        #expect(summary.streamed > summary.rows / 20)
        #expect(summary.errors > summary.rows / 100)
        #expect(summary.uploads > 0)
        for kind in LogGenerator.Corruption.allCases { #expect(summary.corrupt[kind, default: 0] > 0, "\(kind.rawValue)") }
        let db = try Database(path: logs.path, mode: .readOnly)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE model IS NULL") == Int64(summary.nullModel))
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE status IS NULL") == Int64(summary.nullStatus))
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE status >= 500 AND CAST(response_body AS TEXT) LIKE '<html>%'")! > 0)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE status >= 400 AND CAST(response_body AS TEXT) LIKE '{%'")! > 0)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE status = 200 AND CAST(response_body AS TEXT) LIKE '%\"error\"%'")! > 0)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE CAST(response_body AS TEXT) LIKE 'data: %' OR CAST(response_body AS TEXT) LIKE 'event: %'")! > 0)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE target_url LIKE '%/api/%' AND CAST(response_body AS TEXT) LIKE '%\"done\":false%'")! > 0)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE length(response_body) = 0")! > 0)
    }

    @Test func everyCatalogAPIOfTheFixturesAndTheMadeUpOnesArePlantedOnManyHosts() throws {
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let apis = Set(manifest.exchanges.filter { $0.isSuccess && !$0.isErrorFixture }.compactMap(\.api))
        #expect(apis.count >= 14)
        // APIs outside the catalog are planted too; their truth is the heuristic map.
        #expect(!manifest.outsideCatalog.isEmpty)
        #expect(Set(logs.truth.keys.map(\.api)) == apis.union(["heuristic"]))
        #expect(logs.truth.keys.contains { $0.api == "heuristic" && $0.streams == ["ndjson"] })
        #expect(logs.summary.hosts.count >= 15)
        #expect(logs.summary.hosts.filter { $0.hasPrefix("ollama-node-") }.count >= 2)
    }

    @Test func theTruthIsWrittenBesideTheDatabaseAndAgreesWithIt() throws {
        let read = try LogGenerator.readTruth(for: logs.path)
        #expect(read.keys == logs.truth.keys)
        #expect(read.generator.seed == 11 && read.generator.rows == 4_000 && read.generator.models == 40)
        // The demo's reader understands it too.
        #expect(try DemoDatabase.readTruth(for: logs.path).keys == logs.truth.keys)
        let db = try Database(path: logs.path, mode: .readOnly)
        var successes: [LogKey: Int] = [:]
        try db.forEachRow("SELECT model, target_url FROM request_logs WHERE status < 400") { row in
            guard let model = row.string(at: 0) else { return }
            let url = TargetURL(row.string(at: 1) ?? "")
            successes[LogKey(model: model, endpoint: Endpoint.template(path: url.path, model: model)), default: 0] += 1
        }
        for key in read.keys {
            let logged = successes[LogKey(model: key.model, endpoint: key.endpoint), default: 0]
            // NULL-model rows count in the truth; errors under 200 and corrupt rows do not.
            #expect(key.rows > 0)
            #expect(Double(key.rows) <= Double(logged) * 1.2 + 3, "\(key.model) \(key.endpoint)")
        }
    }

    @Test func bodiesAreRewrittenNotCopied() throws {
        // Phrases of the fixtures never reach a generated body; their structure does.
        let db = try Database(path: logs.path, mode: .readOnly)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE CAST(request_body AS TEXT) LIKE '%croissant%' OR CAST(response_body AS TEXT) LIKE '%croissant%'") == 0)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE CAST(request_body AS TEXT) LIKE '%\"messages\"%'")! > 100)
    }

    @Test func clientsDifferInLayoutEscapingAndOptionalFields() throws {
        let db = try Database(path: logs.path, mode: .readOnly)
        func count(_ condition: String) throws -> Int64 {
            try db.scalarInt("SELECT count(*) FROM request_logs WHERE \(condition)") ?? 0
        }
        #expect(try count("CAST(request_body AS TEXT) LIKE '{\"model\":\"%'") > 0, "compact")
        #expect(try count("CAST(request_body AS TEXT) LIKE '{\"model\": \"%'") > 0, "spaced")
        #expect(try count("CAST(request_body AS TEXT) LIKE '{' || char(10) || '  \"%'") > 0, "pretty, 2 spaces")
        #expect(try count("CAST(request_body AS TEXT) LIKE '{' || char(10) || '    \"%'") > 0, "pretty, 4 spaces")
        #expect(try count("CAST(request_body AS TEXT) LIKE '%\"max_tokens\"%'") > 0)
        #expect(try count("CAST(request_body AS TEXT) LIKE '%\"max_completion_tokens\"%'") > 0)
        #expect(try count("instr(request_body, X'5C75') > 0") > 0, "\\u escapes")
        #expect(try count("instr(CAST(request_body AS BLOB), X'C3') > 0 AND CAST(request_body AS TEXT) NOT LIKE '--%'") > 0, "raw UTF-8")
        #expect(try count("CAST(request_body AS TEXT) LIKE '--%' AND instr(CAST(request_body AS TEXT), 'Content-Disposition: form-data') > 0") > 0, "multipart")
    }

    @Test func intactBodiesAreValidJSONAndSizesSpanTheRange() throws {
        var valid = 0
        var invalid = 0
        for index in 0..<1_500 {
            let row = logs.generator.row(index)
            guard row.corruption == nil, let request = row.request, !row.isUpload else { continue }
            let ok = request.withUnsafeBytes { buffer in
                var scanner = JSONScanner(buffer)
                return (try? scanner.validate()) != nil
            }
            if ok { valid += 1 } else { invalid += 1 }
        }
        #expect(invalid == 0)
        #expect(valid > 1_000)
        #expect(logs.summary.percentile(0.01) < 400)
        #expect((500...4_000).contains(logs.summary.percentile(0.5)))
        // Text stops growing at 200 kB; a Bedrock event stream then frames its events with their
        // payloads in base64 (4/3 the bytes, plus prelude, headers and CRCs).
        let largest = logs.summary.percentile(1)
        #expect(largest >= 50_000 && largest <= 300_000, "largest body \(largest) bytes")
    }

    @Test func appendingContinuesTheSameSeedStream() throws {
        let dir = try TemporaryDirectory()
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let small = try LogGenerator(manifest: manifest, options: GeneratedLogs.options(rows: 300, models: 20, seed: 5))
        let path = dir.path("a.db")
        _ = try small.write(to: path)
        let added = try small.append(to: path, rows: 300..<330)
        #expect(added.rows == 30)
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs") == 330)
        try db.forEachRow("SELECT id, response_body FROM request_logs WHERE id > 300") { row in
            #expect(row.bytes(at: 1) == small.row(Int(row.int64(at: 0)!) - 1).response)
        }
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        #expect(throws: FixtureError.self) { _ = try logs.generator.write(to: logs.path) }
    }
}
