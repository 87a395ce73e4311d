import PostgreSQL
import TestLogSupport
import Testing

@Suite(.enabled(if: TestPostgreSQL.isConfigured, "GATEWAY_MAPPER_TEST_POSTGRES names no server"))
struct PGConnectionTests {
    @Test func bytesGoAndComeBackInBinaryFormatUnescaped() throws {
        let database = try TestPostgreSQL.Database()
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (id bigint, b bytea, j jsonb, s text)")
        let bytes: [UInt8] = [0, 1, 0x5C, 0x78, 255, 0x0A]
        try connection.execute("INSERT INTO t VALUES ($1, $2, $3, $4)", [.integer(7), .bytes(bytes), .text(#"{"b":1,"a":2}"#), .null])
        let result = try connection.execute("SELECT id, b, j, s FROM t")
        #expect(result.int64(0, 0) == 7)
        #expect(result.bytes(0, 1).map(Array.init) == bytes)
        #expect(result.string(0, 2) == #"{"a": 2, "b": 1}"#, "jsonb comes as its text, without the version byte")
        #expect(result.isNull(0, 3) && result.string(0, 3) == nil)
    }

    @Test func rowsArriveOneAtATimeAndAnEarlyStopLeavesTheConnectionUsable() throws {
        let database = try TestPostgreSQL.Database()
        let connection = try database.connect()
        var seen: [Int64] = []
        try connection.forEachRow("SELECT g::int8 FROM generate_series(1, 1000) g") { result in
            #expect(result.rowCount == 1)
            seen.append(result.int64(0, 0) ?? 0)
            return seen.count < 3
        }
        #expect(seen == [1, 2, 3])
        #expect(try connection.execute("SELECT 42::int8").int64(0, 0) == 42)
    }

    @Test func aFailedStatementCarriesItsSQLStateAndTheConnectionGoesOn() throws {
        let database = try TestPostgreSQL.Database()
        let connection = try database.connect()
        let error = try #require(throws: PGError.self) { try connection.execute("SELECT * FROM no_such_table") }
        #expect(error.sqlState == "42P01" && error.kind == .data)
        #expect(error.description.contains("no_such_table"))
        let rowError = try #require(throws: PGError.self) {
            try connection.forEachRow("SELECT 1/(g - 3) FROM generate_series(1, 5) g") { _ in true }
        }
        #expect(rowError.sqlState == "22012")
        #expect(try connection.execute("SELECT 1::int8").int64(0, 0) == 1)
    }

    @Test func anUnreachableServerIsUnavailable() throws {
        let error = try #require(throws: PGError.self) {
            try PGConnection(try PGConnectionString("postgresql://nobody@127.0.0.1:1/none"), connectTimeoutSeconds: 2)
        }
        #expect(error.kind == .unavailable)
    }
}

@Suite struct PostgreSQLServerTests {
    @Test func theTestServerIsReachableWheneverCIRequiresIt() throws {
        if TestPostgreSQL.isRequired {
            #expect(TestPostgreSQL.isConfigured, "CI=true but GATEWAY_MAPPER_TEST_POSTGRES is not set: .ci/run starts a server")
        }
        guard TestPostgreSQL.isConfigured else { return }
        let database = try TestPostgreSQL.Database()
        #expect(try database.connect().serverVersion >= 120_000)
    }
}
