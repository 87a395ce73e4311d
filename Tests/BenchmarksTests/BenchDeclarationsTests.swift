import CommandTestSupport
import Commands
import Testing
@testable import Benchmarks

/// The benchmark modes' help and parsing come from the same declarations.
@Suite struct BenchDeclarationsTests {
    @Test(arguments: Bench.commands.map { $0.name })
    func everyDeclaredOptionIsInHelpAndHelpListsOnlyOptionsTheModeReads(name: String) throws {
        let mode = try #require(Bench.commands.first { $0.name == name })
        let problems = DeclarationAudit.problems(of: mode, program: "gateway-mapper-bench")
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test(arguments: Bench.commands.map { $0.name })
    func helpGoesToStandardOutputAndAnUnknownOptionIsAUsageError(name: String) {
        let help = RunBenchTests.bench([name, "--help"])
        #expect(help.code == .success && help.err.isEmpty)
        #expect(help.out.contains("USAGE: gateway-mapper-bench \(name)"))
        let wrong = RunBenchTests.bench([name, "--no-such-option"])
        #expect(wrong.code == .usage && wrong.out.isEmpty)
        #expect(wrong.err.hasPrefix("Error: unknown option '--no-such-option'"))
        #expect(wrong.err.contains("USAGE: gateway-mapper-bench \(name)"))
    }

    @Test func aFractionOutsideZeroToOneIsAUsageError() {
        let result = RunBenchTests.bench(["generate", "--rows", "10", "--models", "2", "--out", "/nonexistent/x.db", "--bad-fraction", "1.5"])
        #expect(result.code == .usage)
        #expect(result.err.hasPrefix("Error: '--bad-fraction' takes a fraction from 0 to 1, not '1.5'"))
    }
}
