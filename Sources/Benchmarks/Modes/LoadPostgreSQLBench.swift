import Commands
import Foundation
import LogGenerator
import Logs
import PostgreSQL
import PostgreSQLLogs

/// `gateway-mapper-bench load-postgres`: copies a generated log database into PostgreSQL, so
/// `run` can measure the job on the same rows behind a server.
struct LoadPostgreSQLBench: Command {
    static let name = "load-postgres"
    static let abstract = "Copy a generated request_logs database into a PostgreSQL table (ids and bytes as they are)."
    static let database = SharedOptions.database.withHelp("The SQLite database to copy (written by 'generate').")
    static let target = Option<String?>.value(
        "to", "URI", help: "The PostgreSQL database (postgresql://…); the table must not exist there yet.", .string).required()
    static let table = SharedOptions.logTable.withHelp("The table to create, as schema.name or name.")
    static let bodyType = Option.value(
        "body-type", "TYPE", help: "How the bodies are stored.", default: "bytea",
        .string("bytea or text") { ["bytea", "text"].contains($0) })

    static let options: [any DeclaredOption] = [database, target, table, bodyType]
    static let discussion = "Then measure the job on it with the run mode, giving it the truth file of the database copied here."

    let databasePath: String
    let target: String
    let table: String
    let bodyType: String

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        databasePath = try options.value(Self.database).raw
        target = try options.value(Self.target)
        table = try options.value(Self.table)
        bodyType = try options.value(Self.bodyType)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        _ = try LogSources.open(DatabaseLocation(databasePath))
        let connectionString = try LogSources.connectionString(DatabaseLocation(target), option: "--to")
        let connection = try PGConnection(connectionString)
        let contract = PostgreSQLLogContract(table: table)
        if try !connection.execute("SELECT to_regclass($1)::text", [.text(contract.quotedTable)]).isNull(0, 0) {
            throw CommandError(.cannotCreate, "\(table) already exists in \(connectionString); load into a new table")
        }
        let started = ContinuousClock.now
        let rows = try PostgreSQLLogLoader(connection: connection, table: table, bodyType: bodyType).load(fromSQLite: databasePath)
        let size = try connection.execute("SELECT pg_total_relation_size($1::regclass)::int8", [.text(contract.quotedTable)]).int64(0, 0) ?? 0
        context.out("""
            loaded \(rows) rows into \(table) on \(connectionString) in \(ShapesBench.format(ShapesBench.seconds(ContinuousClock.now - started))) s \
            (\(ShapesBench.format(Double(size) / 1e9)) GB with its index and TOAST)

            """)
        return .success
    }
}
