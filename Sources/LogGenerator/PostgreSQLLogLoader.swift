import Logs
import PostgreSQL
import PostgreSQLLogs
import SQLite
import SQLiteLogs

/// Copies an SQLite log database's `request_logs` into a PostgreSQL table, ids and bytes as
/// they are: how tests and the benchmark put the same logs behind both sources.
public struct PostgreSQLLogLoader {
    public let connection: PGConnection
    public let contract: PostgreSQLLogContract
    /// How the bodies are stored: `bytea` (what the contract's table uses) or `text` (which
    /// cannot hold a NUL byte: such a body, a binary upload, is loaded as NULL).
    public var bodyType: String

    /// Rows per INSERT statement.
    static let batch = 250

    public init(connection: PGConnection, table: String = RequestLogsTable.name, bodyType: String = "bytea") {
        self.connection = connection
        contract = PostgreSQLLogContract(table: table)
        self.bodyType = bodyType
    }

    /// Creates the table (when missing) and its index.
    public func createTable() throws {
        try connection.executeScript(contract.createSQL(bodyType: bodyType))
    }

    /// Copies the rows of the SQLite database at `path` with `id > afterID`; returns how many.
    /// The identity moves past the highest id, so a gateway writing afterwards goes on from there.
    @discardableResult
    public func load(fromSQLite path: String, afterID: Int64 = 0) throws -> Int {
        try createTable()
        let db = try Database(path: path, mode: .readOnly)
        var pending: [PGValue] = []
        var rows = 0
        try connection.execute("BEGIN")
        try db.forEachRow(
            "SELECT id, created_at, target_url, provider, model, status, request_body, response_body FROM request_logs WHERE id > ? ORDER BY id",
            [afterID]
        ) { row in
            pending += [
                .integer(row.int64(at: 0) ?? 0), .text(row.string(at: 1) ?? ""), .text(row.string(at: 2) ?? ""),
                row.string(at: 3).map(PGValue.text) ?? .null, row.lentBytes(at: 4).map { .text(String(decoding: $0, as: UTF8.self)) } ?? .null,
                row.int64(at: 5).map(PGValue.integer) ?? .null, body(row.lentBytes(at: 6)), body(row.lentBytes(at: 7)),
            ]
            rows += 1
            if pending.count == Self.batch * 8 { try insert(&pending) }
        }
        try insert(&pending)
        try connection.execute(
            "SELECT setval(pg_get_serial_sequence($1, 'id'), greatest(1, (SELECT max(id) FROM \(contract.quotedTable))))",
            [.text(contract.quotedTable)])
        try connection.execute("COMMIT")
        try connection.execute("ANALYZE \(contract.quotedTable)")
        return rows
    }

    func body(_ bytes: UnsafeRawBufferPointer?) -> PGValue {
        guard let bytes else { return .null }
        if bodyType == "bytea" { return .bytes(Array(bytes)) }
        return bytes.contains(0) ? .null : .text(String(decoding: bytes, as: UTF8.self))
    }

    func insert(_ pending: inout [PGValue]) throws {
        guard !pending.isEmpty else { return }
        let rows = pending.count / 8
        let values = (0..<rows).map { row in
            "(" + (1...8).map { "$\(row * 8 + $0)" }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
        try connection.execute(
            """
            INSERT INTO \(contract.quotedTable) (id, created_at, target_url, provider, model, status, request_body, response_body)
            VALUES \(values)
            """, pending)
        pending.removeAll(keepingCapacity: true)
    }
}
