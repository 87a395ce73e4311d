import Foundation
import TestSupport
import Testing
@testable import Benchmarks
import CommandTestSupport
import Commands
import Demo

/// `gateway-mapper-bench conformance`: the committed suite is what the generator writes today.
@Suite struct ConformanceBenchTests {
    static let command = "swift run gateway-mapper-bench conformance --fixtures Fixtures --out Tests/Conformance/cases"
    static let suite = Repository.root.appendingPathComponent("Tests/Conformance/cases")

    static func bench(_ arguments: [String]) -> CommandRunner.Result {
        CommandRunner.run(arguments) { Bench.main($0, context: $1) }
    }

    /// Every file under `directory`, by relative path.
    static func files(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: directory.path) else { return files }
        for case let path as String in walker {
            var isDirectory: ObjCBool = false
            let full = directory.appendingPathComponent(path)
            if manager.fileExists(atPath: full.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: full)
            }
        }
        return files
    }

    @Test func theCommittedSuiteIsWhatTheGeneratorWritesFromTheFixturesAndRules() throws {
        let dir = try TemporaryDirectory()
        let result = Self.bench([
            "conformance", "--fixtures", Repository.fixtures.path,
            "--rules", Repository.root.appendingPathComponent("Tests/Conformance/rules.json").path, "--out", dir.path("cases"),
        ])
        try #require(result.code == .success, "\(result.err)")
        let fresh = try Self.files(dir.url.appendingPathComponent("cases"))
        let committed = try Self.files(Self.suite)
        let missing = fresh.keys.filter { committed[$0] == nil }.sorted()
        let extra = committed.keys.filter { fresh[$0] == nil }.sorted()
        let changed = fresh.keys.filter { committed[$0] != nil && committed[$0] != fresh[$0] }.sorted()
        #expect(missing.isEmpty && extra.isEmpty && changed.isEmpty, """
            Tests/Conformance/cases is stale (\(missing.count) files missing, \(extra.count) extra, \(changed.count) changed: \
            \((missing + extra + changed).prefix(8).joined(separator: ", "))). Regenerate it from the checkout with: \(Self.command)
            """)
    }

    @Test func aRuleWhoseMapTheOverrideRefusesStopsTheGenerationWithTheRuleNamed() throws {
        let dir = try TemporaryDirectory()
        let rules = """
            {"rules": [{"name": "broken", "about": "a path no map may hold",
              "map": {"from": "openai.chat_completions", "patch": {"roles": {"gateway.output.text": {"body": "response", "paths": ["choices"]}}}},
              "target_url": "https://api.openai.com/v1/chat/completions", "model": "m", "status": 200, "response": "{}"}]}
            """
        try Data(rules.utf8).write(to: URL(fileURLWithPath: dir.path("rules.json")))
        let result = Self.bench(["conformance", "--fixtures", Repository.fixtures.path, "--rules", dir.path("rules.json"), "--out", dir.path("cases")])
        #expect(result.code == .software)
        #expect(result.err.contains("case rule+broken: gateway-mapper override set exited 65"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("cases")))
    }

    @Test func mergePatchMergesObjectsRemovesNullMembersAndReplacesTheRest() throws {
        let base = try JSONDecoder().decode(FixtureValue.self, from: Data(#"{"a": {"b": 1, "c": [1]}, "d": "x"}"#.utf8))
        let patch = try JSONDecoder().decode(FixtureValue.self, from: Data(#"{"a": {"b": null, "c": [2]}, "e": true}"#.utf8))
        let merged = try JSONDecoder().decode(FixtureValue.self, from: Data(#"{"a": {"c": [2]}, "d": "x", "e": true}"#.utf8))
        #expect(base.merged(with: patch) == merged)
    }
}

