import Logs
import PostgreSQL

/// One thread's reads of the logs in PostgreSQL, always through the `(model, id)` index, one row
/// at a time in binary format.
public struct PostgreSQLLogConnection: LogConnection {
    public let connection: PGConnection
    let table: String
    let found: PostgreSQLLogContract.Found
    /// Bodies larger than this are not read (see `SQLiteLogConnection.maximumBodyBytes`).
    public var maximumBodyBytes: Int

    /// The documented default of ``maximumBodyBytes``: 64 MiB.
    public static let defaultMaximumBodyBytes = 64 << 20

    init(_ connection: PGConnection, contract: PostgreSQLLogContract, found: PostgreSQLLogContract.Found, maximumBodyBytes: Int) {
        self.connection = connection
        table = contract.quotedTable
        self.found = found
        self.maximumBodyBytes = maximumBodyBytes
    }

    public func modelSummaries() throws -> [ModelSummary] {
        let result = try connection.execute("SELECT model::text, count(*)::int8, max(id)::int8 FROM \(table) GROUP BY model")
        return (0..<result.rowCount).map { row in
            ModelSummary(model: result.string(row, 0), rows: Int(result.int64(row, 1) ?? 0), maxID: result.int64(row, 2) ?? 0)
        }
    }

    /// Seeks the index twice per model (a loose index scan), so its cost grows with the models,
    /// not the rows.
    public func modelHeads() throws -> [ModelHead] {
        var heads: [ModelHead] = []
        if let newest = try connection.execute("SELECT max(id)::int8 FROM \(table) WHERE model IS NULL").int64(0, 0) {
            heads.append(ModelHead(model: nil, maxID: newest))
        }
        let result = try connection.execute(
            """
            WITH RECURSIVE models(model) AS (
              (SELECT model FROM \(table) WHERE model IS NOT NULL ORDER BY model LIMIT 1)
              UNION ALL
              SELECT (SELECT t.model FROM \(table) t WHERE t.model > models.model ORDER BY t.model LIMIT 1)
              FROM models WHERE models.model IS NOT NULL
            )
            SELECT model::text, (SELECT max(t.id) FROM \(table) t WHERE t.model = models.model)::int8
            FROM models WHERE model IS NOT NULL
            """)
        for row in 0..<result.rowCount {
            heads.append(ModelHead(model: result.string(row, 0), maxID: result.int64(row, 1) ?? 0))
        }
        return heads
    }

    public func maxID(model: String, storage: ModelStorage) throws -> Int64 {
        guard storage == .text else { return 0 }
        return try connection.execute("SELECT max(id)::int8 FROM \(table) WHERE model = $1", [.text(model)]).int64(0, 0) ?? 0
    }

    public func firstLoggedAt(model: String, storage: ModelStorage) throws -> String? {
        guard storage == .text else { return nil }
        return try connection.execute(
            "SELECT \(createdAtText) FROM \(table) WHERE model = $1 ORDER BY id LIMIT 1", [.text(model)]
        ).string(0, 0)
    }

    /// `created_at` as ISO 8601 text in UTC, whatever its type.
    var createdAtText: String {
        switch found.types["created_at"] {
        case "timestamp with time zone"?:
            return #"to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#
        case "timestamp without time zone"?:
            return #"to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#
        default:
            return "created_at::text"
        }
    }

    public func hasRows(model: String, storage: ModelStorage, atLeast count: Int) throws -> Bool {
        guard storage == .text else { return false }
        let result = try connection.execute(
            "SELECT count(*)::int8 FROM (SELECT 1 FROM \(table) WHERE model = $1 LIMIT $2) AS newest", [.text(model), .integer(Int64(count))])
        return result.int64(0, 0) ?? 0 >= count
    }

    /// A body's size as the server knows it without reading it (jsonb has no such size: its
    /// stored size stands in, which compression can make smaller than its text).
    func size(of column: String) -> String {
        switch found.types[column] {
        case "jsonb"?: "pg_column_size(\(column))"
        case "json"?: "octet_length(\(column)::text)"
        default: "octet_length(\(column))"
        }
    }

    /// The columns a row is read from, with `$max` the parameter holding ``maximumBodyBytes``:
    /// a body over it comes as NULL with its flag set.
    func rowColumns(max: String) -> String {
        """
        id::int8, target_url::text, provider::text, status::int8,
          CASE WHEN \(size(of: "request_body")) > \(max) THEN NULL ELSE request_body END,
          CASE WHEN \(size(of: "response_body")) > \(max) THEN NULL ELSE response_body END,
          model::text, coalesce(\(size(of: "request_body")) > \(max), false), coalesce(\(size(of: "response_body")) > \(max), false)
        """
    }

    public func newestRows(
        model: String?, storage: ModelStorage, afterID: Int64, limit: Int, _ body: (borrowing LogRow) throws -> Bool
    ) throws {
        guard storage == .text else { return }
        let columns = rowColumns(max: "$3")
        let sql = model == nil
            ? "SELECT \(columns) FROM \(table) WHERE model IS NULL AND id > $1 ORDER BY id DESC LIMIT $2"
            : "SELECT \(columns) FROM \(table) WHERE model = $4 AND id > $1 ORDER BY id DESC LIMIT $2"
        var arguments: [PGValue] = [.integer(afterID), .integer(Int64(limit)), .integer(Int64(maximumBodyBytes))]
        if let model { arguments.append(.text(model)) }
        try connection.forEachRow(sql, arguments) { result in try body(Self.row(result)) }
    }

    public func row(id: Int64, _ body: (borrowing LogRow) throws -> Void) throws -> Bool {
        var found = false
        try connection.forEachRow(
            "SELECT \(rowColumns(max: "$2")) FROM \(table) WHERE id = $1", [.integer(id), .integer(Int64(maximumBodyBytes))]
        ) { result in
            found = true
            try body(Self.row(result))
            return false
        }
        return found
    }

    /// Row 0 of a single-row result over ``rowColumns(max:)``, its bytes lent until the result goes.
    static func row(_ result: PGResult) -> LogRow {
        let requestTooLarge = result.int64(0, 7) == 1
        let responseTooLarge = result.int64(0, 8) == 1
        return LogRow(
            id: result.int64(0, 0) ?? 0, status: result.int64(0, 3).map(Int.init),
            targetURL: result.bytes(0, 1) ?? UnsafeRawBufferPointer(start: nil, count: 0),
            provider: result.bytes(0, 2), model: result.bytes(0, 6),
            request: result.bytes(0, 4), response: result.bytes(0, 5),
            isRequestBodyTooLarge: requestTooLarge, isResponseBodyTooLarge: responseTooLarge)
    }

    /// None: PostgreSQL checks its pages as it reads them (`amcheck` is an extension an operator runs).
    public func integrityProblems() throws -> (check: String, problems: [String])? { nil }
}
