import Foundation
import LogGenerator
import PostgreSQL

/// Where a test's logs (and the store beside them) live: the same rows behind either source, so
/// the job's behaviour tests run against both.
public enum LogBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgresql

    /// The backends this run can test: PostgreSQL when a test server is configured (always in CI).
    public static var available: [LogBackend] {
        TestPostgreSQL.isConfigured || TestPostgreSQL.isRequired ? [.sqlite, .postgresql] : [.sqlite]
    }

    public var description: String { rawValue }

    /// The logs of the SQLite database at `path` behind this backend: `--db` for it, and what
    /// must stay alive while it is used.
    public func logs(from path: String) throws -> (db: String, keep: AnyObject?) {
        switch self {
        case .sqlite:
            return (path, nil)
        case .postgresql:
            let database = try TestPostgreSQL.Database()
            try PostgreSQLLogLoader(connection: try database.connect()).load(fromSQLite: path)
            return (database.uri, database)
        }
    }
}
