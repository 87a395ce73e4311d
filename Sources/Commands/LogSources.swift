import Logs
import PostgreSQL
import PostgreSQLLogs
import SQLiteLogs

/// Where the command line turns `--db` into a log source: the one place a new kind of source is
/// added. A `postgresql://` or `postgres://` URI names a PostgreSQL server; anything else is an
/// SQLite file.
public enum LogSources {
    /// The source `location` names, connected once (the log contract proven), with its errors
    /// said the way the user needs them.
    public static func open(
        _ location: DatabaseLocation, busyTimeoutMilliseconds: Int = 5_000
    ) throws -> (source: any LogSource, logs: any LogConnection) {
        if location.isPostgreSQL {
            let source = PostgreSQLLogSource(connectionString: try connectionString(location), table: location.logTable)
            return (source, try source.connect())
        }
        let path = location.raw
        try LogDatabase.checkFile(path, option: "--db")
        let source = SQLiteLogSource(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        return (source, try LogDatabase.described(path) { try source.open() })
    }

    /// A PostgreSQL URI checked by libpq's own parser: a malformed one is a usage error (64).
    public static func connectionString(_ location: DatabaseLocation, option: String = "--db") throws -> PGConnectionString {
        do {
            return try PGConnectionString(location.raw)
        } catch {
            throw CommandError(.usage, "\(option) \(location): not a valid PostgreSQL URI: \(error.message)")
        }
    }
}
