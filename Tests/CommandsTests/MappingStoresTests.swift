import TestSupport
import Testing
import Logs
import SQLiteLogs
import SQLite
import SQLiteStore
@testable import Commands

@Suite struct MappingStoresTests {
    /// A log database in the journal mode its owner chose.
    func makeLogs(_ dir: TemporaryDirectory, wal: Bool) throws -> String {
        let path = dir.path("logs.db")
        let db = try Database(path: path, mode: .create)
        if !wal { try db.execute("PRAGMA journal_mode=DELETE") }
        try db.executeScript(LogContract.createSQL)
        return path
    }

    @Test func aWALStoreCommitsWithoutWaitingForTheDisk() throws {
        let dir = try TemporaryDirectory()
        let path = try makeLogs(dir, wal: true)
        let db = try #require(MappingStores.openForWriting(logPath: DatabaseLocation(path), mappingsPath: nil).store.connection as? SQLiteStoreConnection).database
        #expect(try db.scalarString("PRAGMA journal_mode") == "wal")
        #expect(try db.scalarInt("PRAGMA synchronous") == 1)  // NORMAL
    }

    @Test func aRollbackJournalStoreKeepsItsOwnersSynchronousSetting() throws {
        let dir = try TemporaryDirectory()
        let path = try makeLogs(dir, wal: false)
        let db = try #require(MappingStores.openForWriting(logPath: DatabaseLocation(path), mappingsPath: nil).store.connection as? SQLiteStoreConnection).database
        #expect(try db.scalarString("PRAGMA journal_mode") == "delete")
        #expect(try db.scalarInt("PRAGMA synchronous") == 2)  // FULL, SQLite's default
    }

    @Test func aNewMappingsFileIsCreatedInWAL() throws {
        let dir = try TemporaryDirectory()
        let path = try makeLogs(dir, wal: false)
        let db = try #require(MappingStores.openForWriting(logPath: DatabaseLocation(path), mappingsPath: DatabaseLocation(dir.path("mappings.db"))).store.connection as? SQLiteStoreConnection).database
        #expect(try db.scalarString("PRAGMA journal_mode") == "wal")
        #expect(try db.scalarInt("PRAGMA synchronous") == 1)
    }
}
