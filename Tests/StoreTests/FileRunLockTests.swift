import TestSupport
import Testing
import SQLite
@testable import SQLiteStore
import Store

@Suite struct FileRunLockTests {
    @Test func aSecondRunIsRefusedWithTheHolderNamed() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("m.db")
        let store = MappingStore(try Database(path: path, mode: .create))
        let first = try store.lockForRun(mode: "nightly")
        let error = try #require(throws: RunLockFailure.self) { try store.lockForRun(mode: "expedite") }
        guard case .held(let holder) = error else {
            Issue.record("expected .held, got \(error)")
            return
        }
        #expect(holder.contains("mode=nightly"))
        #expect(holder.contains("pid="))
        _ = first
    }

    @Test func theLockIsFreeAgainOnceReleased() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("m.db")
        do { _ = try FileRunLock(databasePath: path, mode: "nightly") }
        _ = try FileRunLock(databasePath: path, mode: "nightly")
    }

    @Test func anUnwritableDirectoryCannotHoldTheLock() throws {
        let error = try #require(throws: RunLockFailure.self) {
            try FileRunLock(databasePath: "/proc/gateway-mapper-no-such-dir/m.db", mode: "nightly")
        }
        guard case .cannotCreate = error else {
            Issue.record("expected .cannotCreate, got \(error)")
            return
        }
    }
}
