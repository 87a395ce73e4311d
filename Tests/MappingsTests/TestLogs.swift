import TestSupport
import Catalog
import Demo
import Foundation
import Logs
import SQLiteLogs
import SQLite

/// A log database made in a test from `Fixtures/`, with rows inserted exactly as a test needs.
final class TestLogs {
    let dir: TemporaryDirectory
    let path: String
    let db: Database
    let manifest: FixtureManifest
    private(set) var clock = 0

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func catalog() throws -> Catalog {
        try Catalog.load(directory: repository.appendingPathComponent("schemas"))
    }

    init() throws {
        dir = try TemporaryDirectory()
        path = dir.path("logs.db")
        db = try Database(path: path, mode: .create)
        try db.executeScript(LogContract.createSQL)
        manifest = try FixtureManifest.load(directory: Self.repository.appendingPathComponent("Fixtures"))
    }

    /// Inserts `times` rows of a fixture exchange, its model replaced by `model` in bodies and
    /// path; `loggedModel` is what the gateway wrote in the `model` column (nil: NULL).
    @discardableResult
    func insert(
        _ name: String, model: String, loggedModel: String?? = .none, times: Int = 1, path: String? = nil,
        host: String? = nil, status: Int?? = .none, transform: (String) -> String = { $0 }
    ) throws -> [Int64] {
        let exchange = try manifest.exchange(named: name)
        let rendered = try manifest.rendered(exchange, model: model)
        func body(_ bytes: [UInt8]?) -> [UInt8]? {
            bytes.map { Array(transform(String(decoding: $0, as: UTF8.self)).utf8) }
        }
        let request = body(rendered.request)
        let response = body(rendered.response)
        let fixtureModel = exchange.model ?? ""
        let urlPath = path.map { fixtureModel.isEmpty ? $0 : $0.replacingOccurrences(of: fixtureModel, with: model) } ?? rendered.path
        let logged: String? = loggedModel ?? model
        let rowStatus: Int? = status ?? exchange.status
        var ids: [Int64] = []
        for _ in 0..<times {
            clock += 1
            try db.execute(
                "INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                ["2026-11-25T00:00:\(clock)Z", "https://\(host ?? exchange.host)\(urlPath)", "test", logged, rowStatus, request, response])
            ids.append(db.lastInsertedRowID)
        }
        return ids
    }
}
