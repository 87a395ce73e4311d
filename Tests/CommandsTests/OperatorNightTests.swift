import TestSupport
import Foundation
import TestLogSupport
import CommandTestSupport
import Testing
import Job
import SQLiteStore
import Store
import SQLite
@testable import Commands

/// The operator's defects: each test failed before its fix.
@Suite(.serialized) struct OperatorNightTests {
    func runs(_ path: String) throws -> [MappingRun] {
        try MappingStore(try Database(path: path, mode: .readOnly)).runs()
    }

    @Test func overrideSetClearRunThenAChangeStillSucceedsEveryNight() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let model = try #require(truth.keys.first { $0.api == "openai.chat_completions" }).model
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        #expect(CommandRunner.run(["override", "set", "--db", path, "--model", model, "--schema", "anthropic.messages"]).code == .success)
        #expect(CommandRunner.run(["override", "clear", "--db", path, "--model", model]).code == .success)
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        // The next change to the key archives its current version: it used to fail on UNIQUE, every night.
        let again = CommandRunner.run(["override", "set", "--db", path, "--model", model, "--schema", "anthropic.messages"])
        #expect(again.code == .success, "\(again.err)")
        let next = CommandRunner.run(["run", "--db", path])
        #expect(next.code == .success, "\(next.err)")
        let store = MappingStore(try Database(path: path, mode: .readOnly))
        for record in try store.all() where record.model == model {
            let versions = try store.history(model: model, endpoint: record.endpoint).map(\.version) + [record.version]
            #expect(versions == Array(1...versions.count), "\(versions)")
        }
    }

    @Test func anIdleExpediteIsSilentAndRecordsNoRun() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let before = try runs(path)
        let idle = CommandRunner.run(["expedite", "--db", path, "--requests", "--quiet-when-idle"])
        #expect(idle.code == .success)
        #expect(idle.out.isEmpty && idle.err.isEmpty, "out: \(idle.out) err: \(idle.err)")
        #expect(try runs(path) == before)
        let loud = CommandRunner.run(["expedite", "--db", path, "--requests"])
        #expect(loud.code == .success)
        #expect(loud.out.contains("nothing to do"))
        #expect(try runs(path) == before)
    }

    @Test func anUnknownModelOnExpediteExits66AndRecordsNoRun() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let unknown = CommandRunner.run(["expedite", "--db", path, "--model", "no-such-model"])
        #expect(unknown.code == .noInput)
        #expect(try runs(path).count == 1)
        #expect(try runs(path).first?.exitStatus == 0)
    }

    @Test func anUnwritableMetricsFileExits73AndTheRunSaysSo() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let result = CommandRunner.run(["run", "--db", path, "--metrics-file", dir.path("no-such-dir/mapper.prom")])
        #expect(result.code == .cannotCreate, "\(result.err)")
        #expect(result.err.contains("metrics file"))
        let run = try #require(try runs(path).first)
        #expect(run.exitStatus == 73)
        #expect(run.keysConsidered > 0, "the keys written are counted")
    }

    @Test func aDryRunOnANeverMappedDatabaseCountsEveryNewKeyAsAChange() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let dry = CommandRunner.run(["run", "--db", path, "--dry-run"])
        #expect(dry.code == .success, "\(dry.err)")
        let changed = try #require(dry.out.firstMatch(of: /would change (\d+)/).map { Int($0.1) ?? 0 })
        #expect(changed >= truth.keys.count, "\(dry.out)")
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let second = CommandRunner.run(["run", "--db", path, "--dry-run"])
        #expect(second.out.contains("would change 0"), "\(second.out)")
    }

    @Test func aMissingFieldMapFileIsNamedAsAFieldMap() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let result = CommandRunner.run(["override", "set", "--db", path, "--model", "m", "--field-map", dir.path("missing.json")])
        #expect(result.code == .noInput)
        #expect(result.err.contains("field map"), "\(result.err)")
        #expect(!result.err.contains("log database"), "\(result.err)")
    }

    @Test func modelsStoredAsBytesOrWithANulAreMappedAndAnInvalidNameIsReportedNotPending() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let model = try #require(truth.keys.first { $0.api == "openai.chat_completions" }).model
        let db = try Database(path: path, mode: .readWrite)
        for name in ["CAST('blob-model' AS BLOB)", "'nul' || char(0) || 'model'", "x'ff6d6f64656c'"] {
            try db.execute("""
                INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body)
                SELECT created_at, target_url, provider, \(name), status, request_body, response_body FROM request_logs WHERE model = ?
                """, [model])
        }
        let run = CommandRunner.run(["run", "--db", path])
        #expect(run.code == .success, "\(run.err)")
        #expect(run.out.contains("models not keyed: 1"), "\(run.out)")
        #expect(run.err.contains("event=models_not_keyed"), "\(run.err)")
        let store = MappingStore(db)
        for name in ["blob-model", "nul\u{0}model"] {
            let record = try store.all().first { $0.model == name }
            #expect(record?.status == .mapped && record?.schemaID == "openai.chat_completions", "\(name): \(String(describing: record))")
        }
        let report = CommandRunner.run(["report", "--db", path])
        #expect(report.code == .success, "nothing is pending: \(report.out)")
        #expect(report.out.contains("Models not keyed: 1"), "\(report.out)")
        #expect(report.out.contains("nul\\u{0}model") || report.out.contains("nul\\0model") || report.out.contains("nul\\x00model"), "\(report.out)")
    }

    /// Copies `model`'s rows under `newName` (its bodies say the old name; the key is the log's).
    func plant(_ newName: String, from model: String, rows: Int, in db: Database) throws {
        try db.execute("""
            INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body)
            SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 minutes'), target_url, provider, ?, status, request_body, response_body
            FROM request_logs WHERE model = ? ORDER BY id LIMIT ?
            """, [newName, model, rows])
    }

    @Test func theFrequentPassMapsANewModelWithEnoughRowsAndIsSilentOtherwise() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 600)
        let model = try #require(truth.keys.first { $0.api == "openai.chat_completions" }).model
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let idle = CommandRunner.run(["expedite", "--db", path, "--new-models", "--quiet-when-idle"])
        #expect(idle.code == .success && idle.out.isEmpty && idle.err.isEmpty, "\(idle.out)\(idle.err)")

        let db = try Database(path: path, mode: .readWrite)
        try plant("brand-new-model", from: model, rows: 25, in: db)
        try plant("too-few-rows", from: model, rows: 3, in: db)
        let runsBefore = try runs(path).count
        let pass = CommandRunner.run(["expedite", "--db", path, "--new-models", "--quiet-when-idle"])
        #expect(pass.code == .success, "\(pass.err)")
        #expect(pass.out.contains("brand-new-model"), "\(pass.out)")
        #expect(!pass.out.contains("too-few-rows"))
        #expect(try runs(path).count == runsBefore + 1)
        let store = MappingStore(db)
        let mapped = try #require(try store.all().first { $0.model == "brand-new-model" })
        #expect(mapped.status == .mapped && mapped.schemaID == "openai.chat_completions")
        #expect(mapped.firstLoggedAt != nil && mapped.mappedAt != nil)
        #expect((mapped.secondsToMapped ?? 0) >= 100, "planted 3 minutes ago: \(String(describing: mapped.secondsToMapped))")
        #expect(try store.all().allSatisfy { $0.model != "too-few-rows" })

        // Nothing new since: idle again, and the report says when the key was logged and mapped.
        let again = CommandRunner.run(["expedite", "--db", path, "--new-models", "--quiet-when-idle"])
        #expect(again.out.isEmpty && again.err.isEmpty, "\(again.out)\(again.err)")
        let report = CommandRunner.run(["report", "--db", path, "--model", "brand-new-model"])
        #expect(report.out.contains("first logged"), "\(report.out)")
        #expect(report.out.contains("min later"), "\(report.out)")
        let metrics = dir.path("mapper.prom")
        _ = CommandRunner.run(["run", "--db", path, "--metrics-file", metrics])
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.contains("gateway_mapper_time_to_mapped_seconds{model=\"brand-new-model\",endpoint=\"/v1/chat/completions\"}"), "\(text)")
    }

    @Test func everyExpediteRequestIsClosedWithAnOutcomeTheReportLists() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let model = try #require(truth.keys.first { $0.api == "anthropic.messages" }).model
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let store = MappingStore(try Database(path: path, mode: .readWrite))
        let served = try store.requestExpedite(model: model, endpoint: nil)
        let unknown = try store.requestExpedite(model: "no-such-model", endpoint: nil)
        let wrongEndpoint = try store.requestExpedite(model: model, endpoint: "/v1/no/such/endpoint")
        let pass = CommandRunner.run(["expedite", "--db", path, "--requests", "--quiet-when-idle"])
        #expect(pass.code == .success, "\(pass.err)")
        #expect(try store.openRequests().isEmpty)
        let outcomes = Dictionary(uniqueKeysWithValues: try store.closedRequests().map { ($0.id, $0.outcome) })
        #expect(outcomes[served] == "mapped")
        #expect(outcomes[unknown] == "no_rows")
        #expect(outcomes[wrongEndpoint] == "no_endpoint")
        let report = CommandRunner.run(["report", "--db", path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any])
        let listed = try #require(object["requests"] as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["outcome"] as? String }) == ["mapped", "no_rows", "no_endpoint"])
        #expect(CommandRunner.run(["report", "--db", path]).out.contains("no-such-model (any endpoint) → no_rows"))
    }

    @Test func overridesAreCheckedBeforeAnythingIsWritten() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let model = try #require(truth.keys.first { $0.api == "openai.chat_completions" }).model
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)

        let typo = CommandRunner.run(["override", "set", "--db", path, "--model", "gpt-4o-minii", "--schema", "openai.chat_completions"])
        #expect(typo.code == .success)
        #expect(typo.err.contains("Warning: no rows of model 'gpt-4o-minii'"), "\(typo.err)")
        let endpoint = CommandRunner.run(["override", "set", "--db", path, "--model", model, "--endpoint", "/v1/chat/complete", "--schema", "openai.chat_completions"])
        #expect(endpoint.err.contains("no rows on /v1/chat/complete") && endpoint.err.contains("/v1/chat/completions"), "\(endpoint.err)")

        let file = dir.path("pin.json")
        try Data(#"{"schema_id": "mine", "roles": {"gen_ai.usage.imput_tokens": {"body": "response", "paths": ["$.usage.in"]}}}"#.utf8)
            .write(to: URL(fileURLWithPath: file))
        let before = try MappingStore(try Database(path: path, mode: .readOnly)).overrides()
        let broken = CommandRunner.run(["override", "set", "--db", path, "--model", model, "--field-map", file])
        #expect(broken.code == .dataError)
        #expect(broken.err.contains("roles['gen_ai.usage.imput_tokens']") && broken.err.contains("gen_ai.usage.input_tokens"), "\(broken.err)")
        #expect(try MappingStore(try Database(path: path, mode: .readOnly)).overrides() == before)

        #expect(CommandRunner.run(["override", "clear", "--db", path, "--model", "gpt-4o-minii"]).code == .success)
        let twice = CommandRunner.run(["override", "clear", "--db", path, "--model", "gpt-4o-minii"])
        #expect(twice.code == .success, "\(twice.err)")
        #expect(twice.out.contains("nothing to clear"))
    }

    @Test func checkRunsQuickCheckAndInitCreatesTheTablesTheGatewayInsertsInto() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let check = CommandRunner.run(["check", "--db", path])
        #expect(check.code == .success, "\(check.err)")
        #expect(check.out.contains("integrity ok (SQLite quick_check)"))
        #expect(try !Database(path: path, mode: .readOnly).tableExists("mapping_requests"), "check alone writes nothing")
        let initialize = CommandRunner.run(["check", "--db", path, "--init"])
        #expect(initialize.code == .success, "\(initialize.err)")
        let db = try Database(path: path, mode: .readWrite)
        try db.execute("INSERT INTO mapping_requests (model, endpoint, requested_at) VALUES ('m', NULL, '2026-12-06T00:00:00Z')")
        #expect(CommandRunner.run(["check", "--db", path, "--init"]).code == .success, "a second --init changes nothing")
        #expect(try MappingStore(db).openRequests().map(\.model) == ["m"])
    }

    @Test func aFrequentPassThatMeetsTheNightlyRunLeavesTheWorkToItSilently() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let lock = try MappingStore(try Database(path: path, mode: .readOnly)).lockForRun(mode: "nightly")
        let pass = CommandRunner.run(["expedite", "--db", path, "--new-models", "--quiet-when-idle"])
        #expect(pass.code == .tryAgain)
        #expect(pass.out.isEmpty && pass.err.isEmpty, "\(pass.out)\(pass.err)")
        let loud = CommandRunner.run(["expedite", "--db", path, "--new-models"])
        #expect(loud.code == .tryAgain && loud.err.contains("holds the lock"))
        withExtendedLifetime(lock) {}
    }
}
