import CommandTestSupport
import Foundation
import LogGenerator
import SQLite
import Store
import TestLogSupport
import TestSupport
import Testing
@testable import Commands

/// The job's behaviour on either source: the same logs, the same decisions, the store beside them.
@Suite(.serialized) struct BothSourcesJobTests {
    func store(_ db: String) throws -> MappingStore {
        try #require(try MappingStores.openForReading(logPath: DatabaseLocation(db), mappingsPath: nil))
    }

    @Test(arguments: LogBackend.available)
    func runMapsEveryPlantedKeyAndTheNextNightChangesNothing(backend: LogBackend) throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 500)
        let (db, keep) = try backend.logs(from: path)
        let run = CommandRunner.run(["run", "--db", db, "--jobs", "2"])
        #expect(run.code == .success, "\(run.err)")
        let byKey = Dictionary(try store(db).all().map { ("\($0.model) \($0.endpoint)", $0) }, uniquingKeysWith: { a, _ in a })
        for key in truth.keys {
            let record = byKey["\(key.model) \(key.endpoint)"]
            #expect(record?.status == .mapped && record?.schemaID == key.api, "\(key.model) \(key.endpoint)")
        }
        let again = CommandRunner.run(["run", "--db", db])
        #expect(again.code == .success && again.out.contains("changed 0"), "\(again.out)\(again.err)")
        #expect(try store(db).runs().count == 2)
        let report = CommandRunner.run(["report", "--db", db])
        #expect(report.code == .success && report.out.contains("Pending: none"), "\(report.out)")
        withExtendedLifetime(keep) {}
    }

    @Test(arguments: LogBackend.available)
    func overridesAndExpediteRequestsWorkOnEitherStore(backend: LogBackend) throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let (db, keep) = try backend.logs(from: path)
        let key = try #require(truth.keys.first)
        let pin = CommandRunner.run(["override", "set", "--db", db, "--model", key.model, "--endpoint", key.endpoint, "--schema", key.api])
        #expect(pin.code == .success, "\(pin.err)")
        _ = try MappingStores.openForWriting(logPath: DatabaseLocation(db), mappingsPath: nil).store.requestExpedite(model: key.model, endpoint: nil)
        let pass = CommandRunner.run(["expedite", "--db", db, "--requests"])
        #expect(pass.code == .success, "\(pass.err)")
        let current = try #require(try store(db).current(model: key.model, endpoint: key.endpoint))
        #expect(current.status == .override)
        #expect(try store(db).openRequests().isEmpty)
        #expect(try store(db).closedRequests().first?.outcome == "mapped")
        withExtendedLifetime(keep) {}
    }
}

/// What only a server store does: a lock across hosts, errors of a server.
@Suite(.enabled(if: TestPostgreSQL.isConfigured, "GATEWAY_MAPPER_TEST_POSTGRES names no server"))
struct PostgreSQLStoreCommandTests {
    @Test func aSecondRunFromAnotherSessionExitsTryLaterNamingTheHolder() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 200)
        let (db, keep) = try LogBackend.postgresql.logs(from: path)
        do {
            let holder = try MappingStores.openForWriting(logPath: DatabaseLocation(db), mappingsPath: nil, lockingFor: "nightly")
            let second = CommandRunner.run(["run", "--db", db])
            #expect(second.code == .tryAgain)
            #expect(second.err.contains("holds the lock") && second.err.contains("gateway-mapper nightly"), "\(second.err)")
            withExtendedLifetime(holder) {}
        }
        let third = CommandRunner.run(["run", "--db", db])
        #expect(third.code == .success, "\(third.err)")
        withExtendedLifetime(keep) {}
    }

    @Test func aRoleThatMayOnlyReadTheLogsMapsThemIntoItsOwnSchema() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let database = try TestPostgreSQL.Database()
        let admin = try database.connect()
        try PostgreSQLLogLoader(connection: admin).load(fromSQLite: path)
        let role = "gm_mapper_" + database.name.suffix(8)
        try admin.executeScript("""
            CREATE ROLE \(role) LOGIN;
            GRANT USAGE ON SCHEMA public TO \(role);
            GRANT SELECT ON request_logs TO \(role);
            CREATE SCHEMA mapper AUTHORIZATION \(role);
            """)
        defer { _ = try? admin.executeScript("DROP SCHEMA mapper CASCADE; REVOKE ALL ON request_logs FROM \(role); REVOKE ALL ON SCHEMA public FROM \(role); DROP ROLE \(role)") }
        let rowsBefore = try admin.execute("SELECT count(*)::int8, max(id)::int8 FROM request_logs")
        let uri = database.uri.replacingOccurrences(of: "postgres@", with: "\(role)@")
            + (database.uri.contains("?") ? "&" : "?") + "options=-csearch_path%3Dmapper,public"
        let run = CommandRunner.run(["run", "--db", uri])
        #expect(run.code == .success, "\(run.err)")
        let mapped = try admin.execute("SELECT count(*)::int8 FROM mapper.model_mappings WHERE status = 'mapped'").int64(0, 0)
        #expect(mapped == Int64(truth.keys.count))
        let rowsAfter = try admin.execute("SELECT count(*)::int8, max(id)::int8 FROM request_logs")
        #expect(rowsAfter.int64(0, 0) == rowsBefore.int64(0, 0) && rowsAfter.int64(0, 1) == rowsBefore.int64(0, 1))
        #expect(try admin.execute("SELECT to_regclass('public.model_mappings')::text").isNull(0, 0), "nothing of the mapper's in public")
    }

    @Test func aWrongPasswordIsNoPermissionAndNeverPrinted() throws {
        let server = try #require(TestPostgreSQL.serverURI)
        let database = try TestPostgreSQL.Database()
        let admin = try database.connect()
        try admin.execute("CREATE ROLE gm_reader_\(database.name.suffix(6)) LOGIN PASSWORD 'right-one'")
        _ = server
        let uri = database.uri.replacingOccurrences(of: "postgres@", with: "gm_reader_\(database.name.suffix(6)):Wr0ng-S3cret@")
        let result = CommandRunner.run(["report", "--db", uri])
        // A trust-authenticated test server accepts any password; the message must still hide it.
        #expect(!result.err.contains("Wr0ng-S3cret") && !result.out.contains("Wr0ng-S3cret"))
        try admin.execute("DROP ROLE gm_reader_\(database.name.suffix(6))")
    }

    @Test func anUnreachableServerIsUnavailableAndItsPasswordIsNeverPrinted() {
        for arguments in [
            ["report", "--db", "postgresql://mapper:Sup3rS3cret@127.0.0.1:1/logs?connect_timeout=2"],
            ["run", "--db", "postgresql://mapper:Sup3rS3cret@127.0.0.1:1/logs?connect_timeout=2"],
            ["check", "--db", "postgres://mapper@127.0.0.1:1/logs?password=Sup3rS3cret&connect_timeout=2"],
        ] {
            let result = CommandRunner.run(arguments)
            #expect(result.code == .unavailable, "\(arguments[0]): \(result.err)")
            #expect(!result.err.contains("Sup3rS3cret") && !result.out.contains("Sup3rS3cret"), "\(result.err)")
            #expect(result.err.contains("***"), "\(result.err)")
        }
    }

    @Test func logTableNamesAViewOverAnOperatorsOwnTable() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let database = try TestPostgreSQL.Database()
        let admin = try database.connect()
        try PostgreSQLLogLoader(connection: admin, table: "gw.spend").load(fromSQLite: path)
        try admin.executeScript("""
            CREATE VIEW gw.mapper_logs AS SELECT id, created_at, target_url, provider, model, status, request_body, response_body FROM gw.spend;
            """)
        let run = CommandRunner.run(["run", "--db", database.uri, "--log-table", "gw.mapper_logs"])
        #expect(run.code == .success, "\(run.err)")
        #expect(try admin.execute("SELECT count(*)::int8 FROM model_mappings WHERE status = 'mapped'").int64(0, 0) == Int64(truth.keys.count))
        let missing = CommandRunner.run(["report", "--db", database.uri])
        #expect(missing.code == .dataError && missing.err.contains("request_logs"), "\(missing.err)")
    }

    @Test func logsInAFileCanKeepTheirMappingsInPostgreSQL() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let database = try TestPostgreSQL.Database()
        let run = CommandRunner.run(["run", "--db", path, "--mappings-db", database.uri])
        #expect(run.code == .success, "\(run.err)")
        let mapped = try database.connect().execute("SELECT count(*)::int8 FROM model_mappings WHERE status = 'mapped'").int64(0, 0)
        #expect(mapped == Int64(truth.keys.count))
        let report = CommandRunner.run(["report", "--db", path, "--mappings-db", database.uri])
        #expect(report.code == .success && report.out.contains("Pending: none"), "\(report.out)\(report.err)")
        #expect(try !Database(path: path, mode: .readOnly).tableExists("model_mappings"), "nothing written into the log file")
    }

    @Test func aRoleTheServerRefusesIsNoPermission() throws {
        let database = try TestPostgreSQL.Database()
        let admin = try database.connect()
        let role = "gm_refused_" + database.name.suffix(8)
        try admin.execute("CREATE ROLE \(role) NOLOGIN")
        defer { _ = try? admin.execute("DROP ROLE \(role)") }
        let uri = database.uri.replacingOccurrences(of: "postgres@", with: "\(role)@")
        let result = CommandRunner.run(["report", "--db", uri])
        #expect(result.code == .noPermission, "\(result.err)")
        let missing = CommandRunner.run(["report", "--db", database.uri.replacingOccurrences(of: "postgres@", with: "gm_no_such_role@")])
        #expect(missing.code == .noPermission, "\(missing.err)")
    }

    @Test func aMalformedURIIsAUsageError() {
        let result = CommandRunner.run(["report", "--db", "postgresql://host:notaport:/x?="])
        #expect(result.code == .usage, "\(result.err)")
    }
}

/// The same logs behind both sources give the same run, night after night.
@Suite(.serialized, .enabled(if: TestPostgreSQL.isConfigured, "GATEWAY_MAPPER_TEST_POSTGRES names no server"))
struct SameDecisionsTests {
    /// A run's closing lines without what differs by nature (run number, seconds).
    func figures(_ out: String) -> [String] {
        out.split(separator: "\n").dropFirst().map(String.init)
    }

    func decisions(_ store: MappingStore) throws -> [String] {
        try store.all().map { "\($0.model) \($0.endpoint) \($0.status.rawValue) \($0.schemaID) \($0.samples) \($0.lastLogID) \($0.fieldMap)" }
    }

    @Test func rowsWithoutAModelNewRowsAndAChangedAPIAreDecidedAlikeOnBothSources() throws {
        let logs = try LogBuilder()
        let exchanges = LogBuilder.plainExchanges
        for index in 0..<8 {
            try logs.insert(exchanges[index % exchanges.count], model: "same-\(index)", times: 12)
            try logs.insert(exchanges[index % exchanges.count], model: "same-\(index)", loggedModel: .some(nil), times: 2)
        }
        let database = try TestPostgreSQL.Database()
        let loader = PostgreSQLLogLoader(connection: try database.connect())
        try loader.load(fromSQLite: logs.path)
        let pathFirst = CommandRunner.run(["run", "--db", logs.path])
        let serverFirst = CommandRunner.run(["run", "--db", database.uri])
        #expect(pathFirst.code == .success && serverFirst.code == .success, "\(pathFirst.err)\(serverFirst.err)")
        #expect(figures(serverFirst.out) == figures(pathFirst.out))
        #expect(pathFirst.out.contains("rows without a model: 16 attributed"), "\(pathFirst.out)")

        // The next night: a few new rows on one key, another API's bodies on another's endpoint.
        let lastID = try #require(try logs.db.scalarInt("SELECT max(id) FROM request_logs"))
        try logs.insert(exchanges[0], model: "same-0", times: 3)
        try logs.insert(exchanges[2], model: "same-1", times: 20, path: try logs.endpoint(exchanges[1], model: "same-1"))
        try loader.load(fromSQLite: logs.path, afterID: lastID)
        let pathNext = CommandRunner.run(["run", "--db", logs.path])
        let serverNext = CommandRunner.run(["run", "--db", database.uri])
        #expect(pathNext.code == .success && serverNext.code == .success, "\(pathNext.err)\(serverNext.err)")
        #expect(figures(serverNext.out) == figures(pathNext.out))
        let sqliteStore = try #require(try MappingStores.openForReading(logPath: DatabaseLocation(logs.path), mappingsPath: nil))
        let serverStore = try #require(try MappingStores.openForReading(logPath: DatabaseLocation(database.uri), mappingsPath: nil))
        #expect(try decisions(serverStore) == decisions(sqliteStore))
        let changed = try #require(try sqliteStore.all().first { $0.model == "same-1" }?.endpoint)
        let archived = try sqliteStore.history(model: "same-1", endpoint: changed).count
        #expect(archived == 1)
        #expect(try serverStore.history(model: "same-1", endpoint: changed).count == archived)
    }
}
