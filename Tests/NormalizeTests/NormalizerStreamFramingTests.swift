import Catalog
import Foundation
import Framing
import Normalize
import Testing

/// The normalizer re-assembles AWS event streams and JSON array streams like SSE; the catalog's
/// stream formats decide when a top-level array is a stream.
@Suite struct NormalizerStreamFramingTests {
    static func event(_ name: String, _ json: String) -> [UInt8] {
        EventStreamEncoder.frame(headers: EventStreamEncoder.eventHeaders(name), payload: Array(json.utf8))
    }

    @Test("a Bedrock ConverseStream body gives the joined text, the finish reason and the tokens")
    func converseStream() throws {
        let body = Self.event("messageStart", #"{"role":"assistant"}"#)
            + Self.event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":"Hello"}}"#)
            + Self.event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":", world"}}"#)
            + Self.event("messageStop", #"{"stopReason":"max_tokens"}"#)
            + Self.event("metadata", #"{"usage":{"inputTokens":12,"outputTokens":4,"totalTokens":16}}"#)
        let record = try Fixtures.normalizer(for: "aws.bedrock_converse").normalize(request: nil, response: body, status: 200)
        #expect(record.isStream)
        #expect(record.outputText == "Hello, world")
        #expect(record.finishReasons == ["max_tokens"])
        #expect(record.inputTokens == 12 && record.outputTokens == 4)
    }

    @Test("an exception frame mid-stream gives the error message")
    func exceptionFrame() throws {
        let exception = EventStreamEncoder.frame(headers: EventStreamEncoder.exceptionHeaders("throttlingException"),
                                                 payload: Array(#"{"message":"Too many tokens, please wait"}"#.utf8))
        let body = Self.event("messageStart", #"{"role":"assistant"}"#) + exception
        let record = try Fixtures.normalizer(for: "aws.bedrock_converse").normalize(request: nil, response: body, status: 200)
        #expect(record.errorMessage == "Too many tokens, please wait")
    }

    @Test("a top-level array is a stream where the map declares json_array, one response where it does not")
    func arrayStreamsFollowTheMap() throws {
        let body = Array(#"[{"candidates":[{"content":{"parts":[{"text":"Hel"}]}}]},{"candidates":[{"content":{"parts":[{"text":"lo"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2}}]"#.utf8)
        let gemini = try Fixtures.normalizer(for: "google.generate_content").normalize(request: nil, response: body, status: 200)
        #expect(gemini.isStream && gemini.outputText == "Hello" && gemini.inputTokens == 3 && gemini.outputTokens == 2)

        let tgi = try Fixtures.normalizer(for: "huggingface.tgi_generate")
            .normalize(request: nil, response: Array(#"[{"generated_text":"Hi","details":{"finish_reason":"length","generated_tokens":1}}]"#.utf8), status: 200)
        #expect(!tgi.isStream && tgi.outputText == "Hi" && tgi.outputTokens == 1)
    }
}
