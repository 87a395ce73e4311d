import Matches
import Testing

@Suite("MatchThresholds")
struct MatchThresholdsTests {
    @Test("the standard thresholds are 0.7 to map with a 0.1 lead, 0.4 for low confidence, 0.8 per heuristic core role")
    func standardValues() {
        let standard = MatchThresholds.standard
        #expect(standard.mapped == 0.7)
        #expect(standard.margin == 0.1)
        #expect(standard.lowConfidence == 0.4)
        #expect(standard.heuristicCoreRole == 0.8)
    }

    @Test("boundaries are inclusive, exactly as documented",
          arguments: [
            (0.7, 0.6 as Double?, MatchStatus.mapped),
            (0.7, nil, .mapped),
            (1.0, 0.9, .mapped),
            (0.7, 0.600001, .lowConfidence),
            (0.699999, nil, .lowConfidence),
            (0.95, 0.9, .lowConfidence),
            (0.4, nil, .lowConfidence),
            (0.4, 0.4, .lowConfidence),
            (0.399999, nil, .unmappable),
            (0.0, nil, .unmappable),
          ])
    func standardBoundaries(confidence: Double, runnerUp: Double?, status: MatchStatus) {
        #expect(MatchThresholds.standard.status(confidence: confidence, runnerUp: runnerUp) == status)
    }

    @Test("custom thresholds move the boundaries",
          arguments: [
            (0.5, 0.3 as Double?, MatchStatus.mapped),
            (0.5, 0.31, .lowConfidence),
            (0.2, nil, .lowConfidence),
            (0.19, nil, .unmappable),
          ])
    func customBoundaries(confidence: Double, runnerUp: Double?, status: MatchStatus) {
        let thresholds = MatchThresholds(mapped: 0.5, margin: 0.2, lowConfidence: 0.2)
        #expect(thresholds.status(confidence: confidence, runnerUp: runnerUp) == status)
    }
}
