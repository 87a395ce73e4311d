import Foundation
import TestSupport
import Testing
@testable import Benchmarks
import CommandTestSupport
import Commands

/// `gateway-mapper-bench run`, end to end on a small generated database, and its pair statistics.
@Suite struct RunBenchTests {
    static func bench(_ arguments: [String]) -> CommandRunner.Result {
        CommandRunner.run(arguments) { Bench.main($0, context: $1) }
    }

    @Test func runMeasuresAlternatingPairsAndJudgesTheGeneratedTruth() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        let generate = Self.bench(["generate", "--rows", "600", "--models", "6", "--seed", "3", "--out", path])
        try #require(generate.code == .success, "\(generate.err)")
        let run = Self.bench(["run", "--db", path, "--samples", "200", "--pairs", "3", "--min-rows", "30"])
        #expect(run.code == .success, "\(run.out)\n\(run.err)")
        #expect(run.out.contains("read floor"))
        let pairs = try #require(run.out.split(separator: "\n").first { $0.contains("floor/job pairs") })
        #expect(pairs.contains("3 floor/job pairs"))
        // One ratio per pair, then the medians.
        #expect(pairs.split(separator: ":").last?.split(separator: ",").count == 3)
        #expect(run.out.contains("wall ratio median"))
        #expect(run.out.contains("accuracy"))
    }

    @Test func pairsIsAUsageErrorOutsideItsRange() {
        let run = Self.bench(["run", "--db", "/nonexistent.db", "--pairs", "0"])
        #expect(run.code == .usage)
        #expect(run.err.contains("'--pairs' takes a whole number from 1"))
    }

    @Test(arguments: [
        ([2.0], 2.0),
        ([3.0, 1.0, 2.0], 2.0),
        ([4.0, 1.0, 3.0, 2.0], 2.5),
        ([2.2, 2.2, 9.0, 1.9, 2.1], 2.2),
    ])
    func theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes(values: [Double], median: Double) {
        #expect(PairRatio.median(values) == median)
    }

    @Test func describeListsEachPairsRatioAndTheSpreads() {
        let pairs = [
            PairRatio(floorSeconds: 1.0, floorCPU: 2.0, jobSeconds: 2.5, jobCPU: 5.0),
            PairRatio(floorSeconds: 1.25, floorCPU: 2.5, jobSeconds: 2.5, jobCPU: 4.5),
            PairRatio(floorSeconds: 0.8, floorCPU: 1.6, jobSeconds: 2.4, jobCPU: 4.8),
        ]
        let text = PairRatio.describe(pairs)
        #expect(text.contains("3 floor/job pairs, alternating; job / floor wall: 2.500x, 2.000x, 3.000x"))
        #expect(text.contains("wall ratio median 2.500x (2.000–3.000x)"))
        #expect(text.contains("cpu ratio median 2.500x (1.800–3.000x)"))
        #expect(text.contains("floor wall median 1.000 s (0.800–1.250 s)"))
    }
}
