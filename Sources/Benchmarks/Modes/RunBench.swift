import Catalog
import Demo
import Commands
import Foundation
import LogGenerator
import Logs
import SQLiteLogs
import Job
import Sampling
import Store
import Report
import SQLite

/// `gateway-mapper-bench run`: the real nightly job, in process, on a generated database, beside
/// its read floor measured in the same process; checked against the generator's truth.
struct RunBench: Command {
    static let name = "run"
    static let abstract = "Run the nightly job on a generated database: time, CPU, RSS, MB/s vs the read floor, accuracy."
    static let database = SharedOptions.database.withHelp(
        "A database written by 'generate' (its truth beside it). It is only read, except with --incremental (rows appended, "
            + "then removed).")
    static let jobs = SharedOptions.jobs.withHelp("Worker threads, for the job and the floor.")
    static let pairs = Option.value(
        "pairs", "N", help: "Measure the floor and the job N times, alternating, and report the median ratio and its spread "
            + "beside the first pair. Each extra job writes a fresh temporary store.", default: 1, .integer(in: 1...1_000))
    static let mappingsDatabase = SharedOptions.mappingsDatabase.withHelp("Where the job writes its mappings, kept afterwards; it must not exist.")
        .withDefaultText("a temporary file, removed afterwards, so every run is a first night")
    static let incremental = Option.value(
        "incremental", "PERCENT", help: "After the first run, append PERCENT% more rows of the same seed stream and time a second "
            + "run (target: 10% of the first).", .decimal("a percentage above 0 and at most 100") { $0 > 0 && $0 <= 100 })
    static let minimumRows = Option.value(
        "min-rows", "N", help: "Keys with at least N successful rows must map right.", default: 20, .integer(in: 1...1_000_000))
    static let fixtures = SharedOptions.fixtures.withHelp("Fixtures for --incremental.")
    static let truth = Option<String?>.value(
        "truth", "PATH", help: "The generator's truth, to judge the mappings by.", .string)
        .withDefaultText("PATH.truth.json beside an SQLite --db; required with a PostgreSQL one")

    static let options: [any DeclaredOption] = [
        database, SharedOptions.logTable, truth, SharedOptions.samples, jobs, pairs, mappingsDatabase, incremental, minimumRows,
        SharedOptions.schemas, fixtures,
    ]
    static let discussion = """
        The floor runs first, once to warm the cache and once measured; then the job. Figures are from one process; compare \
        ratios, not absolute times, across machines. On a noisy machine one pair swings by ±20%: take the median of several \
        (--pairs 9). Exits 1 when a judged key is mapped wrong or a model failed.
        """

    let database: DatabaseLocation
    let truthPath: String?
    let samples: Int
    let jobs: Int
    let pairs: Int
    let mappingsPath: String?
    let incremental: Double?
    let minimumRows: Int
    let schemas: SchemasDirectory
    let fixtures: FixtureDirectory

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        database = try options.logs(Self.database)
        truthPath = try options.value(Self.truth)
        samples = try options.value(SharedOptions.samples)
        jobs = try options.value(Self.jobs)
        pairs = try options.value(Self.pairs)
        mappingsPath = try options.value(Self.mappingsDatabase)?.raw
        incremental = try options.value(Self.incremental)
        minimumRows = try options.value(Self.minimumRows)
        schemas = try options.value(SharedOptions.schemas)
        fixtures = try options.value(Self.fixtures)
    }

    /// The SQLite file `--db` names (nil for a server).
    var databasePath: String? { database.isPostgreSQL ? nil : database.raw }

    func validate() throws(CommandError) {
        if database.isPostgreSQL && truthPath == nil {
            throw .usage("with a PostgreSQL --db, '--truth PATH' names the truth of the database it was loaded from")
        }
        if database.isPostgreSQL && incremental != nil {
            throw .usage("'--incremental' appends rows to an SQLite --db; it does not write to a server")
        }
        if let mappingsPath, FileManager.default.fileExists(atPath: mappingsPath) {
            throw .usage("'--mappings-db \(mappingsPath)' already exists; the benchmark needs a fresh store")
        }
    }

    /// One timed run of the job.
    struct JobFigures {
        var summary: MappingJob.Summary
        var seconds: Double
        var cpuSeconds: Double
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let startUsage = ProcessUsage.now()
        let (source, logs) = try LogSources.open(database)
        let truth = try readTruth()
        let rows = try logs.modelHeads().map(\.maxID).max() ?? 0
        if rows > Int64(truth.generator.rows) {
            throw CommandError(.dataError, "\(database) has \(rows) rows, its truth \(truth.generator.rows): an --incremental "
                + "run was interrupted. Remove the extra rows with: sqlite3 \(database) "
                + "'DELETE FROM request_logs WHERE id > \(truth.generator.rows)'")
        }
        let catalog = try schemas.catalog()
        let scratch = try mappingsPath == nil || pairs > 1 ? Self.scratchDirectory() : nil
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        let storePath = mappingsPath ?? scratch!.appendingPathComponent("mappings.db").path
        let store = try MappingStores.openForWriting(logPath: database, mappingsPath: DatabaseLocation(storePath)).store

        // The floor: once to warm the page cache, once measured.
        let floor = ReadFloor(source: source, samples: samples, jobs: jobs)
        _ = try floor.measure()
        let floorFigures = try floor.measure()
        let afterFloor = ProcessUsage.now()

        var options = MappingJob.Options()
        options.samples = samples
        options.jobs = jobs
        options.mapperVersion = GatewayMapper.version
        let job = MappingJob(source: source, catalog: catalog, options: options)
        let first = try Self.timed { try job.run(store: store) }
        let afterJob = ProcessUsage.now()

        var text = describe(rows: rows, floor: floorFigures, first: first, startUsage: startUsage, afterFloor: afterFloor,
                            afterJob: afterJob)
        if pairs > 1 {
            var measured = [PairRatio(floor: floorFigures, job: first)]
            for pair in 2...pairs {
                let floorAgain = try floor.measure()
                let path = scratch!.appendingPathComponent("mappings-\(pair).db").path
                let freshStore = try MappingStores.openForWriting(logPath: database, mappingsPath: DatabaseLocation(path)).store
                measured.append(PairRatio(floor: floorAgain, job: try Self.timed { try job.run(store: freshStore) }))
            }
            text += PairRatio.describe(measured)
        }
        let (accuracy, misses) = try check(truth: truth, store: store)
        text += accuracy
        if let incremental {
            text += try runIncremental(percent: incremental, truth: truth, job: job, store: store, first: first, context: context)
        }
        context.out(text)
        return first.summary.failures.isEmpty && misses == 0 ? .success : .attention
    }

    static func timed(_ body: () throws -> MappingJob.Summary) rethrows -> JobFigures {
        let before = ProcessUsage.now()
        let started = ContinuousClock.now
        let summary = try body()
        return JobFigures(
            summary: summary, seconds: ShapesBench.seconds(ContinuousClock.now - started),
            cpuSeconds: ProcessUsage.now().cpuSeconds - before.cpuSeconds)
    }

    func describe(
        rows: Int64, floor: ReadFloor.Figures, first: JobFigures, startUsage: ProcessUsage, afterFloor: ProcessUsage,
        afterJob: ProcessUsage
    ) -> String {
        let size = databasePath.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }
            .map { "\(String(format: "%.2f", Double($0) / 1e9)) GB file" } ?? "PostgreSQL"
        let floorMB = Double(floor.bytes) / 1e6
        let jobMB = Double(first.summary.bytesScanned) / 1e6
        let summary = first.summary
        let pair = PairRatio(floor: floor, job: first)
        let statuses = MappingStatus.allCases.map { "\($0.rawValue) \(summary.count($0))" }.joined(separator: ", ")
        return """
            gateway-mapper-bench run: \(database)
              \(rows) rows, \(size); K = \(samples), \(jobs) job\(jobs == 1 ? "" : "s"); warm cache
              read floor   wall \(f(floor.seconds)) s  cpu \(f(floor.cpuSeconds)) s  \(f(floorMB)) MB  \(f(floorMB / floor.seconds)) MB/s  \
            (\(floor.queries) queries, \(floor.rows) rows)
              job          wall \(f(first.seconds)) s  cpu \(f(first.cpuSeconds)) s  \(f(jobMB)) MB  \(f(jobMB / first.seconds)) MB/s  \
            (\(summary.modelsConsidered) models, \(summary.keysConsidered) keys, \(summary.rowsRead) rows)
              ratio        job / floor: \(f(pair.wall))x wall, \(f(pair.cpu))x cpu  (target ≤ 2x wall)
              peak RSS     \(mb(afterJob.peakResidentBytes)) MB (\(mb(startUsage.peakResidentBytes)) MB at start, \
            \(mb(afterFloor.peakResidentBytes)) MB after the floor)  (target ≤ 256 MB)
              keys         \(statuses); \(summary.failures.count) failed
              rejected     \(summary.rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))

            """
    }

    /// Keys with enough successful rows must be mapped to the API the generator planted.
    func check(truth: LogGenerator.Truth, store: MappingStore) throws -> (String, Int) {
        let records = Dictionary(try store.all().map { (LogKey(model: $0.model, endpoint: $0.endpoint), $0) }, uniquingKeysWith: { a, _ in a })
        let eligible = truth.keys.filter { $0.rows >= minimumRows }
        var misses: [String] = []
        for key in eligible {
            let record = records[LogKey(model: key.model, endpoint: key.endpoint)]
            if let record, record.status == .mapped, record.schemaID == key.api { continue }
            let got = record.map { "\($0.status.rawValue) \($0.schemaID) (\(String(format: "%.2f", $0.confidence)))" } ?? "no mapping"
            misses.append("    \(TerminalText.escaped(key.model)) \(key.endpoint) (\(key.rows) rows): expected \(key.api), got \(got)")
        }
        let small = truth.keys.count - eligible.count
        var text = "  accuracy     \(eligible.count - misses.count) of \(eligible.count) keys with ≥ \(minimumRows) successful rows "
            + "mapped to the right API (\(small) smaller keys not judged)\n"
        if !misses.isEmpty { text += misses.prefix(40).joined(separator: "\n") + "\n" }
        if misses.count > 40 { text += "    … and \(misses.count - 40) more\n" }
        return (text, misses.count)
    }

    /// Appends `percent`% rows of the same seed stream, times a second run, then removes them.
    func runIncremental(
        percent: Double, truth: LogGenerator.Truth, job: MappingJob, store: MappingStore, first: JobFigures,
        context: CommandContext
    ) throws -> String {
        let generator = try GenerateBench.generator(
            fixtures: fixtures, rows: truth.generator.rows, models: truth.generator.models,
            seed: truth.generator.seed, badFraction: truth.generator.badFraction, streamFraction: truth.generator.streamFraction)
        let base = truth.generator.rows
        let added = max(1, Int(Double(base) * percent / 100))
        let appendStart = ContinuousClock.now
        guard let databasePath else { return "" }
        _ = try generator.append(to: databasePath, rows: base..<(base + added), workers: jobs)
        let appendSeconds = ShapesBench.seconds(ContinuousClock.now - appendStart)
        defer {
            // Leave the database as generated, so it stays reusable.
            if let db = try? Database(path: databasePath, mode: .readWrite) {
                try? db.execute("DELETE FROM request_logs WHERE id > ?", [base])
                try? db.executeScript("PRAGMA wal_checkpoint(TRUNCATE);")
            }
        }
        let second = try Self.timed { try job.run(store: store) }
        let summary = second.summary
        let reasons = Dictionary(grouping: summary.outcomes, by: \.reason).mapValues(\.count)
            .sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        return """
              incremental  +\(f(percent))% = \(added) rows appended in \(f(appendSeconds)) s; second run wall \(f(second.seconds)) s, \
            cpu \(f(second.cpuSeconds)) s = \(f(100 * second.seconds / first.seconds))% of the first (target ≤ 10%)
                           \(summary.modelsConsidered) models, \(summary.keysConsidered) keys (\(reasons)), \(summary.rowsRead) rows, \
            \(f(Double(summary.bytesScanned) / 1e6)) MB, changed \(summary.changed); peak RSS now \(mb(ProcessUsage.now().peakResidentBytes)) MB

            """
    }

    /// The generator's truth: `--truth`, or the file beside an SQLite `--db`.
    func readTruth() throws -> LogGenerator.Truth {
        let path = truthPath ?? DemoDatabase.truthPath(for: database.raw)
        do {
            return try LogGenerator.readTruth(file: path)
        } catch {
            throw CommandError(.noInput, "cannot read the truth \(path) (\(error.localizedDescription)); benchmark a database "
                + "written by 'gateway-mapper-bench generate' (or loaded from one, with --truth)")
        }
    }

    static func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateway-mapper-bench-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError(.cannotCreate, "cannot create \(directory.path): \(error.localizedDescription)")
        }
        return directory
    }

    func f(_ value: Double) -> String { ShapesBench.format(value) }
    func mb(_ bytes: Int) -> String { String(bytes / 1_000_000) }
}
