import TestSupport
import Testing
@testable import SQLite

@Suite struct DatabaseMigratorTests {
    final class Log: @unchecked Sendable {
        var entries: [String] = []
    }

    @Test func migrationsRunOnceAndInOrder() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        let log = Log()
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            log.entries.append("v1")
            try db.execute("CREATE TABLE a (x)")
        }
        migrator.registerMigration("v2") { db in
            log.entries.append("v2")
            try db.execute("ALTER TABLE a ADD COLUMN y")
        }
        #expect(try migrator.migrate(db) == ["v1", "v2"])
        #expect(try migrator.migrate(db) == [])
        #expect(log.entries == ["v1", "v2"])
        #expect(try migrator.appliedIdentifiers(db) == ["v1", "v2"])
        #expect(try migrator.isUpToDate(db))
    }

    @Test func aLaterMigrationRunsAloneOnAnExistingDatabase() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { try $0.execute("CREATE TABLE a (x)") }
        try migrator.migrate(db)
        migrator.registerMigration("v2") { try $0.execute("CREATE TABLE b (x)") }
        #expect(try !migrator.isUpToDate(db))
        #expect(try migrator.migrate(db) == ["v2"])
    }

    @Test func aFailingMigrationLeavesNothingBehind() throws {
        struct Boom: Error {}
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute("CREATE TABLE a (x)")
            throw Boom()
        }
        #expect(throws: Boom.self) { try migrator.migrate(db) }
        #expect(try !db.tableExists("a"))
        #expect(try migrator.appliedIdentifiers(db) == [])
    }
}
