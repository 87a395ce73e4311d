import Job
import Sampling
import Store
import Report

/// `gateway-mapper run`: the nightly job.
struct RunCommand: Command {
    static let name = "run"
    static let abstract = "The nightly job: map pending models and check mapped ones for drift."
    static let usage = """
        gateway-mapper run --db PATH [--mappings-db PATH] [--samples K] [--jobs N] [--dry-run]
                           [--metrics-file PATH] [--schemas DIR] [--busy-timeout MS]

        OPTIONS:
          --db PATH            The gateway's SQLite log database (request_logs is only read).
          --mappings-db PATH   Keep the mapping tables in this file instead of the log database.
          --samples K          Newest rows sampled per model (default 2000).
          --jobs N             Worker threads (default: all cores).
          --dry-run            Plan and match, print what would change, write nothing.
          --metrics-file PATH  Write Prometheus textfile-collector metrics there (atomically).
          --schemas DIR        Catalog files added to the built-in catalog (default: $GATEWAY_MAPPER_SCHEMAS).
          --busy-timeout MS    How long to wait for the gateway's write lock (default 5000).
          -h, --help           Show this help.

        A second run on the same database exits 75 at once, naming the holder of the lock.
        """

    var runner: JobRunner

    init(parsing arguments: inout Arguments) throws(CommandError) {
        runner = try JobRunner.parse(&arguments, mode: .nightly)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        guard let (summary, code) = try runner.run(context, log: RunLog(context)) else { return .success }
        context.out(JobRunner.describe(summary, mode: runner.options.mode.name, dryRun: runner.options.dryRun))
        return code
    }
}

/// `gateway-mapper expedite`: the same pipeline for one model now, or for the gateway's requests.
struct ExpediteCommand: Command {
    static let name = "expedite"
    static let abstract = "Map one model now, or serve the expedite requests the gateway inserted."
    static let usage = """
        gateway-mapper expedite --db PATH (--model M [--endpoint E] | --requests | --new-models [--min-rows N])
                                [--quiet-when-idle] [--mappings-db PATH] [--samples K] [--dry-run] [--schemas DIR]

        OPTIONS:
          --db PATH            The gateway's SQLite log database.
          --model M            The model to map now.
          --endpoint E         Only this templated endpoint of the model (e.g. /v1/chat/completions).
          --requests           Serve every open row of mapping_requests (what the gateway's button inserts).
          --new-models         The frequent pass (every few minutes): serve the open requests, and map every
                               model with no mapping yet that has at least --min-rows rows. Drift checks and
                               rows without a model stay with the nightly run.
          --min-rows N         With --new-models: rows a new model needs first (default 20).
          --quiet-when-idle    With --requests or --new-models: when there is nothing to do, print nothing
                               and record no run; when another run holds the lock, exit 75 silently
                               (for timers: cron mails only what needs a look).
          --mappings-db PATH   Keep the mapping tables in this file instead of the log database.
          --samples K          Newest rows sampled (default 2000).
          --dry-run            Match and print, write nothing.
          --schemas DIR        Catalog files added to the built-in catalog.
          -h, --help           Show this help.
        """

    var runner: JobRunner
    var quietWhenIdle: Bool

    init(parsing arguments: inout Arguments) throws(CommandError) {
        let model = try arguments.option("model")
        let endpoint = try arguments.option("endpoint")
        let requests = arguments.flag("requests")
        let newModels = arguments.flag("new-models")
        let minimumRows = try arguments.intOption("min-rows", in: 1...1_000_000)
        quietWhenIdle = arguments.flag("quiet-when-idle")
        if minimumRows != nil && !newModels { throw .usage("'--min-rows' goes with '--new-models'") }
        switch (model, requests || newModels) {
        case (let model?, false):
            if let endpoint, !endpoint.hasPrefix("/") {
                throw .usage("'--endpoint' takes a templated path such as /v1/chat/completions, not '\(endpoint)'")
            }
            runner = try JobRunner.parse(&arguments, mode: .expedite(model: model, endpoint: endpoint))
        case (nil, true):
            guard endpoint == nil else { throw .usage("'--endpoint' goes with '--model', not '--requests' or '--new-models'") }
            runner = try JobRunner.parse(&arguments, mode: newModels ? .newModels(minimumRows: minimumRows ?? MappingJob.rowsToDecide) : .requests)
        default:
            throw .usage("say either '--model M', '--requests' or '--new-models'")
        }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let result: (MappingJob.Summary, ExitCode)?
        do {
            result = try runner.run(context, log: RunLog(context))
        } catch let error as CommandError where quietWhenIdle && error.exitCode == .tryAgain {
            // A timer's pass that meets another run (the nightly one) leaves the work to it, silently.
            return .tryAgain
        }
        guard let (summary, code) = result else {
            if !quietWhenIdle { context.out("gateway-mapper expedite: nothing to do (no open request, no new model with enough rows)\n") }
            return .success
        }
        context.out(JobRunner.describe(summary, mode: runner.options.mode.name, dryRun: runner.options.dryRun))
        for outcome in summary.outcomes {
            let record = outcome.record
            context.out("  \(TerminalText.escaped(record.model)) \(record.endpoint): \(record.status.rawValue) "
                + "\(record.schemaID) (\(String(format: "%.2f", record.confidence)))\n")
        }
        return code
    }
}

extension JobRunner {
    /// The options `run` and `expedite` share.
    static func parse(_ arguments: inout Arguments, mode: MappingJob.Mode) throws(CommandError) -> JobRunner {
        guard let path = try arguments.option("db") else { throw .usage("missing '--db PATH'") }
        var options = MappingJob.Options()
        options.mode = mode
        options.samples = try arguments.intOption("samples", in: 1...1_000_000) ?? options.samples
        options.jobs = try arguments.intOption("jobs", in: 1...256) ?? options.jobs
        options.dryRun = arguments.flag("dry-run")
        options.mapperVersion = GatewayMapper.version
        return JobRunner(
            databasePath: path, mappingsPath: try arguments.option("mappings-db"), schemasPath: try arguments.option("schemas"),
            options: options, metricsPath: try arguments.option("metrics-file"),
            busyTimeoutMilliseconds: try arguments.intOption("busy-timeout", in: 0...600_000) ?? 5_000)
    }
}
