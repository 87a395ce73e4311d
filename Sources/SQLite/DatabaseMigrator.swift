import Foundation

/// Named, ordered schema migrations, each applied once in its own immediate transaction and
/// recorded in `gateway_mapper_migrations`.
public struct DatabaseMigrator: Sendable {
    /// One migration: a stable identifier and the work it does.
    public struct Migration: Sendable {
        public let identifier: String
        let migrate: @Sendable (Database) throws -> Void
    }

    /// The migrations, in the order they run.
    public private(set) var migrations: [Migration] = []

    public init() {}

    /// Appends a migration. Identifiers must be unique.
    public mutating func registerMigration(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        precondition(!migrations.contains { $0.identifier == identifier }, "duplicate migration \(identifier)")
        migrations.append(Migration(identifier: identifier, migrate: migrate))
    }

    static let table = "gateway_mapper_migrations"

    /// Identifiers already applied to `db`, in order.
    public func appliedIdentifiers(_ db: Database) throws -> [String] {
        guard try db.tableExists(Self.table) else { return [] }
        return try db.fetchAll("SELECT identifier FROM \(Self.table) ORDER BY rowid") { $0.string(at: 0) ?? "" }
    }

    /// Whether every registered migration has been applied.
    public func isUpToDate(_ db: Database) throws -> Bool {
        Set(try appliedIdentifiers(db)).isSuperset(of: migrations.map(\.identifier))
    }

    /// Applies the migrations not yet recorded. Returns the identifiers applied now.
    @discardableResult
    public func migrate(_ db: Database) throws -> [String] {
        try db.inTransaction(.immediate) {
            try db.execute("""
                CREATE TABLE IF NOT EXISTS \(Self.table) (
                  identifier TEXT PRIMARY KEY NOT NULL,
                  applied_at TEXT NOT NULL)
                """)
        }
        var applied: [String] = []
        for migration in migrations {
            // Checked inside the transaction, so two migrators never apply one migration twice.
            let ran = try db.inTransaction(.immediate) { () -> Bool in
                let done = try db.scalarInt(
                    "SELECT count(*) FROM \(Self.table) WHERE identifier = ?", [migration.identifier]) ?? 0
                guard done == 0 else { return false }
                try migration.migrate(db)
                try db.execute(
                    "INSERT INTO \(Self.table) (identifier, applied_at) VALUES (?, ?)",
                    [migration.identifier, Date().ISO8601Format()])
                return true
            }
            if ran { applied.append(migration.identifier) }
        }
        return applied
    }
}
