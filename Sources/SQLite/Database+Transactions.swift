import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Database {
    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Takes the lock at the first read or write.
        case deferred = "DEFERRED"
        /// Takes the write lock at once: the only kind a writer should use in WAL mode, since a
        /// deferred transaction that later writes can fail with SQLITE_BUSY_SNAPSHOT.
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            let result = try body()
            try execute("COMMIT TRANSACTION")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 {
                try? execute("ROLLBACK TRANSACTION")
            }
            throw error
        }
    }

    /// True inside an explicit transaction.
    public var isInsideTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}

extension Database {
    /// Runs `body` in an immediate transaction, trying again (the whole transaction, after a short
    /// randomised pause) when another writer still holds the lock after `busy_timeout`. A live
    /// writer inserting in a tight loop can starve SQLite's own busy handler; a fresh attempt
    /// usually gets in. Gives up with the last `SQLITE_BUSY` after `attempts` tries.
    public func inImmediateTransactionRetryingBusy<T>(attempts: Int = 5, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try inTransaction(.immediate, body)
            } catch let error as DatabaseError where error.isBusy && attempt < attempts {
                let pause = UInt32(20_000 * attempt) + UInt32.random(in: 0..<20_000)
                usleep(pause)
                attempt += 1
            }
        }
    }
}
