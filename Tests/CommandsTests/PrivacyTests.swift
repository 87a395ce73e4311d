import TestSupport
import Catalog
import Demo
import Foundation
import Logs
import PostgreSQL
import SQLiteLogs
import SQLite
import TestLogSupport
import CommandTestSupport
import Testing
@testable import Commands

/// Every text value of every fixture body becomes a canary (the same one in each of 25 copies, so
/// it looks like a closed set); no canary may reach any output, log line, metric or mapper table.
@Suite struct PrivacyTests {
    static let marker = "CANARYq7"

    /// Rewrites bodies: every string the catalog does not name (and that is not the model) becomes
    /// a canary, numbered per distinct value.
    final class Canaries {
        let named: Set<String>
        var numbers: [String: Int] = [:]

        init(named: Set<String>) { self.named = named }

        func canary(_ value: String, model: String) -> String {
            if value.isEmpty || value == model || named.contains(value) { return value }
            if let number = numbers[value] { return "\(PrivacyTests.marker)-\(number)" }
            numbers[value] = numbers.count
            return "\(PrivacyTests.marker)-\(numbers.count - 1)"
        }

        func rewrite(_ value: Any, model: String) -> Any {
            switch value {
            case let text as String: return canary(text, model: model)
            case let array as [Any]: return array.map { rewrite($0, model: model) }
            case let object as [String: Any]: return object.mapValues { rewrite($0, model: model) }
            default: return value
            }
        }

        func rewriteJSON(_ text: Substring, model: String) -> String? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else { return nil }
            let data = try? JSONSerialization.data(withJSONObject: rewrite(object, model: model), options: [.fragmentsAllowed, .withoutEscapingSlashes])
            return data.map { String(decoding: $0, as: UTF8.self) }
        }

        /// A whole body: JSON, SSE, NDJSON or text; multipart is left as it is (file bytes and parameters).
        func body(_ bytes: [UInt8], contentType: String?, model: String) -> [UInt8] {
            let text = String(decoding: bytes, as: UTF8.self)
            if contentType?.contains("multipart") == true || contentType?.contains("html") == true { return bytes }
            if let json = rewriteJSON(Substring(text), model: model) { return Array(json.utf8) }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let isStream = lines.contains { $0.hasPrefix("data:") || $0.hasPrefix("{") }
            guard isStream else { return Array(canary(text, model: model).utf8) }
            let rewritten = lines.map { line -> String in
                var content = line
                let carriage = content.hasSuffix("\r")
                if carriage { content = content.dropLast() }
                var out = String(content)
                if content.hasPrefix("data:") {
                    let payload = content.dropFirst(5).drop { $0 == " " }
                    if let json = rewriteJSON(payload, model: model) { out = "data: " + json }
                } else if content.hasPrefix("{"), let json = rewriteJSON(content, model: model) {
                    out = json
                }
                return carriage ? out + "\r" : out
            }
            return Array(rewritten.joined(separator: "\n").utf8)
        }
    }

    @Test(arguments: LogBackend.available)
    func noBodyTextReachesOutputLogsMetricsOrTables(backend: LogBackend) throws {
        let dir = try TemporaryDirectory()
        let catalog = try Catalog.load(directory: Repository.schemas)
        let manifest = try DemoLogs.manifest()
        let canaries = Canaries(named: catalog.namedValues)
        let path = dir.path("logs.db")
        let db = try Database(path: path, mode: .create)
        try db.executeScript(LogContract.createSQL)
        var models: [String] = []
        try db.inTransaction {
            for exchange in manifest.exchanges {
                let model = exchange.model ?? "unnamed-model"
                models.append(model)
                let request = try exchange.request.map { canaries.body(try manifest.bytes($0), contentType: exchange.requestContentType, model: model) }
                let response = try exchange.response.map { canaries.body(try manifest.bytes($0), contentType: exchange.responseContentType, model: model) }
                for _ in 0..<25 {
                    try db.execute(
                        "INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        ["2026-11-25T00:00:00Z", "https://\(exchange.host)\(exchange.path)", "p", model, exchange.status, request, response])
                }
            }
        }
        // The canaries are really in the log, so this test can fail.
        let planted = try db.scalarInt("SELECT count(*) FROM request_logs WHERE instr(CAST(request_body AS TEXT), ?) > 0 OR instr(CAST(response_body AS TEXT), ?) > 0", [Self.marker, Self.marker]) ?? 0
        #expect(planted > 1_000)

        let metrics = dir.path("metrics.prom")
        var outputs: [String] = []
        let (location, keep) = try backend.logs(from: path)
        defer { withExtendedLifetime(keep) {} }
        for arguments in [
            ["run", "--db", location, "--metrics-file", metrics],
            ["report", "--db", location],
            ["report", "--db", location, "--json"],
            ["expedite", "--db", location, "--model", models[0]],
            ["infer", "--db", location, "--model", models[0]],
            ["infer", "--db", location, "--model", "claude-3-5-haiku-20241022", "--json-schema"],
        ] {
            let result = CommandRunner.run(arguments)
            #expect(result.code == .success || result.code == .attention, "\(arguments): \(result.err)")
            outputs += [result.out, result.err]
        }
        outputs.append(try String(contentsOfFile: metrics, encoding: .utf8))
        outputs += try Self.mapperTables(backend == .sqlite ? location : nil, postgres: backend == .postgresql ? location : nil)
        let leaks = outputs.filter { $0.contains(Self.marker) }
        #expect(leaks.isEmpty, "canary found in: \(leaks.map { String($0.prefix(200)) })")
    }

    /// Every value of every table of the mapper's, as text.
    static func mapperTables(_ sqlite: String?, postgres: String?) throws -> [String] {
        var outputs: [String] = []
        if let postgres {
            let connection = try PGConnection(try PGConnectionString(postgres))
            let tables = try connection.execute("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'request_logs'")
            let names = (0..<tables.rowCount).compactMap { tables.string($0, 0) }
            #expect(names.contains("model_mappings"))
            for name in names {
                let rows = try connection.execute("SELECT row_to_json(t)::text FROM \(name) t")
                outputs += (0..<rows.rowCount).compactMap { rows.string($0, 0) }
            }
            return outputs
        }
        guard let path = sqlite else { return [] }
        let reader = try Database(path: path, mode: .readOnly)
        let tables = try reader.fetchAll("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'request_logs'") { $0.string(at: 0) ?? "" }
        #expect(tables.contains("model_mappings"))
        for table in tables {
            let columns = try reader.columns(of: table).map(\.name)
            try reader.forEachRow("SELECT * FROM \(table)") { row in
                for index in columns.indices { outputs.append(row.string(at: index) ?? "") }
            }
        }
        return outputs
    }
}
