import Demo
import Foundation
import SQLite
import SQLiteLogs
import TestSupport

/// A gateway log database made in a test from `Fixtures/`, in WAL mode like the gateway's, with
/// rows inserted exactly as the test needs.
public final class LogBuilder {
    public let path: String
    public let manifest: FixtureManifest
    /// The writing connection; nil after `close()` until `reopen()`.
    public private(set) var connection: Database?
    /// The directory the database lives in, when the builder made its own.
    public let directory: TemporaryDirectory?
    private var clock = 0

    /// A new database at `path` (in a temporary directory of its own when nil).
    public init(path: String? = nil) throws {
        directory = path == nil ? try TemporaryDirectory() : nil
        self.path = path ?? directory!.path("logs.db")
        manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let db = try Database(path: self.path, mode: .create)
        try db.executeScript(LogContract.createSQL)
        connection = db
    }

    /// The writing connection, reopened when closed.
    public var db: Database {
        get throws {
            if let connection { return connection }
            let db = try Database(path: path, mode: .readWrite)
            connection = db
            return db
        }
    }

    /// Reopens the database to add rows (after `close()`).
    public func reopen() throws { _ = try db }

    /// Closes the connection: the WAL is checkpointed into the file and removed.
    public func close() { connection = nil }

    /// Inserts `times` rows of a fixture exchange, its model replaced by `model` in bodies and
    /// path; `loggedModel` is what the gateway wrote in the `model` column (nil: NULL); `path`
    /// puts the rows on another URL path (another API's endpoint). Returns the new ids.
    @discardableResult
    public func insert(
        _ name: String, model: String, loggedModel: String?? = .none, times: Int = 1, path urlPath: String? = nil,
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
        let target = urlPath.map { fixtureModel.isEmpty ? $0 : $0.replacingOccurrences(of: fixtureModel, with: model) } ?? rendered.path
        let logged: String? = loggedModel ?? model
        let rowStatus: Int? = status ?? exchange.status
        let db = try self.db
        var ids: [Int64] = []
        try db.inTransaction {
            for _ in 0..<times {
                clock += 1
                try db.execute(
                    "INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [Date(timeIntervalSince1970: 1_795_564_800 + Double(clock)).ISO8601Format(), "https://\(host ?? exchange.host)\(target)", "test", logged, rowStatus, request, response])
                ids.append(db.lastInsertedRowID)
            }
        }
        return ids
    }

    /// The plain exchange of each of nine APIs, in a fixed order.
    public static let plainExchanges = [
        "openai.chat_completions/plain", "anthropic.messages/plain", "cohere.chat_v2/plain", "ollama.chat/plain",
        "openai.embeddings/float", "openai.responses/plain", "google.generate_content/plain", "ollama.generate/plain",
        "openai.completions/plain",
    ]

    /// The path of `name` for `model`, as the gateway logs it.
    public func endpoint(_ name: String, model: String) throws -> String {
        try manifest.rendered(try manifest.exchange(named: name), model: model).path
    }
}
