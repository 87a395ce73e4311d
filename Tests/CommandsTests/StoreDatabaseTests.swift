import TestSupport
import Testing
import Logs
import SQLiteLogs
import SQLite
@testable import Commands

@Suite struct StoreDatabaseTests {
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
        let store = try StoreDatabase.openForWriting(logPath: path, mappingsPath: nil)
        #expect(try store.db.scalarString("PRAGMA journal_mode") == "wal")
        #expect(try store.db.scalarInt("PRAGMA synchronous") == 1)  // NORMAL
    }

    @Test func aRollbackJournalStoreKeepsItsOwnersSynchronousSetting() throws {
        let dir = try TemporaryDirectory()
        let path = try makeLogs(dir, wal: false)
        let store = try StoreDatabase.openForWriting(logPath: path, mappingsPath: nil)
        #expect(try store.db.scalarString("PRAGMA journal_mode") == "delete")
        #expect(try store.db.scalarInt("PRAGMA synchronous") == 2)  // FULL, SQLite's default
    }

    @Test func aNewMappingsFileIsCreatedInWAL() throws {
        let dir = try TemporaryDirectory()
        let path = try makeLogs(dir, wal: false)
        let store = try StoreDatabase.openForWriting(logPath: path, mappingsPath: dir.path("mappings.db"))
        #expect(try store.db.scalarString("PRAGMA journal_mode") == "wal")
        #expect(try store.db.scalarInt("PRAGMA synchronous") == 1)
    }
}
