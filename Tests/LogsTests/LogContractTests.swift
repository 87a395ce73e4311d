import TestSupport
import SQLiteLogs
import Testing
import SQLite
@testable import Logs

@Suite struct LogContractTests {
    @Test func theGatewaysSchemaPasses() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.executeScript(LogContract.createSQL)
        try LogContract.check(db)
    }

    @Test func aMissingTableIsNamed() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.execute("CREATE TABLE other (x)")
        let error = try #require(throws: LogContractError.self) { try LogContract.check(db) }
        #expect(error.problem == .missingTable("request_logs"))
        #expect(error.description.contains("no table 'request_logs'"))
    }

    @Test func missingColumnsAreNamed() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.execute("CREATE TABLE request_logs (id INTEGER PRIMARY KEY, created_at TEXT, target_url TEXT, model TEXT, status INTEGER)")
        let error = try #require(throws: LogContractError.self) { try LogContract.check(db) }
        #expect(error.problem == .missingColumns(["provider", "request_body", "response_body"]))
        #expect(error.description.contains("'request_body'"))
    }

    @Test func aMissingModelIndexIsAnErrorWithTheFix() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.executeScript(LogContract.createSQL)
        try db.execute("DROP INDEX request_logs_model")
        let error = try #require(throws: LogContractError.self) { try LogContract.check(db) }
        #expect(error.problem == .missingModelIndex)
        #expect(error.description.contains("CREATE INDEX request_logs_model ON request_logs(model, id)"))
    }

    @Test func anIndexWithExtraTrailingColumnsStillServes() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("logs.db"), mode: .create)
        try db.executeScript(LogContract.createSQL)
        try db.execute("DROP INDEX request_logs_model")
        try db.execute("CREATE INDEX by_model ON request_logs(model, id, status)")
        try LogContract.check(db)
    }
}
