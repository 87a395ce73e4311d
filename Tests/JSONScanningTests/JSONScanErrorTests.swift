import JSONScanning
import Testing

@Suite("JSONScanError")
struct JSONScanErrorTests {
    @Test("the description names the reason and offset but never body text")
    func descriptionHasNoBodyText() {
        let secret = "canary-5f1b2c"
        let error = scanError(Array(#"{"k": "\#(secret)", "#.utf8))
        let description = "\(String(describing: error))"
        #expect(error?.reason == .unexpectedEnd)
        #expect(description.contains("truncated"))
        #expect(!description.contains(secret))
        #expect(!description.contains("\"k\""))
    }

    @Test("reason names are stable snake_case", arguments: JSONScanError.Reason.allCases)
    func reasonNames(reason: JSONScanError.Reason) {
        #expect(reason.name.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber })
        #expect(!reason.name.isEmpty)
    }
}
