import CSQLite

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
