/// A PostgreSQL failure: the SQLSTATE (empty when libpq failed before the server answered), the
/// server's or libpq's message, and the statement it ran (never its arguments). In the spirit of
/// GRDB's `DatabaseError`; `kind` sorts it for the exit codes the command line maps it to.
public struct PGError: Error, Sendable, CustomStringConvertible {
    /// Five-character SQLSTATE, or "" for a connection that never reached the server.
    public let sqlState: String
    public let message: String
    public let sql: String?

    public init(sqlState: String, message: String, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    /// What the failure means for the run.
    public enum Kind: Sendable, Equatable {
        /// The server refused the credentials or the role may not do this (77).
        case permissionDenied
        /// The server cannot be reached (69).
        case unavailable
        /// Try again later: the server is starting, shutting down or restarting, the connection
        /// dropped, a lock or statement timeout fired, a serialization conflict (75).
        case tryLater
        /// What the statement needs is not there (a table, a column), or the data is malformed (65).
        case data
        /// The database is read-only for us (a standby, a read-only transaction) (77).
        case readOnly
        /// The server is out of disk or memory (74).
        case resources
        /// Anything else: a bug of ours or an unexpected state (70).
        case other
    }

    public var kind: Kind {
        if sqlState.isEmpty { return Self.connectionKind(message) }
        switch sqlState {
        case "28000", "28P01", "42501": return .permissionDenied
        case "25006": return .readOnly
        case "55P03", "57014", "57P01", "57P02", "57P03", "40001", "40P01", "53300": return .tryLater
        case "53100", "53200", "58030": return .resources
        default: break
        }
        switch sqlState.prefix(2) {
        case "08": return .tryLater
        case "42", "22", "XX": return .data
        case "3D": return .data
        default: return .other
        }
    }

    /// libpq reports a failed connection as text only; sort the texts it is known to use.
    static func connectionKind(_ message: String) -> Kind {
        let text = message.lowercased()
        if text.contains("authentication failed") || text.contains("no pg_hba.conf entry")
            || text.contains("permission denied") || text.contains("not permitted to log in")
            || (text.contains("role") && text.contains("does not exist")) {
            return .permissionDenied
        }
        if text.contains("starting up") || text.contains("shutting down") || text.contains("in recovery")
            || text.contains("too many clients") || text.contains("server closed the connection")
            || text.contains("no connection to the server") || text.contains("terminating connection")
            || text.contains("connection to server was lost") {
            return .tryLater
        }
        if text.contains("database") && text.contains("does not exist") { return .data }
        return .unavailable
    }

    public var description: String {
        let state = sqlState.isEmpty ? "" : " (SQLSTATE \(sqlState))"
        return "PostgreSQL error\(state): \(message)" + (sql.map { " while running: \($0)" } ?? "")
    }
}
