/// One way of keeping the mapping store: an SQLite file, the embedded default, or a server. In the
/// spirit of GRDB's `DatabaseWriter`: ``MappingStore`` holds every rule (versions, history,
/// overrides, requests) in portable SQL over this seam, so a new backend is a new type that runs
/// statements, keeps short write transactions, creates the tables and owns the run lock.
///
/// Statements use `?` placeholders, bound in order; a backend whose driver numbers them
/// (`$1`, `$2`…) rewrites them. Errors are the backend's own; the command line maps them to exit
/// codes in one place.
public protocol StoreConnection: AnyObject {
    /// Where the store is, as messages name it (a path, or a URI without its password).
    var location: String { get }

    /// Runs one statement; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any StoreValueConvertible]) throws -> Int

    /// Maps every row of a query with `read`.
    func fetchAll<T>(_ sql: String, _ arguments: [any StoreValueConvertible], _ read: (any StoreRow) throws -> T) throws -> [T]

    /// Runs `body` in one short write transaction, taking the write lock at once and trying the
    /// whole transaction again while another writer holds it (within the backend's timeouts):
    /// committed when `body` returns, rolled back when it throws.
    @discardableResult
    func inWriteTransaction<T>(_ body: () throws -> T) throws -> T

    /// Whether a table of the store exists (a read-only report on a store never written has none).
    func tableExists(_ name: String) throws -> Bool

    /// Creates or upgrades the store's tables (named migrations, each applied once).
    func prepareTables() throws

    /// Takes the store's run lock at once or fails, never waiting: one run per store at a time,
    /// wherever the runs come from. The lock is held until the lease is released (its last
    /// reference goes) or the process ends.
    func lockForRun(mode: String) throws(RunLockFailure) -> any RunLease
}

/// A held run lock; released when its last reference goes.
public protocol RunLease: AnyObject {}

/// Why the run lock could not be taken.
public enum RunLockFailure: Error, Sendable {
    /// Another run holds it; `holder` says who (pid, host, start time) as far as the backend knows.
    case held(holder: String)
    /// The lock cannot be created where it must live (a read-only directory…).
    case cannotCreate(location: String, reason: String)
    /// The backend failed while taking it (a server connection lost, a restart): the backend's
    /// own error, which says whether to try again later.
    case backend(any Error & Sendable)
}

/// One row of a query, read by column index.
public protocol StoreRow {
    func string(at index: Int) -> String?
    func int64(at index: Int) -> Int64?
    func double(at index: Int) -> Double?
}

/// A value bound to a statement.
public enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A Swift value a statement can bind.
public protocol StoreValueConvertible: Sendable {
    var storeValue: StoreValue { get }
}

extension Int: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(Int64(self)) }
}

extension Int64: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(self) }
}

extension Double: StoreValueConvertible {
    public var storeValue: StoreValue { .real(self) }
}

extension String: StoreValueConvertible {
    public var storeValue: StoreValue { .text(self) }
}

extension Optional: StoreValueConvertible where Wrapped: StoreValueConvertible {
    public var storeValue: StoreValue { self?.storeValue ?? .null }
}

extension StoreConnection {
    /// Runs a statement without arguments.
    @discardableResult
    public func execute(_ sql: String) throws -> Int {
        try execute(sql, [])
    }

    /// The first column of the first row as an integer; nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ arguments: [any StoreValueConvertible] = []) throws -> Int64? {
        try fetchAll(sql, arguments) { $0.int64(at: 0) }.first ?? nil
    }

    /// The first column of the first row as text; nil when there is no row or it is NULL.
    public func scalarString(_ sql: String, _ arguments: [any StoreValueConvertible] = []) throws -> String? {
        try fetchAll(sql, arguments) { $0.string(at: 0) }.first ?? nil
    }
}
