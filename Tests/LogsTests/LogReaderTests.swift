import TestSupport
import Testing
import SQLite
@testable import Logs

@Suite struct LogReaderTests {
    func makeLogs(_ dir: TemporaryDirectory) throws -> Database {
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.executeScript(LogContract.createSQL)
        let insert = "INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body) VALUES (?, ?, ?, ?, ?, ?, ?)"
        for index in 1...10 {
            let model: String? = index % 5 == 0 ? nil : (index % 2 == 0 ? "a" : "b")
            try db.execute(insert, [
                "2026-11-25T00:00:\(index)Z", "https://api.openai.com/v1/chat/completions", "openai",
                model, 200, Array("{\"n\":\(index)}".utf8), nil as [UInt8]?,
            ])
        }
        return db
    }

    @Test func summarisesModelsFromTheIndex() throws {
        let dir = try TemporaryDirectory()
        let reader = LogReader(try makeLogs(dir))
        let summaries = try reader.modelSummaries()
        #expect(summaries.map(\.model) == [nil, "a", "b"])
        #expect(summaries.map(\.rows) == [2, 4, 4])
        #expect(summaries.map(\.maxID) == [10, 8, 9])
    }

    @Test func readsTheNewestRowsOfAModelAfterAnID() throws {
        let dir = try TemporaryDirectory()
        let reader = LogReader(try makeLogs(dir))
        var ids: [Int64] = []
        var bodies: [String] = []
        try reader.newestRows(model: "a", afterID: 2, limit: 2) { row in
            ids.append(row.id)
            bodies.append(row.withRequestBody { String(decoding: $0, as: UTF8.self) })
            let hasResponse = row.hasResponseBody
            #expect(!hasResponse)
            return true
        }
        #expect(ids == [8, 6])
        #expect(bodies == ["{\"n\":8}", "{\"n\":6}"])
    }

    @Test func readsRowsWithoutAModel() throws {
        let dir = try TemporaryDirectory()
        let reader = LogReader(try makeLogs(dir))
        var ids: [Int64] = []
        try reader.newestRows(model: nil, limit: 100) { ids.append($0.id); return true }
        #expect(ids == [10, 5])
    }

    @Test(arguments: ["request_logs_model", "by_model_and_id"])
    func theSamplingQueriesUseTheModelIndexWhateverItsName(index: String) throws {
        let dir = try TemporaryDirectory()
        let db = try makeLogs(dir)
        try db.execute("DROP INDEX request_logs_model")
        try db.execute("CREATE INDEX \(index) ON request_logs(model, id)")
        for sql in [
            "SELECT id FROM request_logs WHERE model = ?3 AND id > ?1 ORDER BY id DESC LIMIT ?2",
            "SELECT id FROM request_logs WHERE model IS NULL AND id > ?1 ORDER BY id DESC LIMIT ?2",
            "SELECT model, count(*), max(id) FROM request_logs GROUP BY model",
        ] {
            let arguments: [any DatabaseValueConvertible] = sql.contains("?3") ? [0, 10, "a"] : (sql.contains("?1") ? [0, 10] : [])
            let plan = try db.fetchAll("EXPLAIN QUERY PLAN " + sql, arguments) { $0.string(at: 3) ?? "" }
            #expect(plan.contains { $0.contains("INDEX \(index)") }, "\(sql): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN request_logs") && !$0.contains("INDEX") }, "\(sql): \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(sql): \(plan)")
        }
        // And the reader's own statements run against it.
        var ids: [Int64] = []
        try LogReader(db).newestRows(model: "a", limit: 2) { ids.append($0.id); return true }
        #expect(ids == [8, 6])
    }
}
