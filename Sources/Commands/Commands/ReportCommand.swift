import Logs
import Job
import Sampling
import Store
import Report

/// `gateway-mapper report`: where things stand; the exit status tells a monitor whether to alert.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Show keys by status, totals and what is pending; exit 1 when something needs attention."
    static let database = SharedOptions.database.withHelp("The gateway's SQLite log database (opened read-only).")
    static let json = SharedOptions.json.withHelp("Print JSON for tools instead of a table.")
    static let status = Option.value("status", "S", help: "Only keys with this status.", .choice(MappingStatus.self))
    static let model = SharedOptions.model.withHelp("Only this model.")

    static let options: [any DeclaredOption] = [database, SharedOptions.logTable, SharedOptions.mappingsDatabase, json, status, model]
    static let discussion = """
        EXIT STATUS:
          0  nothing is pending or drifted
          1  a model is pending (new, failed with new rows, or expedite requested) or a key drifted
          64, 65, 66, 75  usage, bad database, missing database, locked
        """

    var databasePath: DatabaseLocation
    var mappingsPath: DatabaseLocation?
    var json: Bool
    var status: MappingStatus?
    var model: String?

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        databasePath = try options.logs(Self.database)
        mappingsPath = try options.value(SharedOptions.mappingsDatabase)
        json = try options.value(Self.json)
        status = try options.value(Self.status)
        model = try options.value(Self.model)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let (_, logs) = try LogSources.open(databasePath)
        let store = try MappingStores.openForReading(logPath: databasePath, mappingsPath: mappingsPath)
        let report = try MappingReport.make(
            logs: logs, store: store, databasePath: "\(databasePath)", status: status, model: model)
        context.out(json ? try report.json() : report.table())
        return report.needsAttention ? .attention : .success
    }
}
