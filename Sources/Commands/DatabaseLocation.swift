import Logs
import PostgreSQL

/// Where `--db` or `--mappings-db` points: an SQLite file's path, or a PostgreSQL URI. Printed,
/// it is the redacted form (no password), so no message, log line or metric can leak one;
/// ``raw`` is for opening it only.
public struct DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// The location as given.
    public let raw: String
    /// The table (or view) holding the logs in a PostgreSQL database (`--log-table`).
    public var logTable: String

    public init(_ raw: String, logTable: String = RequestLogsTable.name) {
        self.raw = raw
        self.logTable = logTable
    }

    /// Whether it names a PostgreSQL server.
    public var isPostgreSQL: Bool { PGConnectionString.isPostgreSQL(raw) }

    /// The location without any password.
    public var description: String {
        guard isPostgreSQL else { return raw }
        return (try? PGConnectionString(raw).redacted) ?? PGConnectionString.redactURI(raw)
    }
}
