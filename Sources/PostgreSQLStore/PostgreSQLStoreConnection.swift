import Foundation
import PostgreSQL
import Store

/// The mapping store in PostgreSQL: the gateway's own database (beside its logs) or another one
/// `--mappings-db` names; a schema other than `public` through the URI's
/// `options=-csearch_path=…`. Write transactions are short, with `lock_timeout` playing the part
/// of SQLite's busy timeout; the run lock is a session-level advisory lock, so runs on two
/// hosts pointed at one database never overlap.
public final class PostgreSQLStoreConnection: StoreConnection {
    public let connection: PGConnection
    /// How long a statement waits for a row or table lock before the transaction is tried again.
    public let lockTimeoutMilliseconds: Int

    /// The advisory lock key of the run lock: "gateway-mapper run" hashed once, fixed forever.
    public static let runLockKey: Int64 = 0x6761_7465_7761_7972

    /// Connects; `lockTimeoutMilliseconds` bounds every wait for a lock.
    public init(_ connectionString: PGConnectionString, lockTimeoutMilliseconds: Int = 5_000) throws {
        connection = try PGConnection(connectionString)
        self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
        try connection.execute("SET lock_timeout = \(max(1, lockTimeoutMilliseconds))")
        try connection.execute("SET statement_timeout = \(max(60_000, lockTimeoutMilliseconds * 4))")
    }

    public var location: String { connection.location.redacted }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [any StoreValueConvertible]) throws -> Int {
        try connection.execute(Self.numbered(sql), arguments.map(\.pgValue)).changedRows
    }

    public func fetchAll<T>(_ sql: String, _ arguments: [any StoreValueConvertible], _ read: (any StoreRow) throws -> T) throws -> [T] {
        let result = try connection.execute(Self.numbered(sql), arguments.map(\.pgValue))
        return try (0..<result.rowCount).map { try read(Row(result: result, index: $0)) }
    }

    /// Runs `body` in one transaction, tried again (whole, after a short randomised pause) when
    /// a lock timeout, a deadlock or a serialization failure ends it.
    @discardableResult
    public func inWriteTransaction<T>(_ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            try connection.execute("BEGIN")
            do {
                let result = try body()
                try connection.execute("COMMIT")
                return result
            } catch let error as PGError where error.kind == .tryLater && attempt < 5 {
                _ = try? connection.execute("ROLLBACK")
                usleep(UInt32(20_000 * attempt) + UInt32.random(in: 0..<20_000))
                attempt += 1
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func tableExists(_ name: String) throws -> Bool {
        try !connection.execute("SELECT to_regclass($1)::text", [.text(name)]).isNull(0, 0)
    }

    public func prepareTables() throws {
        try PostgreSQLStoreMigrations.migrate(connection)
    }

    public func lockForRun(mode: String) throws(RunLockFailure) -> any RunLease {
        do {
            let host = ProcessInfo.processInfo.hostName
            let name = String("gateway-mapper \(mode) pid=\(getpid()) host=\(host)".prefix(63))
            try connection.execute("SELECT set_config('application_name', $1, false)", [.text(name)])
            if try connection.execute("SELECT pg_try_advisory_lock($1)", [.integer(Self.runLockKey)]).int64(0, 0) == 1 {
                return AdvisoryRunLock(connection: connection)
            }
            throw RunLockFailure.held(holder: try holder())
        } catch let failure as RunLockFailure {
            throw failure
        } catch let error as PGError {
            throw .backend(error)
        } catch {
            throw .cannotCreate(location: location, reason: "\(error)")
        }
    }

    /// Who holds the run lock, as the server sees the session: its application name (which
    /// says the mode, pid and host), client address and start.
    func holder() throws -> String {
        let result = try connection.execute(
            """
            SELECT a.application_name::text, coalesce(host(a.client_addr), 'local socket'), a.backend_start::text
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND (l.classid::int8 << 32 | l.objid::int8) = $1
            """, [.integer(Self.runLockKey)])
        guard result.rowCount > 0 else { return "another session" }
        return "\(result.string(0, 0) ?? "") from \(result.string(0, 1) ?? "") since \(result.string(0, 2) ?? "")"
    }

    /// `?` placeholders numbered `$1`, `$2`… (outside quoted text), as PostgreSQL wants them.
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                out.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                out.append(character)
            } else if character == "?" {
                number += 1
                out += "$\(number)"
            } else {
                out.append(character)
            }
        }
        return out
    }

    struct Row: StoreRow {
        let result: PGResult
        let index: Int

        func string(at column: Int) -> String? { result.string(index, column) }
        func int64(at column: Int) -> Int64? { result.int64(index, column) }
        func double(at column: Int) -> Double? { result.double(index, column) }
    }
}

/// The run lock as a session-level advisory lock, released when the lease goes (or the session ends).
final class AdvisoryRunLock: RunLease {
    let connection: PGConnection

    init(connection: PGConnection) {
        self.connection = connection
    }

    deinit {
        _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [.integer(PostgreSQLStoreConnection.runLockKey)])
    }
}

extension StoreValueConvertible {
    /// The value as libpq binds it.
    var pgValue: PGValue {
        switch storeValue {
        case .null: .null
        case .integer(let value): .integer(value)
        case .real(let value): .real(value)
        case .text(let value): .text(value)
        }
    }
}
