import Foundation
import TestSupport
import Testing
@testable import Benchmarks
import CommandTestSupport
import Commands

/// `gateway-mapper-bench idle-pass`: times the frequent pass only where it is idle, and never
/// writes a database that still has work.
@Suite struct IdlePassBenchTests {
    @Test func aDatabaseWithWorkIsRefusedUntouchedAndAMappedOneIsTimed() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        let generate = RunBenchTests.bench(["generate", "--rows", "400", "--models", "4", "--seed", "5", "--out", path])
        try #require(generate.code == .success, "\(generate.err)")
        let before = FileManager.default.contents(atPath: path)
        let refused = RunBenchTests.bench(["idle-pass", "--db", path, "--repeat", "2"])
        #expect(refused.code == .dataError)
        #expect(refused.err.contains("nothing was written"))
        #expect(FileManager.default.contents(atPath: path) == before)

        #expect(CommandRunner.run(["run", "--db", path]).code == .success)
        let timed = RunBenchTests.bench(["idle-pass", "--db", path, "--repeat", "3"])
        #expect(timed.code == .success, "\(timed.err)")
        #expect(timed.out.contains("3 passes: median") && timed.out.contains("nothing printed"), "\(timed.out)")
    }
}
