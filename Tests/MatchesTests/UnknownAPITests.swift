import Catalog
import Matches
import Shapes
import Testing

/// APIs outside the catalog, in the shapes their public API references give (Cloudflare Workers
/// AI, Replicate predictions, NLP Cloud generation, Aleph Alpha completion, Reka chat,
/// ElevenLabs speech to text, Baidu ERNIE chat: OpenAI's `object` and usage names without its
/// `choices`; IBM watsonx generation, AI21 Jurassic-2 on Bedrock, the count-tokens APIs of
/// Bedrock and Vertex AI, Titan, Ollama and Nova embeddings), with invented text and counts that
/// vary per row: what the gateway may use of each. Recorded traffic often repeats one or two
/// bodies, so each API is also checked on rows repeating two bodies, where no count varies.
@Suite("APIs outside the catalog")
struct UnknownAPITests {
    struct API: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var model: String
        /// Input and output token paths the map must keep (nil: the bodies carry none).
        var tokens: (input: String?, output: String?)?
        /// The output text path the map must keep (nil: none it can be sure of).
        var text: String?
        /// The number vectors path the map must keep (nil: none).
        var vectors: String? = nil
        var body: @Sendable (Int, String) -> (request: String, response: String)
        var testDescription: String { name }
    }

    static func words(_ row: Int, _ count: Int) -> String { HeuristicUsableMapTests.text(row, count) }

    /// An invented unit-length-ish vector: never a whole number.
    static func vector(_ row: Int, _ dimension: Int) -> String {
        "[" + (0..<dimension).map { String((Double(($0 * 37 + row * 11) % 200) - 99.5) / 1000) }.joined(separator: ",") + "]"
    }

    /// An invented licence notice, longer than the short answers beside it.
    static let notice = "This model is a third-party product offered under its own licence; by using it you accept the terms at the address given."

    static let apis: [API] = [
        API(name: "Cloudflare Workers AI", path: "/client/v4/accounts/{id}/ai/run/@cf/meta/llama-3.1-8b-instruct", model: "@cf/meta/llama-3.1-8b-instruct",
            tokens: ("$.result.usage.prompt_tokens", "$.result.usage.completion_tokens"), text: "$.result.response") { r, _ in
            let (p, o) = (25 + r, 12 + (r * 5) % 30)
            return (#"{"messages":[{"role":"system","content":"You help."},{"role":"user","content":"\#(words(r, 8))"}]}"#,
                    #"{"result":{"response":"\#(words(r, o))","usage":{"prompt_tokens":\#(p),"completion_tokens":\#(o),"total_tokens":\#(p + o)}},"success":true,"errors":[],"messages":[]}"#)
        },
        API(name: "Replicate predictions", path: "/v1/models/meta/meta-llama-3-8b-instruct/predictions", model: "meta/meta-llama-3-8b-instruct",
            tokens: ("$.metrics.input_token_count", "$.metrics.output_token_count"), text: nil) { r, m in
            let o = 8 + r % 20
            let output = words(r, o).split(separator: " ").map { #"" \#($0)""# }.joined(separator: ",")
            return (#"{"input":{"prompt":"\#(words(r, 9))","max_tokens":512}}"#,
                    #"{"id":"rp\#(r)","model":"\#(m)","version":"dp-\#(r)","input":{"prompt":"\#(words(r, 9))","max_tokens":512},"logs":"","output":[\#(output)],"error":null,"status":"succeeded","metrics":{"input_token_count":\#(9 + r % 4),"output_token_count":\#(o),"predict_time":\#(0.5 + Double(r) / 100)}}"#)
        },
        API(name: "NLP Cloud generation", path: "/v1/gpu/{model}/generation", model: "finetuned-llama-3-70b",
            tokens: ("$.nb_input_tokens", "$.nb_generated_tokens"), text: "$.generated_text") { r, _ in
            let o = 10 + r % 25
            return (#"{"text":"\#(words(r, 10))","max_length":200}"#,
                    #"{"generated_text":"\#(words(r, o))","nb_generated_tokens":\#(o),"nb_input_tokens":\#(12 + r % 7)}"#)
        },
        API(name: "Aleph Alpha completion", path: "/complete", model: "luminous-base",
            tokens: ("$.num_tokens_prompt_total", "$.num_tokens_generated"), text: "$.completions[*].completion") { r, m in
            let o = 6 + r % 30
            return (#"{"model":"\#(m)","prompt":"\#(words(r, 10))","maximum_tokens":64}"#,
                    #"{"model_version":"2022-04","completions":[{"completion":"\#(words(r, o))","finish_reason":"\#(r % 5 == 0 ? "maximum_tokens" : "end_of_text")"}],"num_tokens_prompt_total":\#(10 + r % 6),"num_tokens_generated":\#(o)}"#)
        },
        API(name: "Reka chat", path: "/v1/chat", model: "reka-core",
            tokens: ("$.usage.input_tokens", "$.usage.output_tokens"), text: "$.responses[*].message.content") { r, m in
            let (i, o) = (15 + r, 9 + (r * 7) % 40)
            return (#"{"model":"\#(m)","messages":[{"role":"user","content":"\#(words(r, 8))"}]}"#,
                    #"{"id":"rk-\#(r)","model":"\#(m)","usage":{"input_tokens":\#(i),"output_tokens":\#(o)},"responses":[{"finish_reason":"\#(r % 6 == 0 ? "length" : "stop")","message":{"role":"assistant","content":"\#(words(r, o))"}}]}"#)
        },
        API(name: "Baidu ERNIE chat", path: "/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/completions_pro", model: "ernie-4.0-8k",
            tokens: ("$.usage.prompt_tokens", "$.usage.completion_tokens"), text: "$.result") { r, _ in
            let (p, o) = (14 + r % 9, 7 + (r * 3) % 35)
            return (#"{"messages":[{"role":"user","content":"\#(words(r, 7))"}],"stream":false}"#,
                    #"{"id":"as-\#(r)x","object":"chat.completion","created":\#(1_680_167_072 + r),"result":"\#(words(r, o))","is_truncated":false,"need_clear_history":false,"finish_reason":"normal","usage":{"prompt_tokens":\#(p),"completion_tokens":\#(o),"total_tokens":\#(p + o)}}"#)
        },
        API(name: "ElevenLabs speech to text", path: "/v1/speech-to-text", model: "scribe_v1", tokens: nil, text: "$.text") { r, m in
            let spoken = words(r, 5 + r % 6).split(separator: " ")
            let items = spoken.enumerated().map { k, w in
                #"{"text":"\#(w)","start":\#(Double(k) * 0.3),"end":\#(Double(k) * 0.3 + 0.25),"type":"word","speaker_id":"speaker_0","logprob":0}"#
            }.joined(separator: ",")
            return (#"{"model_id":"\#(m)","language_code":"eng"}"#,
                    #"{"language_code":"eng","language_probability":0.89,"text":"\#(spoken.joined(separator: " "))","words":[\#(items)]}"#)
        },
        API(name: "IBM watsonx generation", path: "/ml/v1/text/generation", model: "ibm/granite-13b-chat-v2",
            tokens: ("$.results[0].input_token_count", "$.results[0].generated_token_count"), text: "$.results[*].generated_text") { r, m in
            let o = 1 + r % 4
            return (#"{"model_id":"\#(m)","input":"\#(words(r, 7))","project_id":"p-1"}"#,
                    #"{"model_id":"\#(m)","created_at":"2024-05-0\#(1 + r % 9)T08:16:49.731Z","results":[{"generated_text":"\#(words(r, o))","generated_token_count":\#(o + 1),"input_token_count":\#(7 + r % 5),"stop_reason":"\#(r % 3 == 0 ? "max_tokens" : "eos_token")"}],"system":{"warnings":[{"message":"\#(notice)","id":"disclaimer_warning"}]}}"#)
        },
        API(name: "AI21 Jurassic-2 on Bedrock", path: "/model/{model}/invoke", model: "ai21.j2-ultra-v1", tokens: nil, text: "$.completions[*].data.text") { r, _ in
            let prompt = words(r, 20)
            let pieces = { (text: String) in
                text.split(separator: " ").enumerated().map { k, w in #"{"generatedToken":{"token":"\#(w)","logprob":-\#(k + 1).5},"textRange":{"start":\#(k),"end":\#(k + 1)}}"# }.joined(separator: ",")
            }
            let answer = words(r + 1, 5 + r % 4)
            return (#"{"prompt":"\#(prompt)","maxTokens":200,"temperature":0.5}"#,
                    #"{"id":1234,"prompt":{"text":"\#(prompt)","tokens":[\#(pieces(prompt))]},"completions":[{"data":{"text":"\#(answer)","tokens":[\#(pieces(answer))]},"finishReason":{"reason":"endoftext"}}]}"#)
        },
        API(name: "Bedrock CountTokens", path: "/model/{model}/count-tokens", model: "anthropic.claude-3-5-haiku-20241022-v1:0",
            tokens: ("$.inputTokens", nil), text: nil) { r, _ in
            (#"{"input":{"converse":{"messages":[{"role":"user","content":[{"text":"\#(words(r, 6))"}]}]}}}"#, #"{"inputTokens":\#(12 + r % 9)}"#)
        },
        API(name: "Vertex AI countTokens", path: "/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:countTokens",
            model: "gemini-2.0-flash", tokens: ("$.totalTokens", nil), text: nil) { r, _ in
            let n = 9 + r % 7
            return (#"{"contents":[{"role":"user","parts":[{"text":"\#(words(r, 6))"}]}]}"#,
                    #"{"totalTokens":\#(n),"totalBillableCharacters":\#(4 * n),"promptTokensDetails":[{"modality":"TEXT","tokenCount":\#(n)}]}"#)
        },
        API(name: "Titan text embeddings", path: "/model/{model}/invoke", model: "amazon.titan-embed-text-v2:0",
            tokens: ("$.inputTextTokenCount", nil), text: nil, vectors: "$.embedding") { r, _ in
            (#"{"inputText":"\#(words(r, 5))","dimensions":256,"normalize":true}"#,
             #"{"embedding":\#(vector(r, 256)),"embeddingsByType":{"float":\#(vector(r, 256))},"inputTextTokenCount":\#(5 + r % 4)}"#)
        },
        API(name: "Ollama embeddings", path: "/api/embeddings", model: "nomic-embed-text", tokens: nil, text: nil, vectors: "$.embedding") { r, m in
            (#"{"model":"\#(m)","prompt":"\#(words(r, 5))"}"#, #"{"embedding":\#(vector(r, 768))}"#)
        },
        API(name: "Nova multimodal embeddings", path: "/model/{model}/invoke", model: "amazon.nova-2-multimodal-embeddings-v1:0",
            tokens: nil, text: nil, vectors: "$.embeddings[*].embedding") { r, _ in
            (#"{"taskType":"SINGLE_EMBEDDING","singleEmbeddingParams":{"embeddingPurpose":"GENERIC_RETRIEVAL","text":{"truncationMode":"END","value":"\#(words(r, 5))"}}}"#,
             #"{"embeddings":[{"embeddingType":"TEXT","embedding":\#(vector(r, 384))}]}"#)
        },
    ]

    func match(_ api: API, distinctBodies: Int) -> MatchResult {
        var shapes = ShapeSet(watching: [api.model])
        for row in 0..<40 {
            let (request, response) = api.body(row % distinctBodies, api.model)
            shapes.add(request: Array(request.utf8), response: Array(response.utf8), status: 200)
        }
        #expect(shapes.rejectedCount == 0)
        return Matcher(catalog: FixtureSamples.catalog).match(shapes, endpoint: api.path, model: api.model)
    }

    /// With 40 distinct rows the map keeps exactly the API's text path (none where it has none);
    /// with rows repeating two bodies, pieces the varied rows show to be a closed set (Replicate's
    /// `output[*]`) may be kept as the text, so only an expected text is checked.
    @Test("an API outside the catalog is mapped by structure, with the token counts, text and vectors its bodies carry, also when the rows repeat two bodies (no count varies)",
          arguments: apis, [40, 2])
    func mapped(api: API, distinctBodies: Int) throws {
        let result = match(api, distinctBodies: distinctBodies)
        #expect(result.schemaID == FieldMap.heuristicSchemaID, "\(result.reasons)")
        #expect(result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.inputTokens]?.paths.first?.description == api.tokens?.input, "\(result.reasons)")
        #expect(result.fieldMap[.outputTokens]?.paths.first?.description == api.tokens?.output, "\(result.reasons)")
        #expect(result.fieldMap[.embeddingsVectors]?.paths.first?.description == api.vectors, "\(result.reasons)")
        if distinctBodies > 2 || api.text != nil {
            #expect(result.fieldMap[.outputText]?.paths.first?.description == api.text, "\(result.reasons)")
        }
    }
}
