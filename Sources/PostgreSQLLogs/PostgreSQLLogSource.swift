import Logs
import PostgreSQL

/// The gateway's logs in a PostgreSQL table (`request_logs`, or the table `--log-table` names):
/// each connection is read-only (`default_transaction_read_only`), waits at most
/// `statementTimeoutMilliseconds` for a statement, and is checked against the contract.
public struct PostgreSQLLogSource: LogSource {
    public let connectionString: PGConnectionString
    public var contract: PostgreSQLLogContract
    public var statementTimeoutMilliseconds: Int
    public var maximumBodyBytes: Int

    public init(
        connectionString: PGConnectionString, table: String = RequestLogsTable.name, statementTimeoutMilliseconds: Int = 60_000,
        maximumBodyBytes: Int = PostgreSQLLogConnection.defaultMaximumBodyBytes
    ) {
        self.connectionString = connectionString
        contract = PostgreSQLLogContract(table: table)
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.maximumBodyBytes = maximumBodyBytes
    }

    public var location: String { connectionString.redacted }

    public func connect() throws -> any LogConnection {
        try open()
    }

    /// A connection as its concrete type.
    public func open() throws -> PostgreSQLLogConnection {
        let connection = try PGConnection(connectionString)
        try connection.execute("SET default_transaction_read_only = on")
        try connection.execute("SET statement_timeout = \(max(0, statementTimeoutMilliseconds))")
        let found = try contract.check(connection)
        return PostgreSQLLogConnection(connection, contract: contract, found: found, maximumBodyBytes: maximumBodyBytes)
    }
}
