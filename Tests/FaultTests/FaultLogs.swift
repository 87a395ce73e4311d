import Demo
import Foundation
import Logs
import SQLiteLogs
import SQLite

/// A gateway log database made in a test from `Fixtures/`: WAL mode, like the gateway's.
final class FaultLogs {
    let path: String
    let manifest: FixtureManifest
    private var db: Database?
    private var clock = 0

    /// The plain exchange of each API the fault tests use, in a fixed order.
    static let plainExchanges = [
        "openai.chat_completions/plain", "anthropic.messages/plain", "cohere.chat_v2/plain", "ollama.chat/plain",
        "openai.embeddings/float", "openai.responses/plain", "google.generate_content/plain", "ollama.generate/plain",
        "openai.completions/plain",
    ]

    init(path: String) throws {
        self.path = path
        manifest = try FixtureManifest.load(directory: Executables.repository.appendingPathComponent("Fixtures"))
        let db = try Database(path: path, mode: .create)
        try db.executeScript(LogContract.createSQL)
        self.db = db
    }

    /// Reopens the database to add rows (after `close()`).
    func reopen() throws {
        if db == nil { db = try Database(path: path, mode: .readWrite) }
    }

    /// Closes the connection: the WAL is checkpointed into the file and removed.
    func close() { db = nil }

    /// Inserts `times` rows of a fixture exchange with its model replaced by `model` (bodies and
    /// path); `path` puts the rows on another URL path (another API's endpoint).
    func insert(_ name: String, model: String, times: Int, path urlPath: String? = nil) throws {
        guard let db else { throw FaultFailure("the log database is closed") }
        let exchange = try manifest.exchange(named: name)
        let (request, response, renderedPath) = try manifest.rendered(exchange, model: model)
        let target = urlPath ?? renderedPath
        try db.inTransaction {
            for _ in 0..<times {
                clock += 1
                try db.execute(
                    "INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ["2026-11-25T00:00:\(clock)Z", "https://\(exchange.host)\(target)", "fault", model, exchange.status, request, response])
            }
        }
    }

    /// The path of `name` for `model`, as the gateway logs it.
    func endpoint(_ name: String, model: String) throws -> String {
        try manifest.rendered(try manifest.exchange(named: name), model: model).path
    }
}

/// Every row of a table, as text by column name, keyed by the given columns.
func snapshot(_ path: String, table: String, key: [String], ignoring: Set<String> = []) throws -> [String: [String: String]] {
    let db = try Database(path: path, mode: .readOnly)
    guard try db.tableExists(table) else { return [:] }
    var rows: [String: [String: String]] = [:]
    try db.forEachRow("SELECT * FROM \(table)") { row in
        var values: [String: String] = [:]
        for index in 0..<row.columnCount where !ignoring.contains(row.columnName(at: index)) {
            values[row.columnName(at: index)] = row.isNull(at: index) ? "NULL" : (row.string(at: index) ?? "")
        }
        var keyText = ""
        for column in key {
            guard let index = (0..<row.columnCount).first(where: { row.columnName(at: $0) == column }) else { continue }
            keyText += (row.string(at: index) ?? "NULL") + "\u{1F}"
        }
        rows[keyText] = values
    }
    return rows
}

/// `PRAGMA integrity_check` of the file: "ok" or SQLite's list of problems.
func integrityCheck(_ path: String) throws -> String {
    let db = try Database(path: path, mode: .readOnly)
    return try db.fetchAll("PRAGMA integrity_check") { $0.string(at: 0) ?? "" }.joined(separator: "\n")
}

/// The bytes of a file, or nil when it cannot be read.
func fileBytes(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

/// The size of the WAL beside a database, 0 when there is none.
func walSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
}

/// Copies a database file (and any WAL beside it) to `destination`.
func copyDatabase(_ source: String, to destination: String) throws {
    for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: destination + suffix)
        if FileManager.default.fileExists(atPath: source + suffix) {
            try FileManager.default.copyItem(atPath: source + suffix, toPath: destination + suffix)
        }
    }
}
