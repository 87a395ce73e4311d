import Logs
import SQLite

/// The gateway's logs in an SQLite file, the embedded default: each connection is read-only,
/// waits `busyTimeoutMilliseconds` for the gateway's locks, and is checked against the contract.
public struct SQLiteLogSource: LogSource {
    public let path: String
    public var busyTimeoutMilliseconds: Int
    public var maximumBodyBytes: Int

    public init(
        path: String, busyTimeoutMilliseconds: Int = 5_000,
        maximumBodyBytes: Int = SQLiteLogConnection.defaultMaximumBodyBytes
    ) {
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.maximumBodyBytes = maximumBodyBytes
    }

    public var location: String { path }

    public func connect() throws -> any LogConnection {
        try open()
    }

    /// A connection as its concrete type (for SQLite-only callers: the benchmark, the demo).
    public func open() throws -> SQLiteLogConnection {
        let db = try Database(path: path, mode: .readOnly, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try LogContract.check(db)
        return SQLiteLogConnection(db, maximumBodyBytes: maximumBodyBytes)
    }
}
