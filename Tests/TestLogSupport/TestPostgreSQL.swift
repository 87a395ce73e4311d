import Foundation
import PostgreSQL

/// The PostgreSQL server the tests use: `GATEWAY_MAPPER_TEST_POSTGRES` names it (a URI to a
/// database the tests may create databases from); `.ci/run` starts a throwaway cluster and sets
/// it. Without it the PostgreSQL tests are off, except under `CI=true`, where
/// `PostgreSQLServerTests` fails: CI runs them for certain.
public enum TestPostgreSQL {
    /// The administrative URI, or nil when no server is configured.
    public static var serverURI: String? {
        ProcessInfo.processInfo.environment["GATEWAY_MAPPER_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the PostgreSQL tests run.
    public static var isConfigured: Bool { serverURI != nil }

    /// Whether this is CI, where the PostgreSQL tests must run.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A fresh, empty database on the test server, dropped when the value goes.
    public final class Database: @unchecked Sendable {
        /// The database's URI.
        public let uri: String
        public let name: String

        public init() throws {
            guard let server = TestPostgreSQL.serverURI else {
                throw PGError(sqlState: "", message: "GATEWAY_MAPPER_TEST_POSTGRES is not set")
            }
            name = "gm_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try PGConnection(try PGConnectionString(server))
            try admin.execute("CREATE DATABASE \(name)")
            uri = TestPostgreSQL.uri(server, database: name)
        }

        /// A new connection to the database.
        public func connect() throws -> PGConnection {
            try PGConnection(try PGConnectionString(uri))
        }

        deinit {
            guard let server = TestPostgreSQL.serverURI,
                  let admin = try? PGConnection(try PGConnectionString(server)) else { return }
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// `server` with its database replaced by `database` (the path of the URI).
    public static func uri(_ server: String, database: String) -> String {
        guard let scheme = server.range(of: "://") else { return server }
        let rest = server[scheme.upperBound...]
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let query = rest[pathStart...].firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(server[..<pathStart]) + "/" + database + query
    }
}
