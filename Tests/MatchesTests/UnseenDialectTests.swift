import Catalog
import Matches
import Shapes
import Testing

/// Dialects the fixtures do not have — other hosts, paths and clients for the same APIs, and APIs
/// nobody catalogued — built here with varied invented text, matched like the job matches them.
@Suite("Unseen dialects")
struct UnseenDialectTests {
    struct Dialect: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var model: String?
        var expected: String
        var status: MatchStatus
        var body: @Sendable (Int, inout Words) -> (request: String, response: String)
        var testDescription: String { name }
    }

    /// Invented words, varied per row (deterministic).
    struct Words {
        var state: UInt64
        let vocabulary = ["alpha", "beta", "river", "stone", "cloud", "paper", "orbit", "lantern", "quiet", "maple", "ember", "tide"]
        mutating func text(_ count: Int) -> String {
            (0..<count).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return vocabulary[Int(state >> 33) % vocabulary.count]
            }.joined(separator: " ")
        }
    }

    static let dialects: [Dialect] = [
        Dialect(name: "Anthropic messages through Bedrock invoke", path: "/model/{model}/invoke", model: "anthropic.claude-3-5-haiku-20241022-v1:0",
                expected: "anthropic.messages", status: .mapped) { i, w in
            (#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":300,"system":"\#(w.text(8))","messages":[{"role":"user","content":[{"type":"text","text":"\#(w.text(12))"}]}]}"#,
             #"{"id":"msg_bdrk_\#(i)x","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022","content":[{"type":"text","text":"\#(w.text(30))"}],"stop_reason":"\#(i % 4 == 0 ? "max_tokens" : "end_turn")","stop_sequence":null,"usage":{"input_tokens":\#(20 + i),"output_tokens":\#(30 + i)}}"#)
        },
        Dialect(name: "Azure OpenAI, no model in the request, pretty JSON", path: "/openai/deployments/{deployment}/chat/completions", model: "prod-4o",
                expected: "openai.chat_completions", status: .mapped) { i, w in
            (#"{"messages": [{"role": "system", "content": "\#(w.text(5))"}, {"role": "user", "content": "\#(w.text(9))"}], "temperature": 0.2}"#,
             """
             {
               "id": "chatcmpl-\(i)abc",
               "object": "chat.completion",
               "created": \(1_700_000_000 + i),
               "model": "gpt-4o-2024-08-06",
               "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}],
               "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "\(w.text(20))"}, "content_filter_results": {}}],
               "usage": {"prompt_tokens": \(10 + i), "completion_tokens": 20, "total_tokens": \(30 + i)}
             }
             """)
        },
        Dialect(name: "OpenAI chat behind a proxy path no catalog knows", path: "/proxy/team-a/generate", model: "corp-gpt",
                expected: "openai.chat_completions", status: .mapped) { i, w in
            (#"{"model":"corp-gpt","messages":[{"role":"user","content":"\#(w.text(9))"}],"max_completion_tokens":200}"#,
             #"{"id":"chatcmpl-\#(i)z","object":"chat.completion","created":1700000000,"model":"corp-gpt","choices":[{"index":0,"finish_reason":"length","logprobs":null,"message":{"role":"assistant","content":"\#(w.text(25))","refusal":null}}],"usage":{"prompt_tokens":9,"completion_tokens":25,"total_tokens":34,"prompt_tokens_details":{"cached_tokens":0}}}"#)
        },
        Dialect(name: "Gemini on Vertex AI's path", path: "/v1/projects/acme/locations/us-central1/publishers/google/models/{model}:generateContent",
                model: "gemini-1.5-pro", expected: "google.generate_content", status: .mapped) { i, w in
            (#"{"contents":[{"role":"user","parts":[{"text":"\#(w.text(10))"}]}],"generationConfig":{"maxOutputTokens":256}}"#,
             #"{"candidates":[{"content":{"role":"model","parts":[{"text":"\#(w.text(22))"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":\#(11 + i),"candidatesTokenCount":22,"totalTokenCount":\#(33 + i)},"modelVersion":"gemini-1.5-pro-002"}"#)
        },
        Dialect(name: "vLLM's completions with its own extras", path: "/v1/completions", model: "Qwen/Qwen2.5-14B",
                expected: "openai.completions", status: .mapped) { i, w in
            (#"{"model":"Qwen/Qwen2.5-14B","prompt":"\#(w.text(12))","max_tokens":50}"#,
             #"{"id":"cmpl-\#(i)a","object":"text_completion","created":1700000000,"model":"Qwen/Qwen2.5-14B","choices":[{"index":0,"text":"\#(w.text(50))","logprobs":null,"finish_reason":"length","stop_reason":null,"prompt_logprobs":null}],"usage":{"prompt_tokens":12,"total_tokens":62,"completion_tokens":50}}"#)
        },
        Dialect(name: "OpenAI responses with a reasoning item", path: "/v1/responses", model: "o3", expected: "openai.responses", status: .mapped) { i, w in
            (#"{"model":"o3","input":"\#(w.text(10))","reasoning":{"effort":"medium"}}"#,
             #"{"id":"resp_\#(i)abcdef0123456789","object":"response","created_at":1700000000,"status":"completed","model":"o3-2025-04-16","output":[{"type":"reasoning","id":"rs_\#(i)","summary":[]},{"type":"message","id":"msg_\#(i)","status":"completed","role":"assistant","content":[{"type":"output_text","text":"\#(w.text(20))","annotations":[]}]}],"usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":0},"output_tokens":120,"output_tokens_details":{"reasoning_tokens":100},"total_tokens":130}}"#)
        },
        Dialect(name: "an in-house API no catalog knows", path: "/api/v3/infer", model: "house-llm-2", expected: "heuristic", status: .mapped) { i, w in
            (#"{"engine_id":"house-llm-2","conversation":[{"author":"\#(i % 2 == 0 ? "customer" : "agent")","body":"\#(w.text(8))"}],"settings":{"cap":200}}"#,
             #"{"request_ref":"r-\#(i)","answer":{"content":"\#(w.text(35))","stopped_because":"\#(i % 3 == 0 ? "cap" : "done")"},"metering":{"tokens_in":\#(15 + i),"tokens_out":35}}"#)
        },
    ]

    @Test("a dialect the fixtures lack still maps to the API it speaks", arguments: dialects)
    func dialectMaps(dialect: Dialect) throws {
        var shapes = ShapeSet(watching: dialect.model.map { [$0] } ?? [])
        var words = Words(state: 7)
        for row in 0..<30 {
            let (request, response) = dialect.body(row, &words)
            shapes.add(request: Array(request.utf8), response: Array(response.utf8), status: 200)
        }
        #expect(shapes.rejectedCount == 0)
        let result = Matcher(catalog: FixtureSamples.catalog).match(shapes, endpoint: dialect.path, model: dialect.model)
        #expect(result.schemaID == dialect.expected, "\(result.reasons)")
        #expect(result.status == dialect.status, "\(result.reasons)")
        #expect(result.fieldMap[.inputTokens] != nil && result.fieldMap[.outputTokens] != nil && result.fieldMap[.outputText] != nil,
                "\(result.fieldMap.roles.keys.sorted())")
    }
}
