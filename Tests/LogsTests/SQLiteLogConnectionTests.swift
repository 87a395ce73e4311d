import TestSupport
import SQLiteLogs
import Testing
import SQLite
@testable import Logs

@Suite struct SQLiteLogConnectionTests {
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
        let reader = SQLiteLogConnection(try makeLogs(dir))
        let summaries = try reader.modelSummaries()
        #expect(summaries.map(\.model) == [nil, "a", "b"])
        #expect(summaries.map(\.rows) == [2, 4, 4])
        #expect(summaries.map(\.maxID) == [10, 8, 9])
    }

    @Test func findsEachModelsNewestRowBySeekingTheIndex() throws {
        let dir = try TemporaryDirectory()
        let reader = SQLiteLogConnection(try makeLogs(dir))
        let heads = try reader.modelHeads()
        #expect(heads == [.init(model: nil, maxID: 10), .init(model: "a", maxID: 8), .init(model: "b", maxID: 9)])
        #expect(try reader.maxID(model: "a") == 8)
        #expect(try reader.maxID(model: "none") == 0)
    }

    /// Models that sort next to each other (prefixes, the empty name, case, non-ASCII), many rows
    /// each, rows without a model, and values stored as a number and as a blob: the seeks find what a scan of
    /// the whole index finds.
    @Test func modelHeadsAgreeWithAScanOfTheIndex() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.executeScript(LogContract.createSQL)
        let models: [(any DatabaseValueConvertible)?] = [
            "", "a", "a ", "aa", "A", "gpt-4o", "gpt-4o-mini", "modèle", "z", nil, Int64(7), Array("hi".utf8),
        ]
        for index in 0..<600 {
            let model = models[index * 7 % models.count]
            try db.execute(
                "INSERT INTO request_logs (created_at, target_url, model) VALUES ('t', 'https://h/v1/x', ?)",
                [model ?? DatabaseValue.null])
        }
        let reader = SQLiteLogConnection(db)
        let scanned = try reader.modelSummaries().map(\.head)
        #expect(try reader.modelHeads() == scanned)
        #expect(scanned.count == models.count)
        #expect(scanned.filter { $0.storage == .blob }.map(\.model) == ["hi"])
    }

    @Test func aModelStoredAsBytesIsReadBackByItsTextAndAnInvalidNameIsFlagged() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.executeScript(LogContract.createSQL)
        for model in [DatabaseValue.blob(Array("bytes".utf8)), .text("nul\u{0}name"), .blob([0xFF, 0x41])] {
            try db.execute("INSERT INTO request_logs (created_at, target_url, model) VALUES ('t', 'https://h/v1/x', ?)", [model])
        }
        let reader = SQLiteLogConnection(db)
        let heads = try reader.modelHeads()
        #expect(heads.map(\.isValidName) == [true, true, false])
        #expect(try reader.storage(of: "bytes") == .blob)
        #expect(try reader.storage(of: "nul\u{0}name") == .text)
        #expect(try reader.storage(of: "nul") == nil)
        var ids: [Int64] = []
        try reader.newestRows(model: "bytes", storage: .blob, afterID: 0, limit: 10) { row in ids.append(row.id); return true }
        #expect(ids == [1])
    }

    @Test func findsNoHeadsInAnEmptyLog() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.executeScript(LogContract.createSQL)
        #expect(try SQLiteLogConnection(db).modelHeads().isEmpty)
    }

    @Test func readsTheNewestRowsOfAModelAfterAnID() throws {
        let dir = try TemporaryDirectory()
        let reader = SQLiteLogConnection(try makeLogs(dir))
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
        let reader = SQLiteLogConnection(try makeLogs(dir))
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
        try SQLiteLogConnection(db).newestRows(model: "a", limit: 2) { ids.append($0.id); return true }
        #expect(ids == [8, 6])
    }
}
