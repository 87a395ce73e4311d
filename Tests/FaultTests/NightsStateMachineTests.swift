import Demo
import Foundation
import Commands
import SQLite
import TestLogSupport
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Random sequences of what happens to a gateway over many nights: runs, expedites, overrides
/// set and cleared, traffic that changes shape, new models, frequent passes and runs killed at
/// random moments. After every step the next nightly run must succeed and the store must keep
/// its invariants: one current row per key, versions strictly increasing, history never lost,
/// overrides never overwritten.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct NightsStateMachineTests {
    enum Step: CaseIterable {
        case run, expediteModel, expediteRequest, overrideSet, overrideClear, drift, newModel, frequentPass, kill
    }

    /// What the store holds, for the invariants.
    struct Store {
        var current: [String: (version: Int, status: String, schema: String)] = [:]
        var history: Set<String> = []
        var historyVersions: [String: [Int]] = [:]
        var overrides: [String: String] = [:]

        init(_ path: String) throws {
            let db = try Database(path: path, mode: .readOnly)
            guard try db.tableExists("model_mappings") else { return }
            try db.forEachRow("SELECT model, endpoint, version, status, schema_id FROM model_mappings") { row in
                current["\(row.string(at: 0) ?? "") \(row.string(at: 1) ?? "")"] =
                    (Int(row.int64(at: 2) ?? 0), row.string(at: 3) ?? "", row.string(at: 4) ?? "")
            }
            try db.forEachRow("SELECT model, endpoint, version FROM mapping_history ORDER BY version") { row in
                let key = "\(row.string(at: 0) ?? "") \(row.string(at: 1) ?? "")"
                history.insert("\(key) v\(row.int64(at: 2) ?? 0)")
                historyVersions[key, default: []].append(Int(row.int64(at: 2) ?? 0))
            }
            try db.forEachRow("SELECT model, endpoint, schema_id FROM mapping_overrides") { row in
                overrides["\(row.string(at: 0) ?? "") \(row.string(at: 1) ?? "")"] = row.string(at: 2) ?? ""
            }
        }
    }

    /// Runs the command line in this process; returns its exit code and stderr.
    static func mapper(_ arguments: [String]) -> (code: Int32, err: String) {
        let err = LockedText()
        let context = CommandContext(out: { _ in }, err: { err.append($0) }, environment: [:])
        return (GatewayMapper.main(arguments, context: context).rawValue, err.value)
    }

    final class LockedText: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ more: String) { lock.withLock { text += more } }
        var value: String { lock.withLock { text } }
    }

    static func check(_ store: Store, after previous: Store, step: String) {
        // History is never lost.
        let lost = previous.history.subtracting(store.history)
        #expect(lost.isEmpty, "\(step): history rows lost: \(lost.sorted())")
        for (key, versions) in store.historyVersions {
            #expect(versions == versions.sorted() && Set(versions).count == versions.count, "\(step): \(key) history versions \(versions)")
            if let current = store.current[key] {
                #expect(current.version > (versions.max() ?? 0), "\(step): \(key) v\(current.version) is not past its history \(versions)")
            }
        }
        for (key, current) in store.current {
            if let before = previous.current[key] {
                #expect(current.version >= before.version, "\(step): \(key) went back from v\(before.version) to v\(current.version)")
            }
        }
        // Overrides are never overwritten: a pinned key reads `override` with the pin's schema.
        for (key, current) in store.current {
            let model = String(key.split(separator: " ").first ?? "")
            let endpoint = String(key.dropFirst(model.count + 1))
            guard let schema = store.overrides["\(model) \(endpoint)"] ?? store.overrides["\(model) *"] else { continue }
            #expect(current.status == "override" && current.schema == schema, "\(step): \(key) is pinned to \(schema) but reads \(current)")
        }
    }

    @Test(arguments: [UInt64(3), 29])
    func everyNightAfterAnyStepSucceedsAndTheStoreKeepsItsInvariants(seed: UInt64) throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        let logs = try LogBuilder(path: path)
        let exchanges = LogBuilder.plainExchanges
        var models: [String] = []
        for index in 0..<4 {
            try logs.insert(exchanges[index], model: "sm-\(index)", times: 8)
            models.append("sm-\(index)")
        }
        var rng = SplitMix64(seed: seed)
        let schemas = ["openai.chat_completions", "anthropic.messages", "ollama.chat", "openai.embeddings"]
        let sampling = ["--samples", "8", "--jobs", "1"]
        var previous = try Store(path)
        var counts: [String: Int] = [:]
        for number in 0..<110 {
            let step = Step.allCases.randomElement(using: &rng)!
            let model = models.randomElement(using: &rng)!
            let label = "seed \(seed) step \(number) \(step) \(model)"
            counts["\(step)", default: 0] += 1
            switch step {
            case .run:
                break
            case .expediteModel:
                let result = Self.mapper(["expedite", "--db", path, "--model", model] + sampling)
                #expect(result.code == 0, "\(label): \(result.err)")
            case .expediteRequest:
                logs.close()
                let store = try Database(path: path, mode: .readWrite)
                if try store.tableExists("mapping_requests") {
                    try store.execute("INSERT INTO mapping_requests (model, endpoint, requested_at) VALUES (?, NULL, 't')", [model])
                }
                let result = Self.mapper(["expedite", "--db", path, "--requests"] + sampling)
                #expect(result.code == 0, "\(label): \(result.err)")
            case .overrideSet:
                let schema = schemas.randomElement(using: &rng)!
                let result = Self.mapper(["override", "set", "--db", path, "--model", model, "--schema", schema])
                #expect(result.code == 0, "\(label): \(result.err)")
            case .overrideClear:
                let result = Self.mapper(["override", "clear", "--db", path, "--model", model])
                #expect(result.code == 0, "\(label): \(result.err)")
            case .drift:
                let own = exchanges[(Int(model.dropFirst(3)) ?? 0) % exchanges.count]
                let other = exchanges.randomElement(using: &rng)!
                try logs.reopen()
                try logs.insert(other, model: model, times: 8, path: try logs.endpoint(own, model: model))
            case .newModel:
                let name = "sm-\(models.count)"
                try logs.reopen()
                try logs.insert(exchanges.randomElement(using: &rng)!, model: name, times: 8)
                models.append(name)
            case .frequentPass:
                let result = Self.mapper(["expedite", "--db", path, "--new-models", "--min-rows", "5", "--quiet-when-idle"] + sampling)
                #expect(result.code == 0, "\(label): \(result.err)")
            case .kill:
                logs.close()
                let child = try Child(Executables.mapper, ["run", "--db", path] + sampling, in: dir)
                usleep(UInt32.random(in: 0...60_000, using: &rng))
                _ = child.killNow()
            }
            logs.close()
            let night = Self.mapper(["run", "--db", path] + sampling)
            #expect(night.code == 0, "\(label): the next night failed: \(night.err)")
            let store = try Store(path)
            Self.check(store, after: previous, step: label)
            previous = store
        }
        #expect(counts.count == Step.allCases.count, "every kind of step ran: \(counts)")
        #expect(previous.history.count > 5, "the sequence changed mappings: \(previous.history.count) history rows")
    }
}
