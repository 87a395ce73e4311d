import Commands
import Foundation

/// `gateway-mapper-bench idle-pass`: what the frequent pass costs on a database with nothing new,
/// the price of running it every few minutes. The database must be mapped already (the nightly
/// run has been); the pass is run through the command line in this process, `--repeat` times, and
/// must print nothing.
struct IdlePassBench: Command {
    static let name = "idle-pass"
    static let abstract = "Time the frequent pass (expedite's new-models pass) on a database with nothing new."
    static let database = SharedOptions.database.withHelp("A log database the nightly run has mapped (gateway-mapper run --db PATH).")
    static let mappingsDatabase = SharedOptions.mappingsDatabase.withHelp("Where its mappings are, when not in the log database.")
    static let repeats = Option.value(
        "repeat", "N", help: "Passes to time; the median and the range are printed.", default: 20, .integer(in: 1...10_000))

    static let options: [any DeclaredOption] = [database, mappingsDatabase, repeats]
    static let discussion = "Target: ≤ 100 ms a pass on 1M rows, nothing printed, no run recorded."

    let databasePath: String
    let mappingsPath: String?
    let repeats: Int

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        databasePath = try options.value(Self.database).raw
        mappingsPath = try options.value(Self.mappingsDatabase)?.raw
        repeats = try options.value(Self.repeats)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let words = ["expedite", "--db", databasePath, "--new-models", "--quiet-when-idle"] + (mappingsPath.map { ["--mappings-db", $0] } ?? [])
        let printed = Printed()
        let quiet = CommandContext(out: { printed.add($0) }, err: { printed.add($0) }, environment: context.environment)
        // A dry run first: a database with work to do is refused before anything is written.
        _ = GatewayMapper.main(words + ["--dry-run"], context: quiet)
        guard printed.text.isEmpty else {
            throw CommandError(.dataError, "the pass would not be idle here (new models, or open requests): "
                + "run 'gateway-mapper run --db \(databasePath)' first; nothing was written")
        }
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<repeats {
            let started = clock.now
            let code = GatewayMapper.main(words, context: quiet)
            let elapsed = clock.now - started
            guard code == .success else {
                throw CommandError(code, "the pass exited \(code): \(printed.text.prefix(300))")
            }
            times.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        }
        guard printed.text.isEmpty else {
            throw CommandError(.dataError, "a pass printed something: \(printed.text.prefix(300))")
        }
        let sorted = times.sorted()
        let median = sorted[sorted.count / 2] * 1000
        context.out(String(
            format: "idle-pass  %d passes: median %.1f ms (%.1f–%.1f ms), nothing printed  (target ≤ 100 ms)\n",
            repeats, median, sorted.first! * 1000, sorted.last! * 1000))
        return .success
    }

    /// What the passes printed, if anything (an idle pass prints nothing).
    final class Printed: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = ""
        func add(_ more: String) { lock.withLock { stored += more } }
        var text: String { lock.withLock { stored } }
    }
}
