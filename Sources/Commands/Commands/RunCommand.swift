import Job
import Sampling
import Store
import Report

/// `gateway-mapper run`: the nightly job.
struct RunCommand: Command {
    static let name = "run"
    static let abstract = "The nightly job: map pending models and check mapped ones for drift."
    static let options: [any DeclaredOption] = [SharedOptions.database] + JobRunner.options
    static let discussion = "A second run on the same database exits 75 at once, naming the holder of the lock."

    var runner: JobRunner

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        runner = try JobRunner(parsing: &options, mode: .nightly)
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
    static let model = SharedOptions.model.withHelp("The model to map now.")
    static let endpoint = SharedOptions.endpoint.withHelp(
        "With --model: only this templated endpoint of the model, such as /v1/chat/completions.")
    static let requests = Option.flag("requests", help: "Serve every open row of mapping_requests (what the gateway's button inserts).")
    static let newModels = Option.flag(
        "new-models", help: "The frequent pass (every few minutes): serve the open requests, and map every model with no mapping yet "
            + "that has at least --min-rows rows. Drift checks and rows without a model stay with the nightly run.")
    static let minimumRows = Option.value(
        "min-rows", "N", help: "With --new-models: rows a new model needs first.", default: MappingJob.rowsToDecide,
        .integer(in: 1...1_000_000))
    static let quietWhenIdle = Option.flag(
        "quiet-when-idle", help: "With --requests or --new-models: when there is nothing to do, print nothing and record no run; "
            + "when another run holds the lock, exit 75 silently (for timers: cron mails only what needs a look).")

    static let options: [any DeclaredOption] =
        [SharedOptions.database, model, endpoint, requests, newModels, minimumRows, quietWhenIdle] + JobRunner.options
    static let synopses: [[UsageTerm]] = [[
        .option(SharedOptions.database),
        .alternatives([[.option(model), .optional(endpoint)], [.option(requests)], [.option(newModels), .optional(minimumRows)]]),
        .otherOptions,
    ]]

    var runner: JobRunner
    var quietWhenIdle: Bool

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        let model = try options.value(Self.model)
        let endpoint = try options.value(Self.endpoint)
        let requests = try options.value(Self.requests)
        let newModels = try options.value(Self.newModels)
        let minimumRows = try options.value(Self.minimumRows)
        quietWhenIdle = try options.value(Self.quietWhenIdle)
        if try options.isGiven(Self.minimumRows) && !newModels { throw .usage("'--min-rows' goes with '--new-models'") }
        switch (model, requests || newModels) {
        case (let model?, false):
            runner = try JobRunner(parsing: &options, mode: .expedite(model: model, endpoint: endpoint))
        case (nil, true):
            guard endpoint == nil else { throw .usage("'--endpoint' goes with '--model', not '--requests' or '--new-models'") }
            runner = try JobRunner(parsing: &options, mode: newModels ? .newModels(minimumRows: minimumRows) : .requests)
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
