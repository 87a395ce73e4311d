import TestSupport
import Testing
@testable import Store

@Suite struct RunLockTests {
    @Test func aSecondRunIsRefusedWithTheHolderNamed() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("m.db")
        let first = try RunLock(databasePath: path, mode: "nightly")
        let error = try #require(throws: RunLock.Failure.self) { try RunLock(databasePath: path, mode: "expedite") }
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
        do { _ = try RunLock(databasePath: path, mode: "nightly") }
        _ = try RunLock(databasePath: path, mode: "nightly")
    }

    @Test func anUnwritableDirectoryCannotHoldTheLock() throws {
        let error = try #require(throws: RunLock.Failure.self) {
            try RunLock(databasePath: "/proc/gateway-mapper-no-such-dir/m.db", mode: "nightly")
        }
        guard case .cannotCreate = error else {
            Issue.record("expected .cannotCreate, got \(error)")
            return
        }
    }
}
