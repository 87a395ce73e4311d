import Logs
import SQLite

/// One thread's reads of an SQLite log database, always through the `(model, id)` index.
public struct SQLiteLogConnection: LogConnection {
    /// The connection, read-only.
    public let db: Database
    /// Bodies larger than this are not read: the row comes with the body missing and flagged
    /// (``LogRow/isRequestBodyTooLarge``), so one huge body never sets the process's memory.
    public var maximumBodyBytes: Int

    /// The documented default of ``maximumBodyBytes``: 64 MiB.
    public static let defaultMaximumBodyBytes = 64 << 20

    /// Wraps a connection that has passed ``LogContract/check(_:)``.
    public init(_ db: Database, maximumBodyBytes: Int = SQLiteLogConnection.defaultMaximumBodyBytes) {
        self.db = db
        self.maximumBodyBytes = maximumBodyBytes
    }

    public func modelSummaries() throws -> [ModelSummary] {
        try db.fetchAll("SELECT model, count(*), max(id) FROM request_logs GROUP BY model") { row in
            let name = ModelHead.name(row.lentBytes(at: 0))
            return ModelSummary(
                model: name?.text, rows: Int(row.int64(at: 1) ?? 0), maxID: row.int64(at: 2) ?? 0,
                storage: Self.storage(row, at: 0), isValidName: name?.isValid ?? true)
        }
    }

    /// Seeks the index twice per model (a loose index scan), so its cost grows with the models,
    /// not the rows.
    public func modelHeads() throws -> [ModelHead] {
        var heads: [ModelHead] = []
        if let newest = try db.scalarInt("SELECT max(id) FROM request_logs WHERE model IS NULL") {
            heads.append(ModelHead(model: nil, maxID: newest))
        }
        heads += try db.fetchAll(
            """
            WITH RECURSIVE models(model) AS (
              SELECT (SELECT min(model) FROM request_logs)
              UNION ALL
              SELECT (SELECT model FROM request_logs WHERE model > models.model ORDER BY model LIMIT 1)
              FROM models WHERE models.model IS NOT NULL
            )
            SELECT model, (SELECT max(id) FROM request_logs WHERE request_logs.model = models.model)
            FROM models WHERE model IS NOT NULL
            """
        ) { row in
            let name = ModelHead.name(row.lentBytes(at: 0))
            return ModelHead(
                model: name?.text, maxID: row.int64(at: 1) ?? 0, storage: Self.storage(row, at: 0), isValidName: name?.isValid ?? true)
        }
        return heads
    }

    static func storage(_ row: Statement, at index: Int) -> ModelStorage {
        row.isBlob(at: index) ? .blob : .text
    }

    /// `model` as the argument that finds it stored as `storage`.
    static func argument(_ model: String, _ storage: ModelStorage) -> DatabaseValue {
        storage == .blob ? .blob(Array(model.utf8)) : .text(model)
    }

    public func maxID(model: String, storage: ModelStorage) throws -> Int64 {
        try db.scalarInt("SELECT max(id) FROM request_logs WHERE model = ?", [Self.argument(model, storage)]) ?? 0
    }

    /// The newest id in the table, or 0 when it is empty.
    public func maxID() throws -> Int64 {
        try db.scalarInt("SELECT max(id) FROM request_logs") ?? 0
    }

    public func firstLoggedAt(model: String, storage: ModelStorage) throws -> String? {
        try db.scalarString(
            "SELECT created_at FROM request_logs WHERE model = ? ORDER BY id LIMIT 1", [Self.argument(model, storage)])
    }

    public func hasRows(model: String, storage: ModelStorage, atLeast count: Int) throws -> Bool {
        try db.scalarInt(
            "SELECT count(*) FROM (SELECT 1 FROM request_logs WHERE model = ? LIMIT ?)", [Self.argument(model, storage), count]
        ) ?? 0 >= count
    }

    /// The columns a row is read from, with `?max` the parameter holding ``maximumBodyBytes``: a
    /// body over it comes as the integer -1 instead (no body is ever an integer), so each body is
    /// measured once. SQLite sizes a BLOB from its record header without reading it; a body
    /// stored as TEXT is read to be measured (the log contract stores bodies as BLOBs).
    static func rowColumns(max: String) -> String {
        """
        id, target_url, provider, status,
          CASE WHEN length(request_body) > \(max) THEN -1 ELSE request_body END,
          CASE WHEN length(response_body) > \(max) THEN -1 ELSE response_body END,
          model
        """
    }

    public func newestRows(
        model: String?, storage: ModelStorage, afterID: Int64, limit: Int, _ body: (borrowing LogRow) throws -> Bool
    ) throws {
        let columns = Self.rowColumns(max: "?3")
        let sql = model == nil
            ? "SELECT \(columns) FROM request_logs WHERE model IS NULL AND id > ?1 ORDER BY id DESC LIMIT ?2"
            : "SELECT \(columns) FROM request_logs WHERE model = ?4 AND id > ?1 ORDER BY id DESC LIMIT ?2"
        let statement = try db.cachedStatement(sql)
        var arguments: [any DatabaseValueConvertible] = [afterID, limit, maximumBodyBytes]
        if let model { arguments.append(Self.argument(model, storage)) }
        try statement.bind(arguments)
        defer { statement.reset() }
        while try statement.step() {
            guard try body(Self.row(statement)) else { break }
        }
    }

    public func row(id: Int64, _ body: (borrowing LogRow) throws -> Void) throws -> Bool {
        let statement = try db.cachedStatement("SELECT \(Self.rowColumns(max: "?2")) FROM request_logs WHERE id = ?1")
        try statement.bind([id, maximumBodyBytes])
        defer { statement.reset() }
        guard try statement.step() else { return false }
        try body(Self.row(statement))
        return true
    }

    /// The current row of a statement over ``rowColumns(max:)``, its bytes lent until the next step.
    static func row(_ statement: Statement) -> LogRow {
        let requestTooLarge = statement.isInteger(at: 4)
        let responseTooLarge = statement.isInteger(at: 5)
        return LogRow(
            id: statement.int64(at: 0) ?? 0, status: statement.int64(at: 3).map(Int.init),
            targetURL: statement.lentBytes(at: 1) ?? UnsafeRawBufferPointer(start: nil, count: 0),
            provider: statement.lentBytes(at: 2), model: statement.lentBytes(at: 6),
            request: requestTooLarge ? nil : statement.lentBytes(at: 4),
            response: responseTooLarge ? nil : statement.lentBytes(at: 5),
            isRequestBodyTooLarge: requestTooLarge, isResponseBodyTooLarge: responseTooLarge)
    }

    /// SQLite's `quick_check` of the whole file.
    public func integrityProblems() throws -> (check: String, problems: [String])? {
        ("SQLite quick_check", try db.quickCheck(limit: 3))
    }
}
