import Catalog
import Matches
import Normalize
import Shapes
import Testing

@Suite("Token conventions learned per key")
struct TokenConventionLearnerTests {
    let matcher = Matcher(catalog: FixtureSamples.catalog)

    /// A chat completion body with these counts (invented text; the counts vary per row).
    static func chat(prompt: Int, completion: Int, total: Int, reasoning: Int? = nil, cached: Int? = nil) -> String {
        let details = reasoning.map { #","completion_tokens_details":{"reasoning_tokens":\#($0)}"# } ?? ""
        let cache = cached.map { #","prompt_tokens_details":{"cached_tokens":\#($0)}"# } ?? ""
        return #"{"id":"c-\#(prompt)","object":"chat.completion","created":1770774046,"model":"grok-3-mini","choices":[{"index":0,"message":{"role":"assistant","content":"river stone \#(completion)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(total)\#(cache)\#(details)}}"#
    }

    static let request = Array(#"{"model":"grok-3-mini","messages":[{"role":"user","content":"maple ember tide"}]}"#.utf8)

    func match(_ responses: [String]) -> MatchResult {
        var shapes = ShapeSet(watching: ["grok-3-mini"])
        for index in 0..<24 {
            shapes.add(request: Self.request, response: Array(responses[index % responses.count].utf8), status: 200)
        }
        return matcher.match(shapes, endpoint: "/v1/chat/completions", model: "grok-3-mini")
    }

    @Test("xAI's recorded completions, whose totals add reasoning to the completion count, make reasoning a separate output count")
    func xaiReasoningIsLearnedSeparate() throws {
        let exchanges = ["openai.chat_completions/xai_reasoning", "openai.chat_completions/xai_reasoning_tool"].map(FixtureSamples.exchange)
        let result = matcher.match(FixtureSamples.shapes(of: exchanges), endpoint: "/v1/chat/completions", model: "grok-3-mini")
        #expect(result.schemaID == "openai.chat_completions" && result.status == .mapped, "\(result.reasons)")
        let map = result.fieldMap
        #expect(map[.reasoningTokens]?.tokens == .separate)
        #expect(map[.inputTokens]?.tokens == .includesCached)
        let evidence = try #require(map.tokenEvidence)
        #expect(evidence.source == .learned)
        #expect(evidence.rule == "total = input + output + reasoning")
        #expect(evidence.agreeing == evidence.samples && evidence.samples > 0)
        // The normalizer then reports OpenTelemetry's output count: completion plus reasoning.
        let normalizer = Normalizer(fieldMap: map)
        for (exchange, output) in zip(exchanges, [1 + 228, 26 + 189]) {
            let row = FixtureSamples.row(exchange)
            let record = normalizer.normalize(request: row.request, response: row.response, status: 200)
            #expect(record.outputTokens == Int64(output), "\(exchange.name)")
            #expect(record.inputTokens == exchange.expect?["input_tokens"]?.int)
        }
    }

    @Test("OpenAI's convention (reasoning inside the completion count) is confirmed by totals that add up without it")
    func openAIConventionConfirmed() throws {
        let result = match((0..<6).map { Self.chat(prompt: 20 + $0, completion: 300 + $0, total: 320 + 2 * $0, reasoning: 200 + $0) })
        #expect(result.fieldMap[.reasoningTokens]?.tokens == .subsetOfOutput)
        let evidence = try #require(result.fieldMap.tokenEvidence)
        #expect(evidence.source == .learned && evidence.rule == "total = input + output" && evidence.agreeing == evidence.samples)
    }

    @Test("a host whose prompt count leaves cached tokens out (the total adds them) makes input excludes_cached, cache separate")
    func cacheOutsideInputIsLearned() throws {
        let result = match((0..<6).map { Self.chat(prompt: 4142 + $0, completion: 254, total: 4142 + $0 + 254 + 4328 + 3 * $0, cached: 4328 + 3 * $0) })
        #expect(result.fieldMap[.inputTokens]?.tokens == .excludesCached)
        #expect(result.fieldMap[.cacheReadTokens]?.tokens == .separate)
        #expect(result.fieldMap.tokenEvidence?.rule == "total = input + output + cache_read")
        let normalizer = Normalizer(fieldMap: result.fieldMap)
        let record = normalizer.normalize(request: Self.request, response: Array(Self.chat(prompt: 4142, completion: 254, total: 8724, cached: 4328).utf8), status: 200)
        #expect(record.inputTokens == Int64(4142 + 4328))
    }

    @Test("counts whose extras are always zero decide nothing about them: the catalog's conventions stand")
    func zeroExtrasKeepTheCatalog() throws {
        let result = match((0..<6).map { Self.chat(prompt: 10 + $0, completion: 5, total: 15 + $0, reasoning: 0, cached: 0) })
        #expect(result.fieldMap[.reasoningTokens]?.tokens == .subsetOfOutput)
        #expect(result.fieldMap[.cacheReadTokens]?.tokens == .subsetOfInput)
        #expect(result.fieldMap[.inputTokens]?.tokens == .includesCached)
        #expect(result.fieldMap.tokenEvidence?.source == .learned)
    }

    @Test("totals no sum of the parts reaches leave the catalog's conventions, and the evidence says so")
    func contradictingTotalsKeepTheCatalog() throws {
        let result = match((0..<6).map { Self.chat(prompt: 10 + $0, completion: 5, total: 1000 + 7 * $0, reasoning: 3) })
        #expect(result.fieldMap[.reasoningTokens]?.tokens == .subsetOfOutput)
        let evidence = try #require(result.fieldMap.tokenEvidence)
        #expect(evidence.source == .catalog && evidence.agreeing == 0 && evidence.samples > 0)
    }

    @Test("an API without totals keeps the catalog's conventions, and token_evidence says catalog")
    func noTotalsSayCatalog() throws {
        let exchanges = FixtureSamples.exchanges(api: "anthropic.messages").filter { $0.stream != true }
        let result = matcher.match(FixtureSamples.shapes(of: exchanges), endpoint: exchanges[0].path, model: exchanges[0].model)
        #expect(result.schemaID == "anthropic.messages")
        #expect(result.fieldMap[.inputTokens]?.tokens == .excludesCached)
        #expect(result.fieldMap[.cacheReadTokens]?.tokens == .separate)
        #expect(result.fieldMap.tokenEvidence?.source == .catalog)
        #expect(result.fieldMap.tokenEvidence?.samples == 0)
    }

    /// The tokens conventions of `role`'s links that read stream events.
    static func streamConventions(_ map: FieldMap, _ role: Role) -> [TokenConvention?] {
        (map[role]?.chain ?? []).filter { $0.body == .responseStream }.map(\.tokens)
    }

    static let xaiStreams = ["openai.chat_completions/xai_reasoning_stream", "openai.chat_completions/xai_reasoning_tool_stream"]
    static let xaiPlain = ["openai.chat_completions/xai_reasoning", "openai.chat_completions/xai_reasoning_tool"]

    @Test("xAI's recorded streams, whose last chunk's total adds reasoning to the completion count, make the streams' reasoning separate")
    func xaiStreamReasoningIsLearnedSeparate() throws {
        let exchanges = Self.xaiStreams.map(FixtureSamples.exchange)
        let result = matcher.match(FixtureSamples.shapes(of: exchanges), endpoint: "/v1/chat/completions", model: "grok-3-mini")
        #expect(result.schemaID == "openai.chat_completions" && result.status == .mapped, "\(result.reasons)")
        let map = result.fieldMap
        let reasoning = Self.streamConventions(map, .reasoningTokens)
        #expect(!reasoning.isEmpty && reasoning.allSatisfy { $0 == .separate })
        #expect(map[.streamInputTokens]?.tokens == .includesCached)
        // No plain answer was sampled: the response bindings keep the catalog's conventions.
        #expect(map[.reasoningTokens]?.tokens == .subsetOfOutput)
        #expect(map.tokenEvidence?.source == .catalog && map.tokenEvidence?.rule == "no response sampled")
        let evidence = try #require(map.streamTokenEvidence)
        #expect(evidence.source == .learned && evidence.rule == "total = input + output + reasoning")
        #expect(evidence.agreeing == evidence.samples && evidence.samples == 24)
        // The normalizer then reports OpenTelemetry's output count for the streamed answers too.
        let normalizer = Normalizer(fieldMap: map)
        for (exchange, output) in zip(exchanges, [1 + 290, 26 + 196]) {
            let row = FixtureSamples.row(exchange)
            let record = normalizer.normalize(request: row.request, response: row.response, status: 200, responseContentType: row.responseContentType)
            #expect(record.isStream, "\(exchange.name)")
            #expect(record.outputTokens == Int64(output), "\(exchange.name)")
            #expect(record.reasoningTokens == exchange.expect?["reasoning_tokens"]?.int)
            #expect(record.inputTokens == exchange.expect?["input_tokens"]?.int)
        }
    }

    @Test("a key with plain and streamed answers learns each body kind from its own totals, and each evidence counts its own bodies")
    func plainAndStreamedLearnedApart() throws {
        let exchanges = (Self.xaiPlain + Self.xaiStreams).map(FixtureSamples.exchange)
        let result = matcher.match(FixtureSamples.shapes(of: exchanges), endpoint: "/v1/chat/completions", model: "grok-3-mini")
        let map = result.fieldMap
        #expect(map[.reasoningTokens]?.tokens == .separate)
        #expect(Self.streamConventions(map, .reasoningTokens).allSatisfy { $0 == .separate })
        let plain = try #require(map.tokenEvidence)
        let streamed = try #require(map.streamTokenEvidence)
        #expect(plain.source == .learned && streamed.source == .learned)
        // 24 rows, half of them plain: 12 plain bodies, 12 usage chunks.
        #expect(plain.samples == 12 && streamed.samples == 12)
        let normalizer = Normalizer(fieldMap: map)
        for exchange in exchanges {
            let row = FixtureSamples.row(exchange)
            let record = normalizer.normalize(request: row.request, response: row.response, status: 200, responseContentType: row.responseContentType)
            let expect = try #require(exchange.expect)
            #expect(record.outputTokens == (expect["output_tokens"]?.int ?? 0) + (expect["reasoning_tokens"]?.int ?? 0), "\(exchange.name)")
        }
    }

    @Test("streams whose usage chunk adds up without reasoning keep it inside the output count, whatever the plain answers showed")
    func streamsFollowTheirOwnTotals() throws {
        // Plain answers as xAI counts (reasoning beside the completion), streams as OpenAI counts (inside it).
        let plain = (0..<6).map { Self.chat(prompt: 20 + $0, completion: 3 + $0, total: 23 + 2 * $0 + 100 + $0, reasoning: 100 + $0) }
        let chunks = (0..<6).map { index in
            "data: {\"id\":\"s-\(index)\",\"object\":\"chat.completion.chunk\",\"created\":1770774061,\"model\":\"grok-3-mini\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":\(30 + index),\"completion_tokens\":\(300 + index),\"total_tokens\":\(330 + 2 * index),"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":\(200 + index)}}}\n\ndata: [DONE]\n\n"
        }
        var shapes = ShapeSet(watching: ["grok-3-mini"])
        for index in 0..<24 {
            let response = index % 2 == 0 ? plain[index / 2 % 6] : chunks[index / 2 % 6]
            shapes.add(request: Self.request, response: Array(response.utf8), status: 200,
                       responseContentType: index % 2 == 0 ? "application/json" : "text/event-stream")
        }
        let map = matcher.match(shapes, endpoint: "/v1/chat/completions", model: "grok-3-mini").fieldMap
        #expect(map[.reasoningTokens]?.tokens == .separate)
        #expect(Self.streamConventions(map, .reasoningTokens).allSatisfy { $0 == .subsetOfOutput })
        #expect(map.tokenEvidence?.rule == "total = input + output + reasoning")
        #expect(map.streamTokenEvidence?.rule == "total = input + output")
    }

    @Test("a key with no streamed totals keeps the catalog's stream conventions, and stream_token_evidence says catalog")
    func noStreamedTotalsKeepTheCatalog() throws {
        // Plain xAI answers only: their totals decide the plain answers, never the streams.
        let plainOnly = matcher.match(FixtureSamples.shapes(of: Self.xaiPlain.map(FixtureSamples.exchange)), endpoint: "/v1/chat/completions", model: "grok-3-mini").fieldMap
        #expect(plainOnly[.reasoningTokens]?.tokens == .separate)
        #expect(Self.streamConventions(plainOnly, .reasoningTokens).allSatisfy { $0 == .subsetOfOutput })
        #expect(plainOnly.streamTokenEvidence?.source == .catalog && plainOnly.streamTokenEvidence?.rule == "no stream sampled")
        // Anthropic streams: input and output in different events, no total.
        let streams = FixtureSamples.exchanges(api: "anthropic.messages").filter { $0.stream == true }
        let result = matcher.match(FixtureSamples.shapes(of: streams), endpoint: streams[0].path, model: streams[0].model)
        #expect(result.schemaID == "anthropic.messages")
        #expect(result.fieldMap[.streamInputTokens]?.tokens == .excludesCached)
        #expect(Self.streamConventions(result.fieldMap, .cacheReadTokens).allSatisfy { $0 == .separate })
        let evidence = try #require(result.fieldMap.streamTokenEvidence)
        #expect(evidence.source == .catalog && evidence.samples == 0)
    }

    @Test("the evidence is stored under token_evidence and stream_token_evidence and read back")
    func evidenceRoundTrips() throws {
        var map = FieldMap(schemaID: "heuristic")
        map.tokenEvidence = TokenEvidence(source: .learned, samples: 12, agreeing: 12, rule: "total = input + output")
        map.streamTokenEvidence = TokenEvidence(source: .catalog, samples: 0, agreeing: 0, rule: "no stream sampled")
        let json = try map.encodedJSONString()
        #expect(json.contains(#""token_evidence":{"agreeing":12,"rule":"total = input + output","samples":12,"source":"learned"}"#))
        #expect(json.contains(#""stream_token_evidence":{"agreeing":0,"rule":"no stream sampled","samples":0,"source":"catalog"}"#))
        #expect(try FieldMap.decode(from: map.encodedJSON()) == map)
    }
}
