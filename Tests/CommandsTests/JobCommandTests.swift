import TestSupport
import Foundation
import TestLogSupport
import CommandTestSupport
import Testing
import Logs
import Job
import SQLiteStore
import Store
import SQLite
@testable import Commands

@Suite(.serialized) struct JobCommandTests {
    @Test func runMapsEveryPlantedKeyAndReportExitsZeroWhenNothingIsPending() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir)
        let run = CommandRunner.run(["run", "--db", path, "--jobs", "2"])
        #expect(run.code == .success, "\(run.err)")
        #expect(run.out.contains("gateway-mapper run #1, nightly"))
        let store = MappingStore(try Database(path: path, mode: .readOnly))
        let byKey = Dictionary(try store.all().map { ("\($0.model) \($0.endpoint)", $0) }, uniquingKeysWith: { a, _ in a })
        for key in truth.keys {
            let record = byKey["\(key.model) \(key.endpoint)"]
            #expect(record?.status == .mapped && record?.schemaID == key.api, "\(key.model) \(key.endpoint): \(String(describing: record?.schemaID))")
        }
        let report = CommandRunner.run(["report", "--db", path])
        #expect(report.code == .success)
        #expect(report.out.contains("Pending: none"))
        let json = CommandRunner.run(["report", "--db", path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((object["keys"] as? [Any])?.count == truth.keys.count)
    }

    @Test("Bedrock binary stream keys and Gemini array stream keys map to their catalog APIs")
    func binaryAndArrayStreamKeysMap() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir)
        let framed = truth.keys.filter { !Set($0.streams ?? []).isDisjoint(with: ["aws_eventstream", "json_array"]) }
        let apis = Dictionary(grouping: framed) { Set($0.streams ?? []).contains("aws_eventstream") ? "aws_eventstream" : "json_array" }
            .mapValues { Set($0.map(\.api)) }
        #expect(apis["aws_eventstream"] == ["aws.bedrock_converse", "anthropic.messages", "aws.bedrock_invoke_titan"])
        #expect(apis["json_array"] == ["google.generate_content"])
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let store = MappingStore(try Database(path: path, mode: .readOnly))
        for key in framed {
            let record = try store.all().first { $0.model == key.model && $0.endpoint == key.endpoint }
            #expect(record?.status == .mapped && record?.schemaID == key.api, "\(key.model) \(key.endpoint): \(String(describing: record?.schemaID))")
        }
    }

    @Test func reportExitsOneWhileAModelIsPending() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let report = CommandRunner.run(["report", "--db", path])
        #expect(report.code == .attention)
        #expect(report.out.contains("Pending ("))
        #expect(report.out.contains("no mappings yet"))
    }

    @Test func aDryRunWritesNothing() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let result = CommandRunner.run(["run", "--db", path, "--dry-run"])
        #expect(result.code == .success, "\(result.err)")
        #expect(result.out.contains("dry run (nothing written)"))
        #expect(try !Database(path: path, mode: .readOnly).tableExists("model_mappings"))
    }

    @Test func aSecondRunWhileTheLockIsHeldExitsTryLater() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let lock = try MappingStore(try Database(path: path, mode: .readOnly)).lockForRun(mode: "nightly")
        let result = CommandRunner.run(["run", "--db", path])
        #expect(result.code == .tryAgain)
        #expect(result.err.contains("holds the lock"))
        #expect(result.err.contains("pid="))
        withExtendedLifetime(lock) {}
    }

    @Test func expediteMapsOneModelAndServesRequests() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let model = try #require(truth.keys.first { $0.api == "anthropic.messages" }).model
        let one = CommandRunner.run(["expedite", "--db", path, "--model", model])
        #expect(one.code == .success, "\(one.err)")
        #expect(one.out.contains("anthropic.messages"))
        let store = MappingStore(try Database(path: path, mode: .readWrite))
        #expect(Set(try store.all().map(\.model)) == [model])

        let other = try #require(truth.keys.first { $0.api == "ollama.chat" }).model
        _ = try store.requestExpedite(model: other, endpoint: nil)
        let served = CommandRunner.run(["expedite", "--db", path, "--requests"])
        #expect(served.code == .success, "\(served.err)")
        #expect(served.out.contains("expedite requests served: 1"))
        #expect(try store.openRequests().isEmpty)
        let idle = CommandRunner.run(["expedite", "--db", path, "--requests", "--quiet-when-idle"])
        #expect(idle.code == .success)
        #expect(idle.out.isEmpty)
        let unknown = CommandRunner.run(["expedite", "--db", path, "--model", "no-such-model"])
        #expect(unknown.code == .noInput)
        #expect(unknown.err.contains("no rows for model 'no-such-model'"))
    }

    @Test func theMetricsFileIsWrittenForTheTextfileCollector() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let metrics = dir.path("mapper.prom")
        let result = CommandRunner.run(["run", "--db", path, "--metrics-file", metrics])
        #expect(result.code == .success, "\(result.err)")
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.contains("# TYPE gateway_mapper_last_success_timestamp_seconds gauge"))
        #expect(text.contains("gateway_mapper_keys{status=\"mapped\"}"))
        #expect(text.contains("gateway_mapper_run_exit_status{mode=\"nightly\"} 0"))
    }

    @Test func overridesArePinnedListedAndCleared() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let model = try #require(truth.keys.first { $0.api == "openai.chat_completions" }).model
        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let set = CommandRunner.run(["override", "set", "--db", path, "--model", model, "--schema", "anthropic.messages", "--note", "test pin"])
        #expect(set.code == .success, "\(set.err)")
        #expect(set.out.contains("now read 'override'"))
        #expect(CommandRunner.run(["override", "list", "--db", path]).out.contains("anthropic.messages"))
        let unknown = CommandRunner.run(["override", "set", "--db", path, "--model", model, "--schema", "nope.api"])
        #expect(unknown.code == .dataError)
        #expect(unknown.err.contains("unknown schema 'nope.api'"))
        let clear = CommandRunner.run(["override", "clear", "--db", path, "--model", model])
        #expect(clear.code == .success)
        #expect(CommandRunner.run(["override", "list", "--db", path]).out.contains("No overrides."))
    }

    @Test func mappingsCanLiveInAnotherFileLeavingTheLogDatabaseUntouched() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let mappings = dir.path("mappings.db")
        let result = CommandRunner.run(["run", "--db", path, "--mappings-db", mappings])
        #expect(result.code == .success, "\(result.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try Database(path: mappings, mode: .readOnly).tableExists("model_mappings"))
        #expect(CommandRunner.run(["report", "--db", path, "--mappings-db", mappings]).code == .success)
    }

    @Test func aReadOnlyLogDatabaseIsRefusedForWritingAndLeftUntouched() throws {
        let dir = try TemporaryDirectory()
        let (path, _) = try DemoLogs.make(in: dir, rows: 300)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = CommandRunner.run(["run", "--db", path])
        #expect(result.code == .cannotCreate)
        #expect(result.err.contains("read-only"))
        #expect(result.err.contains("--mappings-db"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
