import Logs
import Job
import Sampling
import Store
import Report

/// `gateway-mapper report`: where things stand; the exit status tells a monitor whether to alert.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Show keys by status, totals and what is pending; exit 1 when something needs attention."
    static let usage = """
        gateway-mapper report --db PATH [--mappings-db PATH] [--json] [--status S] [--model M]

        OPTIONS:
          --db PATH           The gateway's SQLite log database (opened read-only).
          --mappings-db PATH  Where the mappings are kept, when not in the log database.
          --json              Print JSON for tools instead of a table.
          --status S          Only keys with this status: \(MappingStatus.allCases.map(\.rawValue).joined(separator: ", ")).
          --model M           Only this model.
          -h, --help          Show this help.

        EXIT STATUS:
          0  nothing is pending or drifted
          1  a model is pending (new, failed with new rows, or expedite requested) or a key drifted
          64, 65, 66, 75  usage, bad database, missing database, locked
        """

    var databasePath: String
    var mappingsPath: String?
    var json: Bool
    var status: MappingStatus?
    var model: String?

    init(parsing arguments: inout Arguments) throws(CommandError) {
        guard let path = try arguments.option("db") else { throw .usage("missing '--db PATH'") }
        databasePath = path
        mappingsPath = try arguments.option("mappings-db")
        json = arguments.flag("json")
        if let text = try arguments.option("status") {
            guard let value = MappingStatus(rawValue: text) else {
                throw .usage("'--status' takes one of \(MappingStatus.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
            }
            status = value
        }
        model = try arguments.option("model")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let (_, logs) = try LogSources.open(databasePath)
        let store = try MappingStores.openForReading(logPath: databasePath, mappingsPath: mappingsPath)
        let report = try MappingReport.make(
            logs: logs, store: store, databasePath: databasePath, status: status, model: model)
        context.out(json ? try report.json() : report.table())
        return report.needsAttention ? .attention : .success
    }
}
