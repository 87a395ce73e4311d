import Logs
import SQLite

/// The gateway's `request_logs` table, as the mapper expects to find it.
///
/// The mapper only reads this table. `check(_:)` proves the contract before anything else runs.
public enum LogContract {
    /// The table the gateway writes.
    public static let table = RequestLogsTable.name

    /// Every column the mapper reads.
    public static let columns = RequestLogsTable.columns

    /// The index every read goes through.
    public static let modelIndexColumns = ["model", "id"]

    /// The table as the gateway creates it (used for demo and test databases).
    public static let createSQL = """
        CREATE TABLE IF NOT EXISTS request_logs (
          id            INTEGER PRIMARY KEY,
          created_at    TEXT NOT NULL,
          target_url    TEXT NOT NULL,
          provider      TEXT,
          model         TEXT,
          status        INTEGER,
          request_body  BLOB,
          response_body BLOB);
        CREATE INDEX IF NOT EXISTS request_logs_model ON request_logs(model, id);
        """

    /// Throws a `LogContractError` naming what is missing; reads only the schema.
    public static func check(_ db: Database) throws {
        guard try db.tableExists(table) else {
            throw LogContractError(path: db.path, problem: .missingTable(table))
        }
        let present = Set(try db.columns(of: table).map { $0.name.lowercased() })
        let missing = columns.filter { !present.contains($0) }
        if !missing.isEmpty {
            throw LogContractError(path: db.path, problem: .missingColumns(missing))
        }
        let indexes = try db.indexes(of: table)
        let hasModelIndex = indexes.values.contains { columns in
            Array(columns.map { $0.lowercased() }.prefix(2)) == modelIndexColumns
        }
        if !hasModelIndex {
            throw LogContractError(path: db.path, problem: .missingModelIndex)
        }
    }
}
