import Demo
import Report
import Foundation
import Logs
import Job
import Sampling
import Store
import SQLite

/// `gateway-mapper demo`: builds a demo log database from `Fixtures/`, runs the job on it and
/// prints the report.
struct DemoCommand: Command {
    static let name = "demo"
    static let abstract = "Build a demo log database from Fixtures/, run the job on it, print the report."
    static let out = Option<String?>.value(
        "out", "PATH", help: "Where to write the demo database, which must not exist.", .string
    ).withDefaultText("a new temporary directory; the path is printed")
    static let rows = Option.value("rows", "N", help: "About how many rows to write.", default: 3_000, .integer(in: 100...1_000_000))
    static let seed = SharedOptions.seed(default: 42)

    static let options: [any DeclaredOption] = [out, SharedOptions.fixtures, rows, seed, SharedOptions.schemas]

    var outPath: String?
    var fixtures: FixtureDirectory
    var rows: Int
    var seed: UInt64
    var schemas: SchemasDirectory

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        outPath = try options.value(Self.out)
        fixtures = try options.value(SharedOptions.fixtures)
        rows = try options.value(Self.rows)
        seed = try options.value(Self.seed)
        schemas = try options.value(SharedOptions.schemas)
    }

    func validate() throws(CommandError) {
        if let outPath, FileManager.default.fileExists(atPath: outPath) {
            throw .usage("'--out \(outPath)' already exists; the demo writes a new database")
        }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let manifest = try fixtures.manifest()
        let path = try outPath ?? Self.temporaryPath()
        let demo = DemoDatabase(manifest: manifest, seed: seed, targetRows: rows)
        let (summary, truth) = try demo.write(to: path)
        context.out("""
            Demo log database: \(path)
              \(summary.rows) rows, \(summary.models) models, \(summary.hosts) hosts, \
            \(summary.bytes / 1024) KiB of bodies
              \(summary.streamed) streamed, \(summary.errors) errors, \(summary.corrupt) corrupt, \
            \(summary.unattributed) without a model
              \(truth.keys.count) (model, endpoint) keys planted

            """)
        var options = MappingJob.Options()
        options.mapperVersion = GatewayMapper.version
        let location = DatabaseLocation(path)
        let runner = JobRunner(databasePath: location, mappingsPath: nil, schemas: schemas, options: options, metricsPath: nil)
        guard let (run, code) = try runner.run(context, log: RunLog(context)) else { return .software }
        context.out(JobRunner.describe(run, mode: "nightly", dryRun: false) + "\n")

        let (_, logs) = try LogSources.open(location)
        guard let store = try MappingStores.openForReading(logPath: location, mappingsPath: nil) else { return .software }
        let report = try MappingReport.make(logs: logs, store: store, databasePath: path)
        context.out(report.table())
        context.out("\n" + (try verdict(truth: truth, store: store)))
        return code
    }

    /// How many planted keys the job mapped to the API the demo knows they speak.
    func verdict(truth: DemoDatabase.Truth, store: MappingStore) throws -> String {
        let mappings = Dictionary(try store.all().map { ("\($0.model)\u{0}\($0.endpoint)", $0) }, uniquingKeysWith: { a, _ in a })
        var right = 0
        var misses: [String] = []
        for key in truth.keys {
            let record = mappings["\(key.model)\u{0}\(key.endpoint)"]
            if let record, record.status == .mapped, record.schemaID == key.api {
                right += 1
            } else {
                let got = record.map { "\($0.status.rawValue) \($0.schemaID)" } ?? "no mapping"
                misses.append("  \(TerminalText.escaped(key.model)) \(key.endpoint): expected \(key.api), got \(got)")
            }
        }
        var text = "Demo truth: \(right) of \(truth.keys.count) planted keys mapped to the right API.\n"
        if !misses.isEmpty { text += misses.joined(separator: "\n") + "\n" }
        return text
    }

    static func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateway-mapper-demo-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError(.cannotCreate, "cannot create \(directory.path): \(error.localizedDescription)")
        }
        return directory.appendingPathComponent("logs.db").path
    }
}
