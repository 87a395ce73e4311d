import TestSupport
import Foundation
import Testing
@testable import SQLite

@Suite struct DatabaseTests {
    @Test func bindsEveryStorageClassAndReadsItBackTyped() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [Int64.max, 2.5, "héllo", [0, 0xFF, 7] as [UInt8], DatabaseValue.null])
        let statement = try db.makeStatement("SELECT i, r, s, b, n FROM t")
        #expect(try statement.step())
        #expect(statement.int64(at: 0) == Int64.max)
        #expect(statement.double(at: 1) == 2.5)
        #expect(statement.string(at: 2) == "héllo")
        #expect(statement.bytes(at: 3) == [0, 0xFF, 7])
        #expect(statement.isNull(at: 4))
        #expect(statement.string(at: 4) == nil)
        #expect(statement.value(at: 0) == .integer(Int64.max))
        #expect(statement.value(at: 3) == .blob([0, 0xFF, 7]))
        #expect(try !statement.step())
    }

    @Test func lendsBlobBytesWithoutCopyingAndReportsTheirSize() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        try db.execute("CREATE TABLE t (b BLOB)")
        let body = Array("{\"model\":\"m\"}".utf8)
        try db.execute("INSERT INTO t VALUES (?)", [body])
        try db.execute("INSERT INTO t VALUES (NULL)")
        let rows = try db.fetchAll("SELECT b FROM t ORDER BY rowid") { statement in
            statement.withBytes(at: 0) { buffer in (Array(buffer), statement.byteCount(at: 0)) }
        }
        #expect(rows[0].0 == body)
        #expect(rows[0].1 == body.count)
        #expect(rows[1].0.isEmpty)
    }

    @Test func errorsCarryTheResultCodeMessageAndSQL() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try db.execute("INSERT INTO t VALUES (1)")
        let error = try #require(throws: DatabaseError.self) {
            try db.execute("INSERT INTO t VALUES (?)", [1])
        }
        #expect(error.resultCode == 19)
        #expect(error.extendedResultCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(error.sql == "INSERT INTO t VALUES (?)")
        #expect(error.description.hasPrefix("SQLite error 19: UNIQUE constraint failed: t.id - while executing `INSERT INTO t VALUES (?)`"))
    }

    @Test func syntaxErrorsNameTheStatement() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        let error = try #require(throws: DatabaseError.self) { try db.makeStatement("SELEC 1") }
        #expect(error.resultCode == 1)
        #expect(error.sql == "SELEC 1")
    }

    @Test func wrongArgumentCountIsAnErrorNotASilentNull() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        #expect(throws: DatabaseError.self) { try db.execute("SELECT ?, ?", [1]) }
    }

    @Test func readOnlyConnectionRefusesWrites() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("t.db")
        try Database(path: path, mode: .create).execute("CREATE TABLE t (x)")
        let reader = try Database(path: path, mode: .readOnly)
        #expect(reader.isReadOnly)
        let error = try #require(throws: DatabaseError.self) { try reader.execute("INSERT INTO t VALUES (1)") }
        #expect(error.isReadOnly)
    }

    @Test func readWriteOpenOfAWriteProtectedFileIsRefused() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("t.db")
        try Database(path: path, mode: .create).execute("CREATE TABLE t (x)")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let error = try #require(throws: DatabaseError.self) { try Database(path: path, mode: .readWrite) }
        #expect(error.isReadOnly)
    }

    @Test func openingAMissingFileNeverCreatesIt() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("missing.db")
        for mode in [Database.Mode.readOnly, .readWrite] {
            let error = try #require(throws: DatabaseError.self) { try Database(path: path, mode: mode) }
            #expect(error.isCannotOpen)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFileThatIsNotADatabaseIsRejectedAndLeftAlone() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("notes.db")
        let text = Data(String(repeating: "not a database\n", count: 100).utf8)
        try text.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: DatabaseError.self) { try Database(path: path, mode: .readWrite) }
        #expect(error.isCorrupt)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
    }

    @Test func aDatabaseItCreatesUsesWriteAheadLogging() throws {
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        #expect(try db.scalarString("PRAGMA journal_mode") == "wal")
    }

    @Test(arguments: [Database.Mode.readWrite, .create])
    func anExistingDatabaseKeepsItsJournalMode(mode: Database.Mode) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("rollback.db")
        do {
            let owner = try Database(path: path, mode: .create)
            try owner.executeScript("PRAGMA journal_mode=DELETE; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        }
        let writer = try Database(path: path, mode: mode)
        #expect(try writer.scalarString("PRAGMA journal_mode") == "delete")
        try writer.execute("INSERT INTO t VALUES (2)")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func transactionsCommitOnReturnAndRollBackOnThrow() throws {
        struct Boom: Error {}
        let dir = try TemporaryDirectory()
        let db = try Database(path: dir.path("t.db"), mode: .create)
        try db.execute("CREATE TABLE t (x)")
        try db.inTransaction { try db.execute("INSERT INTO t VALUES (1)") }
        #expect(throws: Boom.self) {
            try db.inTransaction {
                try db.execute("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 1)
        #expect(!db.isInsideTransaction)
    }

    @Test func aReaderSeesACommittedSnapshotWhileAWriterWrites() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("t.db")
        let writer = try Database(path: path, mode: .create)
        try writer.execute("CREATE TABLE t (x)")
        try writer.execute("INSERT INTO t VALUES (1)")
        let reader = try Database(path: path, mode: .readOnly, busyTimeoutMilliseconds: 100)
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("INSERT INTO t VALUES (2)")
        // WAL: the reader is not blocked by the open write transaction and sees only committed rows.
        #expect(try reader.scalarInt("SELECT count(*) FROM t") == 1)
        try writer.execute("COMMIT")
        #expect(try reader.scalarInt("SELECT count(*) FROM t") == 2)
    }

    @Test func aSecondWriterGetsBusyAfterItsTimeout() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("t.db")
        let first = try Database(path: path, mode: .create)
        try first.execute("CREATE TABLE t (x)")
        let second = try Database(path: path, mode: .readWrite, busyTimeoutMilliseconds: 50)
        try first.execute("BEGIN IMMEDIATE")
        let error = try #require(throws: DatabaseError.self) { try second.execute("BEGIN IMMEDIATE") }
        #expect(error.isBusy)
        try first.execute("COMMIT")
    }
}
