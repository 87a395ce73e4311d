import PostgreSQL
import PostgreSQLStore
import Store
import TestLogSupport
import Testing

@Suite(.enabled(if: TestPostgreSQL.isConfigured, "GATEWAY_MAPPER_TEST_POSTGRES names no server"))
struct PostgreSQLStoreConnectionTests {
    @Test func aSecondRunLockIsRefusedNamingTheHoldersSession() throws {
        let database = try TestPostgreSQL.Database()
        let first = try PostgreSQLStoreConnection(try PGConnectionString(database.uri))
        let second = try PostgreSQLStoreConnection(try PGConnectionString(database.uri))
        let lease = try first.lockForRun(mode: "nightly")
        let failure = try #require(throws: RunLockFailure.self) { try second.lockForRun(mode: "expedite") }
        guard case .held(let holder) = failure else {
            Issue.record("expected .held, got \(failure)")
            return
        }
        #expect(holder.contains("gateway-mapper nightly"))
        _ = lease
    }

    /// A lost session while the lock is taken is the server's error (try again later), not a lock
    /// that "cannot be created".
    @Test func aSessionLostWhileLockingIsTheServersErrorToTryAgainLater() throws {
        let database = try TestPostgreSQL.Database()
        let store = try PostgreSQLStoreConnection(try PGConnectionString(database.uri))
        let admin = try database.connect()
        try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [.text(database.name)])
        let failure = try #require(throws: RunLockFailure.self) { try store.lockForRun(mode: "nightly") }
        guard case .backend(let error) = failure, let server = error as? PGError else {
            Issue.record("expected the server's error, got \(failure)")
            return
        }
        #expect(server.kind == .tryLater, "\(server)")
    }
}
