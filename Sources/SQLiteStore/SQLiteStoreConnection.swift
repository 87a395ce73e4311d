import Foundation
import SQLite
import Store

/// The mapping store in an SQLite file (the log database itself, or the file `--mappings-db`
/// names): the embedded default. Write transactions are `BEGIN IMMEDIATE`, tried again while
/// the gateway holds the write lock past the busy timeout; the run lock is a `flock` beside the file.
public final class SQLiteStoreConnection: StoreConnection {
    /// The connection the store's statements run on.
    public let database: Database

    /// Wraps an open connection (its mode and busy timeout as opened).
    public init(_ database: Database) {
        self.database = database
    }

    /// An empty store in memory: what a dry run reads when no store exists yet.
    public static func inMemory() throws -> SQLiteStoreConnection {
        SQLiteStoreConnection(try Database(path: ":memory:", mode: .create))
    }

    public var location: String { database.path }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [any StoreValueConvertible]) throws -> Int {
        try database.execute(sql, arguments.map(\.databaseValue))
        return database.changesCount
    }

    public func fetchAll<T>(
        _ sql: String, _ arguments: [any StoreValueConvertible], _ read: (any StoreRow) throws -> T
    ) throws -> [T] {
        try database.fetchAll(sql, arguments.map(\.databaseValue)) { try read(Row(statement: $0)) }
    }

    @discardableResult
    public func inWriteTransaction<T>(_ body: () throws -> T) throws -> T {
        try database.inImmediateTransactionRetryingBusy(body)
    }

    public func tableExists(_ name: String) throws -> Bool {
        try database.tableExists(name)
    }

    public func prepareTables() throws {
        _ = try Self.migrator.migrate(database)
    }

    public func lockForRun(mode: String) throws(RunLockFailure) -> any RunLease {
        try FileRunLock(databasePath: database.path, mode: mode)
    }

    /// A row of a query, read through the statement positioned on it.
    struct Row: StoreRow {
        let statement: Statement

        func string(at index: Int) -> String? { statement.string(at: index) }
        func int64(at index: Int) -> Int64? { statement.int64(at: index) }
        func double(at index: Int) -> Double? { statement.double(at: index) }
    }
}

extension StoreValueConvertible {
    /// The value as SQLite binds it.
    var databaseValue: DatabaseValue {
        switch storeValue {
        case .null: .null
        case .integer(let value): .integer(value)
        case .real(let value): .real(value)
        case .text(let value): .text(value)
        }
    }
}

extension MappingStore {
    /// The store in the SQLite database `database` is connected to.
    public init(_ database: Database) {
        self.init(SQLiteStoreConnection(database))
    }
}
