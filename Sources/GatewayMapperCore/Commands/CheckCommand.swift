import Logs
import SQLite

/// `gateway-mapper check`: proves a database follows the log contract and counts its rows.
struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Check that a database follows the gateway's log contract."
    static let usage = """
        gateway-mapper check --db PATH

        OPTIONS:
          --db PATH   The gateway's SQLite log database (opened read-only).
          -h, --help  Show this help.
        """

    let databasePath: String

    init(parsing arguments: inout Arguments) throws(CommandError) {
        guard let path = try arguments.option("db") else { throw .usage("missing '--db PATH'") }
        databasePath = path
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let db = try LogDatabase.open(databasePath)
        let rows = try db.scalarInt("SELECT count(*) FROM request_logs") ?? 0
        let models = try db.scalarInt("SELECT count(DISTINCT model) FROM request_logs") ?? 0
        let unattributed = try db.scalarInt("SELECT count(*) FROM request_logs WHERE model IS NULL") ?? 0
        context.out("""
            \(databasePath): follows the log contract
              rows      \(rows)
              models    \(models)
              no model  \(unattributed)

            """)
        return .success
    }
}
