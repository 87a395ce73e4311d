import Logs
import Report
import Job
import Sampling
import Store
import SQLite

/// `gateway-mapper check`: proves a database follows the log contract and is sound, counts its
/// rows; with `--init`, creates the mapper's tables so the gateway can file expedite requests
/// before the first night.
struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Check that a database follows the gateway's log contract and is sound; --init creates the mapper's tables."
    static let database = SharedOptions.database.withHelp("The gateway's SQLite log database (opened read-only without --init).")
    static let initialize = Option.flag(
        "init", help: "Create the mapper's tables (model_mappings, mapping_requests, …) now, in the log database or in "
            + "--mappings-db, so the gateway can insert expedite requests before the first run. Safe to repeat.")
    static let mappingsDatabase = SharedOptions.mappingsDatabase.withHelp("With --init: keep the mapper's tables in this file.")

    static let options: [any DeclaredOption] = [database, SharedOptions.logTable, initialize, mappingsDatabase]
    static let synopses: [[UsageTerm]] = [[.option(database), .bracketed([.option(initialize), .optional(mappingsDatabase)])]]
    static let discussion = "Reads every page once (SQLite's quick_check): on a large database this takes a while."

    let databasePath: DatabaseLocation
    let initialize: Bool
    let mappingsPath: DatabaseLocation?

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        databasePath = try options.logs(Self.database)
        initialize = try options.value(Self.initialize)
        mappingsPath = try options.value(Self.mappingsDatabase)
    }

    func validate() throws(CommandError) {
        if mappingsPath != nil && !initialize { throw .usage("'--mappings-db' goes with '--init'") }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let (_, logs) = try LogSources.open(databasePath)
        let integrity = try logs.integrityProblems()
        if let integrity, let first = integrity.problems.first {
            throw CommandError(.dataError, "\(databasePath) follows the log contract but is damaged (\(integrity.check): "
                + "\(TerminalText.escaped(first))); restore it from a backup")
        }
        let summaries = try logs.modelSummaries()
        let rows = summaries.map(\.rows).reduce(0, +)
        let models = summaries.filter { $0.model != nil }.count
        let unattributed = summaries.first { $0.model == nil }?.rows ?? 0
        context.out("""
            \(databasePath): follows the log contract
              integrity \(integrity.map { "ok (\($0.check))" } ?? "not checked here (the server checks its own pages)")
              rows      \(rows)
              models    \(models)
              no model  \(unattributed)

            """)
        if initialize {
            // The log database was just checked; another mappings file is checked on opening.
            let store = try MappingStores.openForWriting(
                logPath: databasePath, mappingsPath: mappingsPath, checkedSound: mappingsPath == nil || mappingsPath == databasePath).store
            context.out("The mapper's tables are ready in \(store.location) (mapping_requests takes expedite requests now).\n")
        }
        return .success
    }
}
