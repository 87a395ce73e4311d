import Foundation
import TestLogSupport
import CommandTestSupport
import Testing
import TestSupport
@testable import Commands

@Suite struct InferCommandTests {
    @Test func inferPrintsTreesAndTheMatchOrValidJSONSchema() throws {
        let dir = try TemporaryDirectory()
        let (path, truth) = try DemoLogs.make(in: dir, rows: 300)
        let key = try #require(truth.keys.first { $0.api == "anthropic.messages" && $0.endpoint == "/v1/messages" })
        let tree = CommandRunner.run(["infer", "--db", path, "--model", key.model])
        #expect(tree.code == .success, "\(tree.err)")
        #expect(tree.out.contains("$.usage.input_tokens"))
        #expect(tree.out.contains("schema      anthropic.messages"))
        #expect(tree.out.contains("runner-up"))
        #expect(tree.out.contains("gen_ai.usage.output_tokens  response  $.usage.output_tokens"))
        let schema = CommandRunner.run(["infer", "--db", path, "--model", key.model, "--json-schema"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(schema.out.utf8)) as? [String: [String: Any]])
        let kinds = try #require(object["\(key.model) \(key.endpoint)"])
        let response = try #require(kinds["response"] as? [String: Any])
        #expect(response["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let unknown = CommandRunner.run(["infer", "--db", path, "--model", "no-such-model"])
        #expect(unknown.code == .noInput)
    }
}
