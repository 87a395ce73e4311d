import CommandTestSupport
import Foundation
import TestSupport
import Testing
@testable import Commands

/// The options several commands share: one spelling and one meaning everywhere, and the
/// environment variables that stand in for them.
@Suite struct SharedOptionsTests {
    @Test func gatewayMapperSchemasStandsInForSchemasAndItsErrorsNameTheVariable() throws {
        let environment = ["GATEWAY_MAPPER_SCHEMAS": "/nonexistent/schemas"]
        let run = try #require(try GatewayMapper.parse(RunCommand.self, ["--db", "x"], environment: environment) as? RunCommand)
        #expect(run.runner.schemas.path == "/nonexistent/schemas" && run.runner.schemas.fromEnvironment)
        #expect(throws: (any Error).self) { try run.runner.schemas.catalog() }
        do {
            _ = try run.runner.schemas.catalog()
        } catch {
            #expect(error.description.contains("GATEWAY_MAPPER_SCHEMAS is not a directory"), "\(error)")
        }
        let given = try #require(
            try GatewayMapper.parse(RunCommand.self, ["--db", "x", "--schemas", "/elsewhere"], environment: environment) as? RunCommand)
        #expect(given.runner.schemas.path == "/elsewhere" && !given.runner.schemas.fromEnvironment)
        do {
            _ = try given.runner.schemas.catalog()
        } catch {
            #expect(error.description.contains("given with --schemas"), "\(error)")
        }
    }

    @Test func gatewayMapperFixturesStandsInForFixtures() throws {
        let dir = try TemporaryDirectory()
        let result = CommandRunner.run(["demo", "--out", dir.path("demo.db")], environment: ["GATEWAY_MAPPER_FIXTURES": dir.path("gone")])
        #expect(result.code == .noInput, "\(result.err)")
        #expect(result.err.contains(dir.path("gone")), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("demo.db")))
    }

    @Test func anEndpointMustBeATemplatedPathOrAStarForAll() throws {
        let bad = CommandRunner.run(["infer", "--db", "x", "--model", "m", "--endpoint", "v1/chat"])
        #expect(bad.code == .usage)
        #expect(bad.err.hasPrefix("Error: '--endpoint' takes a templated path such as /v1/chat/completions"))
        let all = try #require(try GatewayMapper.parse(InferCommand.self, ["--db", "x", "--model", "m", "--endpoint", "*"], environment: [:]) as? InferCommand)
        #expect(all.endpoint == nil)
        let pin = try #require(
            try GatewayMapper.parse(OverrideCommand.self, ["clear", "--db", "x", "--model", "m"], environment: [:]) as? OverrideCommand)
        #expect(pin.endpoint == "*")
    }

    @Test func theJobOptionsReachTheRunnerForRunAndExpediteAlike() throws {
        let words = ["--db", "logs.db", "--mappings-db", "m.db", "--samples", "50", "--jobs", "3", "--dry-run", "--busy-timeout", "0"]
        let run = try #require(try GatewayMapper.parse(RunCommand.self, words, environment: [:]) as? RunCommand)
        let expedite = try #require(
            try GatewayMapper.parse(ExpediteCommand.self, words + ["--model", "m"], environment: [:]) as? ExpediteCommand)
        for runner in [run.runner, expedite.runner] {
            #expect(runner.databasePath.raw == "logs.db" && runner.mappingsPath?.raw == "m.db")
            #expect(runner.options.samples == 50 && runner.options.jobs == 3 && runner.options.dryRun)
            #expect(runner.busyTimeoutMilliseconds == 0 && runner.metricsPath == nil)
        }
    }
}
