import Foundation
import Normalize
import Testing

@Suite struct NormalizedRecordTests {
    @Test("a record encodes under OpenTelemetry role names and leaves nil fields out")
    func codingKeys() throws {
        var record = NormalizedRecord()
        record.requestModel = "m"
        record.inputTokens = 12
        record.cacheReadTokens = 4
        record.outputText = "hi"
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any])
        #expect(object["gen_ai.request.model"] as? String == "m")
        #expect(object["gen_ai.usage.input_tokens"] as? Int == 12)
        #expect(object["gateway.usage.cache_read_tokens"] as? Int == 4)
        #expect(object["gateway.output.text"] as? String == "hi")
        #expect(object["gen_ai.response.model"] == nil)
        #expect(object["gen_ai.usage.output_tokens"] == nil)
    }

    @Test("a normalized fixture record survives a JSON round trip", arguments: ["anthropic.messages/tools", "openai.chat_completions/stream_tools", "errors/openai_429"])
    func roundTrip(name: String) throws {
        let (record, _, _) = try Fixtures.normalize(name)
        let decoded = try JSONDecoder().decode(NormalizedRecord.self, from: JSONEncoder().encode(record))
        #expect(decoded == record)
    }
}
