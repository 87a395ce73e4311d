import Foundation
/// One way of reaching the gateway's request logs: SQLite, the embedded default, and any server
/// a gateway that outgrows one file keeps them in. In the spirit of GRDB's `DatabaseReader`:
/// everything the job, the report and the commands read goes through this seam, so a new source
/// is a new type, not a change to them.
///
/// A source proves the log contract when it connects, gives each thread its own connection, waits
/// for the gateway's locks as it must, and throws its own errors, which the command line maps to
/// exit codes in one place.
public protocol LogSource: Sendable {
    /// Where the logs are, as messages name them (a path, or a URI without its password).
    var location: String { get }

    /// Opens a connection for one thread and proves the log contract on it (throwing
    /// ``LogContractError`` naming what is missing). Never writes the logs.
    func connect() throws -> any LogConnection
}

/// One thread's reads of the logs, always through the `(model, id)` index; never a write.
public protocol LogConnection {
    /// Every model with its newest id, found by seeking the index once per model: what a run
    /// plans from. The rows without a model come first when there are any.
    func modelHeads() throws -> [ModelHead]

    /// Every model with its row count and newest id: a scan of the whole index, for reports.
    func modelSummaries() throws -> [ModelSummary]

    /// The newest id of `model`'s rows stored as `storage`, or 0 when it has none.
    func maxID(model: String, storage: ModelStorage) throws -> Int64

    /// The `created_at` of `model`'s first row, or nil when it has none.
    func firstLoggedAt(model: String, storage: ModelStorage) throws -> String?

    /// Whether `model` has at least `count` rows (reads at most `count` index entries).
    func hasRows(model: String, storage: ModelStorage, atLeast count: Int) throws -> Bool

    /// Visits the newest rows of `model` (nil: rows without one) with `id > afterID`, newest
    /// first, at most `limit`. The row lends its bytes only inside `body`; return false to stop.
    func newestRows(
        model: String?, storage: ModelStorage, afterID: Int64, limit: Int, _ body: (borrowing LogRow) throws -> Bool
    ) throws

    /// Visits the row with `id`; false when there is none.
    func row(id: Int64, _ body: (borrowing LogRow) throws -> Void) throws -> Bool

    /// What an integrity check of the whole store finds (empty when sound), and the check's name
    /// for messages; nil for a source that has no such check (a server checks its own pages).
    func integrityProblems() throws -> (check: String, problems: [String])?
}

extension LogConnection {
    /// How `model` is stored, text first, or nil when no row has it.
    public func storage(of model: String) throws -> ModelStorage? {
        for storage in [ModelStorage.text, .blob] where try maxID(model: model, storage: storage) > 0 { return storage }
        return nil
    }

    /// The newest id of `model`'s rows stored as text, or 0.
    public func maxID(model: String) throws -> Int64 {
        try maxID(model: model, storage: .text)
    }

    /// Visits the newest rows of `model` stored as text (see the requirement).
    public func newestRows(
        model: String?, afterID: Int64 = 0, limit: Int, _ body: (borrowing LogRow) throws -> Bool
    ) throws {
        try newestRows(model: model, storage: .text, afterID: afterID, limit: limit, body)
    }

    /// The templated endpoints of `model`'s newest `limit` rows.
    public func endpoints(model: String, storage: ModelStorage = .text, limit: Int = 500) throws -> Set<String> {
        var endpoints: Set<String> = []
        try newestRows(model: model, storage: storage, afterID: 0, limit: limit) { row in
            endpoints.insert(Endpoint.template(path: TargetURL(row.targetURL).path, model: model))
            return true
        }
        return endpoints
    }
}
