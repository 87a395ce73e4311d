import Commands
import Foundation
import Logs
import SQLite

/// `gateway-mapper-bench write-load`: plays the gateway's writer — one row per autocommit insert
/// into `request_logs`, in WAL mode with `synchronous=NORMAL`, with a busy timeout — and reports how long the longest insert
/// took. The fault suite runs it beside `gateway-mapper run` to prove a run never blocks the
/// gateway for longer than its busy timeout.
struct WriteLoadBench: Command {
    static let name = "write-load"
    static let abstract = "Insert log rows like the gateway (WAL, busy timeout) and report the longest insert."
    static let database = SharedOptions.database.withHelp("An existing request_logs database (opened for writing, WAL mode).")
    static let seconds = Option.value("seconds", "S", help: "Stop after S seconds.", default: 10, .integer(in: 1...86_400))
    /// The writer's own busy timeout, as the gateway sets it: not the mapper's `--busy-timeout`
    /// (another default, and never 0).
    static let busyTimeout = Option.value(
        "busy-timeout", "MS", help: "The writer's busy timeout, as the gateway sets it.", default: 2_000, .integer(in: 1...600_000))
    static let rate = Option.value(
        "rate", "N", help: "Rows per second.", default: 0, shown: "0, as fast as possible", .integer(in: 0...1_000_000))
    static let stopFile = Option<String?>.value("stop-file", "PATH", help: "Stop early once this file exists.", .string)

    static let options: [any DeclaredOption] = [database, seconds, busyTimeout, rate, stopFile]
    static let discussion = """
        Prints one logfmt line: inserted, max_wait_ms (the longest insert), p99_wait_ms, busy_timeout_ms, and first_insert / \
        last_insert as Unix times. An insert that fails (SQLITE_BUSY after the timeout) ends the load with the error's exit code.
        """

    let databasePath: String
    let seconds: Int
    let busyTimeout: Int
    let rate: Int
    let stopFile: String?

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        databasePath = try options.value(Self.database).raw
        seconds = try options.value(Self.seconds)
        busyTimeout = try options.value(Self.busyTimeout)
        rate = try options.value(Self.rate)
        stopFile = try options.value(Self.stopFile)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let db = try LogDatabase.open(databasePath, write: true, busyTimeoutMilliseconds: busyTimeout)
        // What a gateway logging in WAL mode sets: commits wait for locks, not for fsync.
        try db.execute("PRAGMA synchronous=NORMAL")
        let request = Array(#"{"model":"write-load","messages":[{"role":"user","content":"ping"}],"max_tokens":16}"#.utf8)
        let response = Array((#"{"id":"chatcmpl-load","object":"chat.completion","created":1764000000,"model":"write-load","#
            + #""choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],"#
            + #""usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}"#).utf8)
        let clock = ContinuousClock()
        let end = clock.now + .seconds(seconds)
        let interval: Duration? = rate > 0 ? .seconds(1) / rate : nil
        var waits: [Duration] = []
        var first: Date?
        var last: Date?
        var failure: (any Error)?
        var next = clock.now
        while clock.now < end {
            if let stopFile, FileManager.default.fileExists(atPath: stopFile) { break }
            if let interval {
                Self.sleep(until: next, clock: clock)
                next += interval
            }
            let started = clock.now
            do {
                try db.execute(
                    "INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [Date().ISO8601Format(), "https://api.openai.com/v1/chat/completions", "write-load", "write-load", 200, request, response])
            } catch {
                failure = error
                break
            }
            waits.append(clock.now - started)
            let now = Date()
            if first == nil { first = now }
            last = now
        }
        let sorted = waits.sorted()
        func milliseconds(_ duration: Duration?) -> String {
            guard let duration else { return "0" }
            let (seconds, attoseconds) = duration.components
            return String(format: "%.3f", Double(seconds) * 1_000 + Double(attoseconds) / 1e15)
        }
        let p99 = sorted.isEmpty ? nil : sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        var line = "write_load inserted=\(waits.count) max_wait_ms=\(milliseconds(sorted.last)) p99_wait_ms=\(milliseconds(p99))"
            + " busy_timeout_ms=\(busyTimeout)"
            + " first_insert=\(String(format: "%.6f", first?.timeIntervalSince1970 ?? 0))"
            + " last_insert=\(String(format: "%.6f", last?.timeIntervalSince1970 ?? 0))"
        if let failure { line += " error=\"\(GatewayMapper.describe(failure).message)\"" }
        context.out(line + "\n")
        if let failure { throw failure }
        return .success
    }

    /// Sleeps until `deadline` (synchronously: the command runs on the main thread).
    static func sleep(until deadline: ContinuousClock.Instant, clock: ContinuousClock) {
        let remaining = deadline - clock.now
        guard remaining > .zero else { return }
        let (seconds, attoseconds) = remaining.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
    }
}
