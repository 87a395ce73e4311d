import Demo
import Foundation
import TestLogSupport
import Testing
import TestSupport

/// `run` killed with SIGKILL at random points: the store stays consistent (each key as before or
/// as after, history rows whole, `integrity_check` ok) and the next run completes.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct KillTests {
    static let keyColumns = ["model", "endpoint"]
    static let historyColumns = ["model", "endpoint", "version"]
    /// What a key's mapping says (the bookkeeping of a run — times, run ids — left out).
    static let mappingColumns: Set<String> = ["model", "endpoint", "version", "schema_id", "status", "field_map", "structure_hash", "confidence"]

    /// A log database already mapped once, then given work of every kind for the next run:
    /// keys whose API changed (a new version, the old one into history), keys with a few new
    /// rows of the same API (refreshed in place) and new models (inserted).
    static func template(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.path("template.db")
        let logs = try LogBuilder(path: path)
        let exchanges = LogBuilder.plainExchanges
        for index in 0..<54 {
            try logs.insert(exchanges[index % exchanges.count], model: "kill-\(index)", times: 10)
        }
        logs.close()
        let first = try runToEnd(Executables.mapper, ["run", "--db", path, "--jobs", "2", "--samples", "10"], in: dir)
        try #require(first.exitCode == 0, "\(first.err)")
        try logs.reopen()
        for index in 0..<18 {
            // Another API's bodies on this key's own endpoint.
            let own = exchanges[index % exchanges.count]
            let other = exchanges[(index + 1) % exchanges.count]
            try logs.insert(other, model: "kill-\(index)", times: 10, path: try logs.endpoint(own, model: "kill-\(index)"))
        }
        for index in 18..<36 {
            try logs.insert(exchanges[index % exchanges.count], model: "kill-\(index)", times: 3)
        }
        for index in 54..<90 {
            try logs.insert(exchanges[index % exchanges.count], model: "kill-\(index)", times: 10)
        }
        logs.close()
        return path
    }

    struct State: Equatable {
        var mappings: [String: [String: String]]
        var history: [String: [String: String]]

        init(mappings: [String: [String: String]], history: [String: [String: String]]) {
            self.mappings = mappings
            self.history = history
        }

        init(_ path: String) throws {
            mappings = try snapshot(path, table: "model_mappings", key: KillTests.keyColumns, ignoring: ["updated_at", "mapped_at"])
            history = try snapshot(path, table: "mapping_history", key: KillTests.historyColumns, ignoring: ["superseded_at", "mapped_at"])
        }

        /// The mapping content only, by key.
        var content: [String: [String: String]] {
            mappings.mapValues { $0.filter { KillTests.mappingColumns.contains($0.key) } }
        }
    }

    /// How a killed run left the store.
    enum Outcome: String { case asBefore, asAfter, mixed }

    /// Checks `killed` against the states before and after a clean run; returns how it looks.
    static func check(_ killed: State, before: State, after: State, point: String) -> Outcome {
        var sawBefore = false
        var sawAfter = false
        for key in Set(before.mappings.keys).union(after.mappings.keys) {
            let row = killed.mappings[key]
            let isBefore = row == before.mappings[key]
            let isAfter = row == after.mappings[key]
            #expect(isBefore || isAfter, "\(point): key \(key) is neither as before nor as after: \(String(describing: row))")
            if isBefore && !isAfter { sawBefore = true }
            if isAfter && !isBefore { sawAfter = true }
        }
        for key in killed.mappings.keys {
            #expect(before.mappings[key] != nil || after.mappings[key] != nil, "\(point): unknown key \(key)")
        }
        // History: the old versions of before, plus whole versions of after, each with its successor.
        for (key, row) in killed.history {
            let known = before.history[key] ?? after.history[key]
            #expect(row == known, "\(point): history row \(key) is not a whole version")
            if let model = row["model"], let endpoint = row["endpoint"], let version = Int(row["version"] ?? "") {
                let current = killed.mappings[model + "\u{1F}" + endpoint + "\u{1F}"]
                #expect(Int(current?["version"] ?? "") ?? 0 > version, "\(point): history \(key) has no newer current row")
            }
        }
        for key in before.history.keys { #expect(killed.history[key] != nil, "\(point): history row \(key) was lost") }
        switch (sawBefore, sawAfter) {
        case (true, true): return .mixed
        case (false, true): return .asAfter
        default: return .asBefore
        }
    }

    @Test func aRunKilledAtTwentyRandomPointsLeavesEveryKeyAsBeforeOrAfterAndTheNextRunCompletes() throws {
        let dir = try TemporaryDirectory()
        let template = try Self.template(dir)
        let before = try State(template)
        // One worker: the 72 keys to write go out in batches of 16, five transactions spread
        // over the run.
        let arguments = ["run", "--jobs", "1", "--samples", "10"]

        let clean = dir.path("clean.db")
        try copyDatabase(template, to: clean)
        let started = Date()
        let cleanRun = try runToEnd(Executables.mapper, arguments + ["--db", clean], in: dir)
        var duration = Date().timeIntervalSince(started)
        try #require(cleanRun.exitCode == 0, "\(cleanRun.err)")
        let after = try State(clean)
        try #require(after.history.count >= 12, "the clean run must version the remapped keys: \(after.history.keys.sorted())")
        try #require(after.mappings.count == 90)
        try #require(after.mappings.count > before.mappings.count)

        var rng = SplitMix64(seed: 20_261_125)
        var killed = 0
        var attempts = 0
        var outcomes: [Outcome: Int] = [:]
        let work = dir.path("killed.db")
        while killed < 20 && attempts < 60 {
            attempts += 1
            let delay = rng.nextDouble() * duration
            try copyDatabase(template, to: work)
            let child = try Child(Executables.mapper, arguments + ["--db", work], in: dir, label: "kill-\(attempts)")
            let launched = Date()
            while child.isRunning && Date().timeIntervalSince(launched) < delay { usleep(500) }
            guard child.isRunning, child.killNow() else {
                // It finished first: not a kill point. Runs are faster than the clean one was
                // (a loaded machine varies): draw the next points within this run's length.
                _ = child.wait()
                duration = min(duration, Date().timeIntervalSince(launched))
                continue
            }
            killed += 1
            let point = "kill #\(killed) at \(Int(delay * 1000)) ms"
            #expect(try integrityCheck(work) == "ok", "\(point)")
            let state = try State(work)
            outcomes[Self.check(state, before: before, after: after, point: point), default: 0] += 1

            // A run row left unfinished does not stop the report.
            let report = try runToEnd(Executables.mapper, ["report", "--db", work], in: dir)
            #expect(report.exitCode == 0 || report.exitCode == 1, "\(point): report: \(report.err)")

            let resumed = try runToEnd(Executables.mapper, ["run", "--jobs", "2", "--samples", "10", "--db", work], in: dir)
            #expect(resumed.exitCode == 0, "\(point): the next run: \(resumed.err)")
            #expect(try State(work).content == after.content, "\(point): the next run does not end where a clean run does")
        }
        #expect(killed >= 20, "only \(killed) of \(attempts) attempts killed a running run (a clean run takes \(duration) s)")
        // The points are spread over the run: some before its first write, some after its last.
        #expect(outcomes[.asBefore, default: 0] > 0, "\(outcomes)")
    }
}
