import Foundation
import Normalize
import Testing

@Suite struct FieldIssueTests {
    @Test("an issue's description names the role, body, path and kind", arguments: [
        (FieldIssue(role: "gen_ai.usage.input_tokens", body: .response, path: "$.usage.prompt_tokens", kind: .notInteger),
         "gen_ai.usage.input_tokens (response) at $.usage.prompt_tokens not an integer"),
        (FieldIssue(role: nil, body: .request, path: nil, kind: .unreadableBody(reason: "truncated", offset: 12)),
         "(request) unreadable body: truncated at byte 12"),
        (FieldIssue(role: "gateway.error.message", body: .error, path: "$.error.message", kind: .absent),
         "gateway.error.message (error) at $.error.message absent"),
    ])
    func description(issue: FieldIssue, text: String) {
        #expect(issue.description == text)
    }

    @Test("an issue survives a JSON round trip")
    func roundTrip() throws {
        let issue = FieldIssue(role: "r", body: .responseStream, path: "$.a", kind: .wrongType(expected: "integer", found: "string"))
        #expect(try JSONDecoder().decode(FieldIssue.self, from: JSONEncoder().encode(issue)) == issue)
    }

    @Test("issues from a wrong-typed body never carry its text")
    func noBodyText() throws {
        let record = Normalizer(fieldMap: NormalizerTests.heuristicMap).normalize(
            request: nil, response: #"{"result":{"text":42},"usage_stats":{"in_tok":"SECRET-TEXT","out_tok":1}}"#)
        #expect(!record.issues.isEmpty)
        #expect(!record.issues.map(\.description).joined().contains("SECRET"))
    }
}
