import SQLite

/// Reads `request_logs`, always through the `(model, id)` index: per-model summaries and the newest
/// rows of one model. Never writes.
public struct LogReader {
    let db: Database
    /// Bodies larger than this are not read: the row comes with the body missing and flagged
    /// (``LogRow/isRequestBodyTooLarge``), so one huge body never sets the process's memory.
    public var maximumBodyBytes: Int

    /// The documented default of ``maximumBodyBytes``: 64 MiB.
    public static let defaultMaximumBodyBytes = 64 << 20

    public init(_ db: Database, maximumBodyBytes: Int = LogReader.defaultMaximumBodyBytes) {
        self.db = db
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// The columns a `LogRow` reads, with `?max` the parameter holding ``maximumBodyBytes``: a
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

    /// How `request_logs.model` holds a name. SQLite compares a BLOB only with a BLOB, so a name
    /// the gateway wrote as bytes is read back with a BLOB argument; its key is still its text.
    public enum ModelStorage: Sendable, Hashable {
        case text
        case blob
    }

    /// One model's traffic as the index sees it. `model` is nil for rows the gateway could not attribute.
    public struct ModelSummary: Sendable, Hashable {
        public let model: String?
        public let rows: Int
        public let maxID: Int64
        public let storage: ModelStorage
        /// False when the stored name is not valid UTF-8: it cannot be a key (`model` is its repaired text).
        public let isValidName: Bool

        public init(model: String?, rows: Int, maxID: Int64, storage: ModelStorage = .text, isValidName: Bool = true) {
            self.model = model
            self.rows = rows
            self.maxID = maxID
            self.storage = storage
            self.isValidName = isValidName
        }
    }

    /// Every model with its row count and newest id: a scan of the whole index, for the report;
    /// a run plans from `modelHeads()`.
    public func modelSummaries() throws -> [ModelSummary] {
        try db.fetchAll(
            "SELECT model, count(*), max(id) FROM request_logs GROUP BY model"
        ) { row in
            let name = Self.modelName(row, at: 0)
            return ModelSummary(
                model: name?.text, rows: Int(row.int64(at: 1) ?? 0), maxID: row.int64(at: 2) ?? 0,
                storage: name?.storage ?? .text, isValidName: name?.isValid ?? true)
        }
    }

    /// One model's newest row, as the index sees it. `model` is nil for rows the gateway could not attribute.
    public struct ModelHead: Sendable, Hashable {
        public let model: String?
        public let maxID: Int64
        public let storage: ModelStorage
        /// False when the stored name is not valid UTF-8: it cannot be a key (`model` is its repaired text).
        public let isValidName: Bool

        public init(model: String?, maxID: Int64, storage: ModelStorage = .text, isValidName: Bool = true) {
            self.model = model
            self.maxID = maxID
            self.storage = storage
            self.isValidName = isValidName
        }
    }

    /// The model column of `row`: its text (NUL bytes kept), how it is stored, and whether it is
    /// valid UTF-8; nil for NULL.
    static func modelName(_ row: Statement, at index: Int) -> (text: String, storage: ModelStorage, isValid: Bool)? {
        guard !row.isNull(at: index) else { return nil }
        let storage: ModelStorage = row.value(at: index).isBlob ? .blob : .text
        return row.withBytes(at: index) { bytes in
            let valid = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self)
            return (valid ?? String(decoding: bytes, as: UTF8.self), storage, valid != nil)
        }
    }

    /// Every model with its newest id, found by seeking the `(model, id)` index twice per model
    /// (a loose index scan), so its cost grows with the models, not the rows: what a run plans
    /// from. The rows without a model come first when there are any, then the models in index order.
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
            let name = Self.modelName(row, at: 0)
            return ModelHead(
                model: name?.text, maxID: row.int64(at: 1) ?? 0, storage: name?.storage ?? .text, isValidName: name?.isValid ?? true)
        }
        return heads
    }

    /// `model` as the argument that finds it stored as `storage`.
    static func argument(_ model: String, _ storage: ModelStorage) -> DatabaseValue {
        storage == .blob ? .blob(Array(model.utf8)) : .text(model)
    }

    /// The newest id of `model`'s rows (one index seek), or 0 when it has none.
    public func maxID(model: String, storage: ModelStorage = .text) throws -> Int64 {
        try db.scalarInt("SELECT max(id) FROM request_logs WHERE model = ?", [Self.argument(model, storage)]) ?? 0
    }

    /// The `created_at` of `model`'s first row (one index seek), or nil when it has none.
    public func firstLoggedAt(model: String, storage: ModelStorage = .text) throws -> String? {
        try db.scalarString(
            "SELECT created_at FROM request_logs WHERE model = ? ORDER BY id LIMIT 1", [Self.argument(model, storage)])
    }

    /// Whether `model` has at least `count` rows (reads at most `count` index entries).
    public func hasRows(model: String, storage: ModelStorage = .text, atLeast count: Int) throws -> Bool {
        try db.scalarInt(
            "SELECT count(*) FROM (SELECT 1 FROM request_logs WHERE model = ? LIMIT ?)", [Self.argument(model, storage), count]
        ) ?? 0 >= count
    }

    /// The templated endpoints of `model`'s newest `limit` rows.
    public func endpoints(model: String, storage: ModelStorage = .text, limit: Int = 500) throws -> Set<String> {
        var endpoints: Set<String> = []
        try newestRows(model: model, storage: storage, limit: limit) { row in
            endpoints.insert(Endpoint.template(path: TargetURL(row.targetURL).path, model: model))
            return true
        }
        return endpoints
    }

    /// How `model` is stored, text first, or nil when no row has it.
    public func storage(of model: String) throws -> ModelStorage? {
        for storage in [ModelStorage.text, .blob] where try maxID(model: model, storage: storage) > 0 { return storage }
        return nil
    }

    /// The newest id in the table, or 0 when it is empty.
    public func maxID() throws -> Int64 {
        try db.scalarInt("SELECT max(id) FROM request_logs") ?? 0
    }

    /// Visits the newest rows of `model` (nil: rows without one) with `id > afterID`, newest first,
    /// at most `limit`. The row view is valid only inside `body`; return false to stop early.
    public func newestRows(
        model: String?, storage: ModelStorage = .text, afterID: Int64 = 0, limit: Int, _ body: (borrowing LogRow) throws -> Bool
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
            guard try body(LogRow(statement: statement)) else { break }
        }
    }

    /// Visits rows by id, for `normalize --id`.
    public func row(id: Int64, _ body: (borrowing LogRow) throws -> Void) throws -> Bool {
        let statement = try db.cachedStatement("SELECT \(Self.rowColumns(max: "?2")) FROM request_logs WHERE id = ?1")
        try statement.bind([id, maximumBodyBytes])
        defer { statement.reset() }
        guard try statement.step() else { return false }
        try body(LogRow(statement: statement))
        return true
    }
}

/// One logged exchange, read in place from the statement: bodies are lent, not copied.
public struct LogRow: ~Copyable {
    let statement: Statement

    public var id: Int64 { statement.int64(at: 0) ?? 0 }
    public var targetURL: String { statement.string(at: 1) ?? "" }
    /// Lends the `target_url` bytes (empty for NULL), to compare without making a `String`.
    public func withTargetURLBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R { statement.withBytes(at: 1, body) }
    /// Lends the provider header's bytes, or nil for NULL.
    public func withProviderHeaderBytes<R>(_ body: (UnsafeRawBufferPointer?) -> R) -> R {
        statement.isNull(at: 2) ? body(nil) : statement.withBytes(at: 2) { body($0) }
    }
    /// The free-text provider header as the gateway logged it.
    public var providerHeader: String? { statement.string(at: 2) }
    public var status: Int? { statement.int64(at: 3).map(Int.init) }
    public var model: String? { statement.string(at: 6) }
    public var hasRequestBody: Bool { statement.holdsBytes(at: 4) }
    public var hasResponseBody: Bool { statement.holdsBytes(at: 5) }
    /// The body is over the reader's ``LogReader/maximumBodyBytes`` and was not read (it reads as absent).
    public var isRequestBodyTooLarge: Bool { statement.isInteger(at: 4) }
    public var isResponseBodyTooLarge: Bool { statement.isInteger(at: 5) }

    /// Lends the request body's bytes (empty for NULL or too large).
    public func withRequestBody<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        hasRequestBody ? try statement.withBytes(at: 4, body) : try body(UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Lends the response body's bytes (empty for NULL or too large).
    public func withResponseBody<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        hasResponseBody ? try statement.withBytes(at: 5, body) : try body(UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Lends both bodies at once.
    public func withBodies<R, E: Error>(
        _ body: (_ request: UnsafeRawBufferPointer, _ response: UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        // Reading one column never invalidates another's pointer for BLOBs SQLite already holds.
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        let request = hasRequestBody ? statement.withBytes(at: 4) { $0 } : empty
        let response = hasResponseBody ? statement.withBytes(at: 5) { $0 } : empty
        return try body(request, response)
    }
}
