import TestSupport
import Catalog
import Demo
import Foundation
import Logs
import SQLiteLogs
import Job
import SQLiteStore
import Store
import Normalize
import SQLite
import TestLogSupport
import CommandTestSupport
import Testing
@testable import Commands

@Suite(.serialized) struct NormalizeCommandTests {
    /// Every successful row of a mapped demo key normalizes with its stored mapping to output and,
    /// where the API reports usage, to input and output token counts; the demo's corrupt bodies are
    /// not counted. A row the gateway did not
    /// attribute, of an API that names the model in neither path nor request (TGI, llama.cpp), has
    /// no key and is skipped; Bedrock's native InvokeModel bodies may leave usage to headers, so a
    /// key there must report it on every row or on none.
    @Test func everySuccessfulDemoRowYieldsOutputAndTokens() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 1_200)
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let db = try Database(path: path, mode: .readOnly)
        let store = MappingStore(db)
        var cache = MappingCache(store: store, catalog: nil)
        var checked = 0
        var unattributable = 0
        var usage: [LogKey: Set<Bool>] = [:]
        // The demo's corrupt responses, some still readable (a BOM before another API's document).
        let manifest = try DemoLogs.manifest()
        let corrupt = Set(try manifest.corrupt.filter { $0.role == "response" }.map { try manifest.bytes($0.file) })
        var problems: [String] = []
        let reader = SQLiteLogConnection(db)
        for summary in try reader.modelSummaries() {
            try reader.newestRows(model: summary.model, limit: 100_000) { row in
                guard let status = row.status, status < 400 else { return true }
                if row.withResponseBody({ corrupt.contains(Array($0)) }) { return true }
                let normalized: (LogKey, MappingRecord, NormalizeCommand.Line)
                do {
                    normalized = try cache.normalize(row)
                } catch let error as CommandError where row.model == nil && error.message.contains("has no model") {
                    unattributable += 1
                    return true
                }
                let (key, mapping, line) = normalized
                guard mapping.status == .mapped else { return true }
                let record = line.record
                // Corrupt bodies and error bodies under 200 are reported, not counted here.
                if record.issues.contains(where: Self.isUnreadableResponse) || record.errorMessage != nil || record.errorType != nil {
                    return true
                }
                let fieldMap = try FieldMap.decode(from: Data(mapping.fieldMap.utf8))
                checked += 1
                // Found output, even an empty generation (a recorded HF `/generate` answers "").
                let hasOutput = record.outputText != nil || !record.toolCalls.isEmpty || (record.embeddingCount ?? 0) > 0
                    || !record.outputMessages.isEmpty
                let expectsOutput = fieldMap[.outputText] != nil || fieldMap[.embeddingsVectors] != nil
                if expectsOutput && !hasOutput { problems.append("\(key) row \(row.id): no output") }
                let reportsUsage = fieldMap[.inputTokens] != nil && fieldMap[.outputTokens] != nil
                if reportsUsage && key.endpoint == Self.usageMayBeInHeaders {
                    usage[key, default: []].insert(record.inputTokens != nil && record.outputTokens != nil)
                } else if reportsUsage && key.endpoint != "/v1/audio/transcriptions" && key.endpoint != "/v1/images/generations" {
                    if record.inputTokens == nil || record.outputTokens == nil {
                        problems.append("\(key) row \(row.id): tokens \(String(describing: record.inputTokens))/\(String(describing: record.outputTokens)) \(record.issues.prefix(3))")
                    }
                }
                return true
            }
        }
        #expect(checked > 500)
        #expect(unattributable < checked / 10)
        #expect(problems.isEmpty, "\(problems.count) rows: \(problems.prefix(10))")
        let mixed = usage.filter { $0.value.count > 1 }.map(\.key)
        #expect(mixed.isEmpty, "keys reporting usage on some rows only: \(mixed)")
    }

    /// Bedrock InvokeModel's endpoint: some native bodies carry their token counts (Llama, Titan),
    /// others leave them to `X-Amzn-Bedrock-*-Token-Count` headers (Cohere Command, Mistral).
    static let usageMayBeInHeaders = "/model/{model}/invoke"

    /// A response that was not a readable document (truncated, HTML, empty…): the demo's corrupt rows.
    static func isUnreadableResponse(_ issue: FieldIssue) -> Bool {
        guard issue.body == .response || issue.body == .responseStream else { return false }
        switch issue.kind {
        case .unreadableBody, .unexpectedFormat: return true
        default: return false
        }
    }

    @Test func oneRowPrintsAsTextOrJSON() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let db = try Database(path: path, mode: .readOnly)
        let id = try #require(try db.scalarInt("SELECT min(id) FROM request_logs WHERE model = 'claude-3-5-haiku-20241022' AND status = 200"))
        let text = CommandRunner.run(["normalize", "--db", path, "--id", "\(id)"])
        #expect(text.code == .success, "\(text.err)")
        #expect(text.out.contains("anthropic.messages"))
        #expect(text.out.contains("tokens"))
        let json = CommandRunner.run(["normalize", "--db", path, "--id", "\(id)", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["log.id"] as? Int == Int(id))
        let lines = CommandRunner.run(["normalize", "--db", path, "--model", "claude-3-5-haiku-20241022", "--limit", "5", "--jsonl"])
        #expect(lines.out.split(separator: "\n").count == 5)
    }

    @Test func aMissingRowOrMappingIsAClearError() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let none = CommandRunner.run(["normalize", "--db", path, "--id", "1"])
        #expect(none.code == .dataError)
        #expect(none.err.contains("run 'gateway-mapper run"))
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let missing = CommandRunner.run(["normalize", "--db", path, "--id", "99999999"])
        #expect(missing.code == .noInput)
        #expect(CommandRunner.run(["normalize", "--db", path, "--model", "x"]).code == .usage)
    }
}
