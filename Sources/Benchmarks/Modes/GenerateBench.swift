import Demo
import Commands
import Foundation
import LogGenerator

/// `gateway-mapper-bench generate`: writes a large, realistic `request_logs` database and its truth.
struct GenerateBench: Command {
    static let name = "generate"
    static let abstract = "Write a realistic request_logs database (Zipf traffic, client habits, faults) and its truth."
    static let rows = Option.value(
        "rows", "N", help: "Rows to write (1M rows is about 9 GB of bodies).", .integer(in: 1...100_000_000)).required()
    static let models = Option.value(
        "models", "M", help: "Models, Zipf-skewed: a few take most rows, a long tail the rest.", .integer(in: 1...100_000)).required()
    static let out = Option<String?>.value(
        "out", "PATH", help: "The new database (must not exist); the truth goes to PATH.truth.json.", .string).required()
    static let seed = SharedOptions.seed(default: 1)
    static let badFraction = Option.value("bad-fraction", "F", help: "Share of rows with a corrupt body.", default: 0.01, fraction)
    static let streamFraction = Option.value(
        "stream-fraction", "F", help: "Share of rows that stream, on APIs that can.", default: 0.3, fraction)
    static let workers = Option.value(
        "workers", "N", help: "Threads generating bodies while one inserts.",
        default: max(1, ProcessInfo.processInfo.activeProcessorCount), shown: "all cores", .integer(in: 1...256))
    static let fraction = ValueParser.decimal("a fraction from 0 to 1") { $0 >= 0 && $0 <= 1 }

    static let options: [any DeclaredOption] = [rows, models, out, seed, badFraction, streamFraction, workers, SharedOptions.fixtures]

    let rows: Int
    let models: Int
    let outPath: String
    let seed: UInt64
    let badFraction: Double
    let streamFraction: Double
    let workers: Int
    let fixtures: FixtureDirectory

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        rows = try options.value(Self.rows)
        models = try options.value(Self.models)
        outPath = try options.value(Self.out)
        seed = try options.value(Self.seed)
        badFraction = try options.value(Self.badFraction)
        streamFraction = try options.value(Self.streamFraction)
        workers = try options.value(Self.workers)
        fixtures = try options.value(SharedOptions.fixtures)
    }

    func validate() throws(CommandError) {
        if FileManager.default.fileExists(atPath: outPath) {
            throw .usage("'--out \(outPath)' already exists; the generator writes a new database")
        }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let generator = try Self.generator(
            fixtures: fixtures, rows: rows, models: models, seed: seed, badFraction: badFraction,
            streamFraction: streamFraction)
        let directory = (outPath as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw CommandError(.cannotCreate, "the directory of '--out \(outPath)' does not exist; create it first")
        }
        let started = ContinuousClock.now
        let (summary, truth) = try generator.write(to: outPath, workers: workers) { done in
            if context.isTerminal, done % 50_000 < 1_024 {
                context.err("\r  \(done) of \(rows) rows")
            }
        }
        if context.isTerminal { context.err("\r\u{1B}[K") }
        let seconds = ShapesBench.seconds(ContinuousClock.now - started)
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: outPath)[.size] as? Int) ?? 0
        context.out(Self.describe(summary, truth: truth, path: outPath, seconds: seconds, fileBytes: fileBytes, workers: workers))
        return .success
    }

    static func generator(
        fixtures: FixtureDirectory, rows: Int, models: Int, seed: UInt64, badFraction: Double,
        streamFraction: Double
    ) throws -> LogGenerator {
        let manifest = try fixtures.manifest()
        var options = LogGenerator.Options()
        options.rows = rows
        options.models = models
        options.seed = seed
        options.badFraction = badFraction
        options.streamFraction = streamFraction
        do {
            return try LogGenerator(manifest: manifest, options: options)
        } catch let error as FixtureError {
            throw CommandError(.noInput, error.message)
        }
    }

    static func describe(
        _ summary: LogGenerator.Summary, truth: LogGenerator.Truth, path: String, seconds: Double, fileBytes: Int, workers: Int
    ) -> String {
        let gigabytes = Double(summary.bytes) / 1e9
        let corrupt = LogGenerator.Corruption.allCases.map { "\($0.rawValue) \(summary.corrupt[$0, default: 0])" }.joined(separator: ", ")
        let apis = Set(truth.keys.map(\.api)).count
        let top = summary.rowsPerModel.values.sorted(by: >)
        let topShare = top.prefix(10).reduce(0, +)
        return """
            Generated \(path)
              \(summary.rows) rows, \(summary.rowsPerModel.count) models, \(summary.hosts.count) hosts, \(apis) APIs, \
            \(truth.keys.count) keys in the truth
              bodies \(String(format: "%.2f", gigabytes)) GB (file \(String(format: "%.2f", Double(fileBytes) / 1e9)) GB); \
            body size p50 \(summary.percentile(0.5)) B, p90 \(summary.percentile(0.9)) B, p99 \(summary.percentile(0.99)) B, \
            max \(summary.percentile(1))
              top 10 models \(summary.rows == 0 ? 0 : topShare * 100 / max(1, summary.rows - summary.nullModel))% of labelled rows; \
            smallest model \(top.last ?? 0) rows
              \(summary.streamed) streamed, \(summary.errors) errors, \(summary.uploads) uploads, \(summary.nullModel) without a model, \
            \(summary.nullStatus) without a status
              corrupt \(summary.corruptRows): \(corrupt)
              \(String(format: "%.1f", seconds)) s with \(workers) generating thread\(workers == 1 ? "" : "s"): \
            \(Int(Double(summary.rows) / max(seconds, 1e-9))) rows/s, \(String(format: "%.0f", Double(summary.bytes) / 1e6 / max(seconds, 1e-9))) MB/s

            """
    }
}
