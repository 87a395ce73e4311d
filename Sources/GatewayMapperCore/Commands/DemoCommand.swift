import Demo
import Report
import Foundation
import Logs
import SQLite

/// `gateway-mapper demo`: builds a demo log database from `Fixtures/`, runs the job on it and
/// prints the report.
struct DemoCommand: Command {
    static let name = "demo"
    static let abstract = "Build a demo log database from Fixtures/, run the job on it, print the report."
    static let usage = """
        gateway-mapper demo [--out PATH] [--fixtures DIR] [--rows N] [--seed N]

        OPTIONS:
          --out PATH       Where to write the demo database (must not exist). Default: a new
                           temporary directory; the path is printed.
          --fixtures DIR   The fixtures directory. Default: $GATEWAY_MAPPER_FIXTURES, ./Fixtures,
                           or the source checkout's Fixtures/.
          --rows N         About how many rows to write (default 3000).
          --seed N         Seed for the demo's traffic (default 42).
          -h, --help       Show this help.
        """

    var outPath: String?
    var fixtures: String?
    var rows: Int
    var seed: UInt64

    init(parsing arguments: inout Arguments) throws(CommandError) {
        outPath = try arguments.option("out")
        fixtures = try arguments.option("fixtures")
        rows = try arguments.intOption("rows", in: 100...1_000_000) ?? 3_000
        seed = UInt64(try arguments.intOption("seed", in: 0...Int.max) ?? 42)
    }

    func validate() throws(CommandError) {
        if let outPath, FileManager.default.fileExists(atPath: outPath) {
            throw .usage("'--out \(outPath)' already exists; the demo writes a new database")
        }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        guard let directory = ResourceLocator.locate(
            "Fixtures", explicit: fixtures, environmentKey: "GATEWAY_MAPPER_FIXTURES", environment: context.environment)
        else {
            throw CommandError(.noInput, "cannot find the Fixtures/ directory; run from the source checkout or pass --fixtures DIR")
        }
        let manifest: FixtureManifest
        do {
            manifest = try FixtureManifest.load(directory: directory)
        } catch let error as FixtureError {
            throw CommandError(.noInput, error.message)
        }
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
        let db = try LogDatabase.open(path)
        let reader = LogReader(db)
        context.out("Models in the log (through the (model, id) index):\n")
        for summary in try reader.modelSummaries() {
            let name = summary.model.map(TerminalText.escaped) ?? "(no model)"
            context.out("  \(name.padding(toLength: 48, withPad: " ", startingAt: 0)) \(summary.rows) rows\n")
        }
        return .success
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
