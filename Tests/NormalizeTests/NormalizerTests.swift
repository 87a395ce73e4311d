import Catalog
import Demo
import Foundation
import Normalize
import Testing

@Suite struct NormalizerTests {
    static func path(_ text: String) -> JSONPath { try! JSONPath(text) }

    /// A made-up API with renamed fields, mapped by structure alone.
    static let heuristicMap = FieldMap(schemaID: FieldMap.heuristicSchemaID, roles: [
        "gen_ai.request.model": RoleBinding(body: .request, paths: [path("$.model_name")], confidence: 0.9),
        "gen_ai.usage.input_tokens": RoleBinding(body: .response, paths: [path("$.usage_stats.in_tok")], confidence: 0.8),
        "gen_ai.usage.output_tokens": RoleBinding(body: .response, paths: [path("$.usage_stats.out_tok")], confidence: 0.7),
        "gateway.output.text": RoleBinding(body: .response, paths: [path("$.result.text")], confidence: 0.6),
        "gen_ai.response.finish_reasons": RoleBinding(body: .response, paths: [path("$.result.why")], confidence: 0.5),
    ])

    @Test("a heuristic map normalizes and each value carries its role's confidence")
    func heuristicConfidences() {
        let record = Normalizer(fieldMap: Self.heuristicMap).normalize(
            request: #"{"model_name":"m-1","prompt":"hi"}"#,
            response: #"{"result":{"text":"hello","why":"done"},"usage_stats":{"in_tok":5,"out_tok":2}}"#)
        #expect(record.schemaID == "heuristic")
        #expect(record.requestModel == "m-1")
        #expect(record.outputText == "hello")
        #expect(record.inputTokens == 5)
        #expect(record.outputTokens == 2)
        #expect(record.finishReasons == ["done"])
        #expect(record.canonicalFinishReasons == [])
        #expect(record.confidences == [
            "gen_ai.request.model": 0.9, "gen_ai.usage.input_tokens": 0.8, "gen_ai.usage.output_tokens": 0.7,
            "gateway.output.text": 0.6, "gen_ai.response.finish_reasons": 0.5,
        ])
        #expect(record.issues.isEmpty)
    }

    @Test("a token count given as a string, a fraction or a negative number is absent with an issue, never zero",
          arguments: [
            (#""12""#, FieldIssue.Kind.wrongType(expected: "integer", found: "string")),
            ("12.5", .notInteger),
            ("1.5e0", .notInteger),
            ("-4", .outOfRange),
            ("99999999999999999999", .outOfRange),
            ("9007199254740992", .outOfRange),
            ("{}", .wrongType(expected: "integer", found: "object")),
          ])
    func nonIntegerTokenCount(value: String, kind: FieldIssue.Kind) {
        let record = Normalizer(fieldMap: Self.heuristicMap).normalize(
            request: nil, response: #"{"result":{"text":"x"},"usage_stats":{"in_tok":\#(value),"out_tok":3}}"#)
        #expect(record.inputTokens == nil)
        #expect(record.outputTokens == 3)
        #expect(record.issues.contains(FieldIssue(role: "gen_ai.usage.input_tokens", body: .response, path: "$.usage_stats.in_tok", kind: kind)))
        // The role is reported once: a wrongly typed value is not also absent.
        #expect(record.issues.filter { $0.role == "gen_ai.usage.input_tokens" }.count == 1)
    }

    @Test("a whole number is a token count however it is written, up to 2^53",
          arguments: [("12", 12), ("12.0", 12), ("1.2e1", 12), ("1e3", 1000), ("0", 0), ("9007199254740991", 9_007_199_254_740_991)])
    func wholeNumberTokenCount(value: String, expected: Int64) {
        let record = Normalizer(fieldMap: Self.heuristicMap).normalize(
            request: nil, response: #"{"result":{"text":"x"},"usage_stats":{"in_tok":\#(value),"out_tok":3}}"#)
        #expect(record.inputTokens == expected)
        #expect(!record.issues.contains { $0.role == "gen_ai.usage.input_tokens" })
    }

    @Test("a later path of a role is used when the preferred one holds no value")
    func pathPreference() throws {
        let normalizer = try Fixtures.normalizer(for: "openai.chat_completions")
        let both = normalizer.normalize(request: #"{"model":"m","max_tokens":10,"max_completion_tokens":20,"messages":[]}"#, response: nil)
        #expect(both.maxTokens == 20)
        let legacy = normalizer.normalize(request: #"{"model":"m","max_tokens":10,"messages":[]}"#, response: nil)
        #expect(legacy.maxTokens == 10)
    }

    @Test("request parameters are read: stop as a string or a list, temperature, top_p, seed and stream")
    func requestParameters() throws {
        let normalizer = try Fixtures.normalizer(for: "openai.chat_completions")
        let list = normalizer.normalize(
            request: #"{"model":"m","messages":[],"stop":["a","b"],"temperature":0.2,"top_p":1,"seed":7,"stream":true}"#, response: nil)
        #expect(list.stopSequences == ["a", "b"])
        #expect(list.temperature == 0.2)
        #expect(list.topP == 1)
        #expect(list.seed == 7)
        #expect(list.requestStream == true)
        let single = normalizer.normalize(request: #"{"model":"m","messages":[],"stop":"END"}"#, response: nil)
        #expect(single.stopSequences == ["END"])
    }

    @Test("Anthropic input tokens add cache reads and writes so the count follows OpenTelemetry")
    func excludesCachedArithmetic() throws {
        let normalizer = try Fixtures.normalizer(for: "anthropic.messages")
        let record = normalizer.normalize(request: nil, response: #"""
            {"type":"message","id":"m","model":"c","role":"assistant","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn",
             "usage":{"input_tokens":10,"cache_read_input_tokens":2048,"cache_creation_input_tokens":100,"output_tokens":3}}
            """#)
        #expect(record.inputTokens == 2158)
        #expect(record.cacheReadTokens == 2048)
        #expect(record.cacheCreationTokens == 100)
        #expect(record.outputTokens == 3)
        #expect(record.canonicalFinishReasons == ["stop"])
    }

    @Test("OpenAI cached tokens are part of the input count and are not added again")
    func subsetOfInputNotAdded() throws {
        let record = try Fixtures.normalizer(for: "openai.chat_completions").normalize(request: nil, response: #"""
            {"object":"chat.completion","choices":[{"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":100,"completion_tokens":5,"total_tokens":105,"prompt_tokens_details":{"cached_tokens":64}}}
            """#)
        #expect(record.inputTokens == 100)
        #expect(record.cacheReadTokens == 64)
    }

    @Test("request messages keep their tool calls and tool results")
    func toolMessages() throws {
        let (record, _, _) = try Fixtures.normalize("openai.chat_completions/tool_result")
        let assistant = try #require(record.inputMessages.first { !$0.toolCalls.isEmpty })
        #expect(assistant.role == "assistant")
        #expect(assistant.toolCalls.allSatisfy { $0.id != nil && $0.name == "get_weather" && $0.arguments != nil })
        let results = record.inputMessages.filter { $0.role == "tool" }
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0.toolCallID != nil && !$0.text.isEmpty })
    }

    @Test("a multipart request gives the model and parameters from its form fields, never the file")
    func multipartRequest() throws {
        let (record, exchange, _) = try Fixtures.normalize("openai.audio_transcriptions/json")
        #expect(record.requestModel == exchange.model)
        #expect(record.temperature == 0)
        #expect(!record.issues.contains { $0.body == .request })
    }

    @Test("a corrupt response body gives an issue naming the scanner's reason, not a crash")
    func corruptBodies() throws {
        let manifest = try #require(Fixtures.manifest)
        let normalizer = try Fixtures.normalizer(for: "openai.chat_completions")
        for corrupt in manifest.corrupt {
            let bytes = try manifest.bytes(corrupt.file)
            let record = normalizer.normalize(request: nil, response: bytes, status: 200)
            let bodyIssues = record.issues.filter { $0.role == nil }
            if corrupt.reason == "bom" {
                #expect(bodyIssues.isEmpty, "\(corrupt.file)")
                #expect(record.outputText != nil, "\(corrupt.file)")
            } else {
                #expect(!bodyIssues.isEmpty, "\(corrupt.file)")
                #expect(record.outputText == nil && record.inputTokens == nil, "\(corrupt.file)")
            }
        }
    }

    @Test("a truncated stream keeps the events before the cut and reports the broken one")
    func truncatedStream() throws {
        let manifest = try #require(Fixtures.manifest)
        var bytes = try manifest.bytes("anthropic.messages/stream.response.sse")
        bytes.removeLast(bytes.count / 3)
        let record = try Fixtures.normalizer(for: "anthropic.messages").normalize(request: nil, response: bytes, status: 200)
        #expect(record.isStream)
        #expect(record.responseModel == "claude-3-5-haiku-20241022")
        #expect(!(record.outputText ?? "").isEmpty)
        #expect(record.finishReasons.isEmpty)
        #expect(record.issues.contains { $0.role == "gateway.stream.finish_reason" && $0.kind == .absent })
    }

    @Test("an HTML error page is reported as not JSON")
    func htmlErrorPage() throws {
        let manifest = try #require(Fixtures.manifest)
        let record = try Fixtures.normalizer(for: "openai.chat_completions").normalize(
            request: nil, response: try manifest.bytes("errors/bad_gateway.html"), status: 502, responseContentType: "text/html")
        #expect(record.issues.contains(FieldIssue(role: nil, body: .error, path: nil, kind: .unexpectedFormat("html"))))
        #expect(record.errorMessage == nil)
    }

    @Test("a normalizer built from the stored field-map JSON equals one built from the map")
    func storedFieldMap() throws {
        let entry = try #require(Fixtures.catalog?.entry(id: "anthropic.messages"))
        let stored = try entry.fieldMap.encodedJSONString()
        let (expected, exchange, _) = try Fixtures.normalize("anthropic.messages/stream")
        let manifest = try #require(Fixtures.manifest)
        let record = try Normalizer(fieldMapJSON: stored, operation: entry.operation, provider: entry.provider).normalize(
            request: try manifest.bytes(exchange.request!), response: try manifest.bytes(exchange.response!), status: 200)
        #expect(record == expected)
    }

    @Test("an empty field map reads nothing and reports nothing absent")
    func emptyMap() {
        let record = Normalizer(fieldMap: FieldMap(schemaID: "none")).normalize(request: #"{"model":"m"}"#, response: #"{"a":1}"#)
        #expect(record.requestModel == nil)
        #expect(record.issues.isEmpty)
    }
}

@Suite struct NormalizerPlainTextTests {
    @Test func aPlainTextTranscriptionTheRequestAskedForIsTheOutputEvenWithoutAContentType() throws {
        let exchange = try Fixtures.exchange("openai.audio_transcriptions/text")
        let manifest = try #require(Fixtures.manifest)
        let request = try exchange.request.map { try manifest.bytes($0) }
        let response = try #require(try exchange.response.map { try manifest.bytes($0) })
        let normalizer = try Fixtures.normalizer(for: "openai.audio_transcriptions")
        // The gateway logs no content types: the multipart boundary is read from the body itself.
        let record = normalizer.normalize(
            request: request, response: response, status: 200, requestContentType: nil, responseContentType: nil)
        #expect(record.outputText == String(decoding: response, as: UTF8.self))
        #expect(record.requestModel == exchange.model)
    }

    @Test func undeclaredTextIsNotTakenAsOutputWhenTheRequestAskedForJSON() throws {
        let normalizer = try Fixtures.normalizer(for: "openai.chat_completions")
        let record = normalizer.normalize(request: #"{"model":"m","messages":[]}"#, response: "upstream said no")
        #expect(record.outputText == nil)
        #expect(!record.issues.isEmpty)
    }
}
