import Testing
@testable import PostgreSQL

@Suite struct PGConnectionStringTests {
    @Test(arguments: [
        ("postgresql://mapper:s3cret@db.internal:5432/logs?sslmode=require", "postgresql://mapper:***@db.internal:5432/logs?sslmode=require"),
        ("postgres://mapper:s3cret@db.internal/logs", "postgres://mapper:***@db.internal/logs"),
        ("postgresql://mapper@db.internal/logs?password=s3cret&sslmode=disable", "postgresql://mapper@db.internal/logs?password=***&sslmode=disable"),
        ("host=db.internal user=mapper password=s3cret dbname=logs", "host=db.internal user=mapper password=*** dbname=logs"),
        ("postgresql://mapper@db.internal/logs", "postgresql://mapper@db.internal/logs"),
    ])
    func aPasswordNeverAppearsInTheRedactedForm(uri: String, redacted: String) throws {
        let string = try PGConnectionString(uri)
        #expect(string.redacted == redacted)
        #expect(!string.description.contains("s3cret"))
    }

    @Test func aMalformedURIIsRejectedByLibpqsParser() throws {
        let error = try #require(throws: PGError.self) { try PGConnectionString("postgresql://host:notaport:/x?=") }
        #expect(!error.message.isEmpty)
    }

    @Test func onlyPostgreSQLSchemesNameAServer() {
        #expect(PGConnectionString.isPostgreSQL("postgresql://h/db"))
        #expect(PGConnectionString.isPostgreSQL("postgres://h/db"))
        #expect(!PGConnectionString.isPostgreSQL("/var/lib/gateway/logs.db"))
        #expect(!PGConnectionString.isPostgreSQL("logs.db"))
    }

    @Test(arguments: [
        ("28P01", PGError.Kind.permissionDenied), ("42501", .permissionDenied), ("57P01", .tryLater), ("08006", .tryLater),
        ("55P03", .tryLater), ("42P01", .data), ("42703", .data), ("25006", .readOnly), ("53100", .resources), ("0A000", .other),
    ])
    func sqlStatesSortIntoWhatTheRunCanDo(state: String, kind: PGError.Kind) {
        #expect(PGError(sqlState: state, message: "m").kind == kind)
    }

    @Test(arguments: [
        ("connection to server at \"127.0.0.1\", port 1 failed: Connection refused", PGError.Kind.unavailable),
        ("FATAL:  password authentication failed for user \"mapper\"", .permissionDenied),
        ("FATAL:  the database system is starting up", .tryLater),
        ("FATAL:  database \"nope\" does not exist", .data),
    ])
    func connectionFailuresAreSortedByWhatLibpqSays(message: String, kind: PGError.Kind) {
        #expect(PGError(sqlState: "", message: message).kind == kind)
    }
}
