import TestSupport
import Foundation
import Testing
import Logs
import SQLiteLogs
import Job
import SQLiteStore
import Store
import SQLite
@testable import Report

@Suite struct MappingReportTests {
    func makeReport(models: [String]) throws -> MappingReport {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.executeScript(LogContract.createSQL)
        let store = MappingStore(db)
        try store.migrate()
        var records: [MappingRecord] = []
        for (index, model) in models.enumerated() {
            try db.execute(
                "INSERT INTO request_logs (created_at, target_url, model, status) VALUES ('2026-11-25T00:00:00Z', ?, ?, 200)",
                ["https://very-long-host-name-for-a-gateway-node-\(index).example.internal/v1/chat/completions", model])
            records.append(MappingRecord(
                model: model, endpoint: "/openai/deployments/{deployment}/chat/completions/with/a/long/tail",
                schemaID: "openai.chat_completions", status: index == 0 ? .drifted : .mapped, confidence: 0.91, fieldMap: "{}",
                providers: (0..<6).map { ProviderSeen(host: "very-long-host-name-\($0).example.internal", provider: "x", approved: false, rows: 3) },
                samples: 10, lastLogID: 1, structureHash: "h", mapperVersion: "t", updatedAt: ""))
        }
        try store.save(records, runID: nil)
        return try MappingReport.make(logs: SQLiteLogConnection(db), store: store, databasePath: dir.path("logs.db"))
    }

    @Test func theTableFitsAHundredColumnsAndEscapesControlCharacters() throws {
        let evil = "model\u{1B}[31mred\u{07}" + String(repeating: "x", count: 80)
        let report = try makeReport(models: [evil, "plain-model"])
        let table = report.table()
        for line in table.split(separator: "\n") {
            #expect(line.count <= 100, "\(line.count): \(line)")
        }
        #expect(!table.contains("\u{1B}"))
        #expect(!table.contains("\u{07}"))
        #expect(table.contains("\\u{1b}"))
        #expect(table.contains("(unapproved)"))
    }

    @Test func aDriftedKeyNeedsAttention() throws {
        let report = try makeReport(models: ["a", "b"])
        #expect(report.totals["drifted"] == 1)
        #expect(report.needsAttention)
    }

    @Test func theJSONFormIsStableAndComplete() throws {
        let report = try makeReport(models: ["a"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["database", "keys", "totals", "pending", "rows_without_model", "unattributed"]))
        let keys = try #require(object["keys"] as? [[String: Any]])
        #expect(keys.first?["schema_id"] as? String == "openai.chat_completions")
        #expect(try report.json() == report.json())
    }
}
