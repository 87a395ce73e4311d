import Logs
import SQLiteLogs

/// Where the command line turns `--db` into a log source: the one place a new kind of source
/// (a server named by a URI) is added. Today every location is an SQLite file.
public enum LogSources {
    /// The source `location` names, connected once (the log contract proven), with its errors
    /// said the way the user needs them.
    public static func open(_ location: String, busyTimeoutMilliseconds: Int = 5_000) throws -> (source: any LogSource, logs: any LogConnection) {
        try LogDatabase.checkFile(location, option: "--db")
        let source = SQLiteLogSource(path: location, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        return (source, try LogDatabase.described(location) { try source.open() })
    }
}
