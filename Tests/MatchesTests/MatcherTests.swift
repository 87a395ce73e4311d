import Catalog
import Demo
import Foundation
import Matches
import Shapes
import Testing

@Suite("Matcher")
struct MatcherTests {
    let matcher = Matcher(catalog: FixtureSamples.catalog)

    /// The roles a fixture's `expect` block says its bodies carry (plain or streamed).
    static func expectedRoles(_ exchange: FixtureExchange) -> [Role] {
        let streamed = exchange.stream ?? false
        var roles: [Role] = []
        for key in exchange.expect?.keys.sorted() ?? [] {
            switch key {
            case "output_text": roles.append(streamed ? .streamTextDelta : .outputText)
            case "input_tokens" where !streamed: roles.append(.inputTokens)
            case "output_tokens" where !streamed: roles.append(.outputTokens)
            case "finish_reason": roles.append(streamed ? .streamFinishReason : .responseFinishReasons)
            case "input_message_count": roles.append(.inputMessages)
            case "response_model" where !streamed: roles.append(.responseModel)
            case "embedding_count": roles.append(.embeddingsVectors)
            default: break
            }
        }
        return roles
    }

    @Test("shapes inferred from an API's fixtures match its own catalog entry as mapped, its roles resolving to sampled paths",
          arguments: FixtureSamples.successfulAPIs)
    func fixturesMatchTheirOwnEntry(api: String) throws {
        let exchanges = FixtureSamples.exchanges(api: api)
        let shapes = FixtureSamples.shapes(of: exchanges)
        let result = matcher.match(shapes, endpoint: exchanges[0].path, model: exchanges[0].model)
        #expect(result.schemaID == api, "\(result.reasons)")
        #expect(result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap.schemaID == api)
        #expect(result.reasons.count <= Matcher.maximumReasons)
        let expected = Set(exchanges.flatMap(Self.expectedRoles))
        for role in expected.sorted() {
            let binding = try #require(result.fieldMap[role], "\(role) of \(api) did not resolve")
            #expect(!binding.paths.isEmpty)
        }
        for (name, binding) in result.fieldMap.roles {
            let kinds: [ShapeKind] = switch binding.body {
            case .request: [.request]
            case .response: [.response]
            case .error: [.error]
            case .responseStream: shapes.kinds.filter { if case .responseStream = $0 { true } else { false } }
            case .url, .row: []
            }
            if !binding.body.isLogged { continue }
            // Every catalog role is kept; the paths the samples show come first.
            let present = binding.paths.map { path in kinds.contains { kind in shapes[kind]?.node(at: Self.shapePath(path)) != nil } }
            #expect(present == present.sorted { $0 && !$1 }, "\(name): sampled paths must come first, got \(binding.paths)")
            if expected.contains(Role(name)) {
                #expect(present.first == true, "\(name) → \(binding.paths) resolves to no sampled path")
            }
        }
        #expect(Set(result.fieldMap.roles.keys) == Set(try #require(FixtureSamples.catalog.entry(id: api)).fieldMap.roles.keys))
    }

    @Test("OpenAI-compatible hosts match openai.chat_completions as mapped, with their extra fields listed",
          arguments: ["groq", "together", "fireworks", "mistral", "openrouter", "deepinfra", "perplexity", "vllm", "lemonfox", "azure"])
    func compatibleHostsMatchOpenAIChat(host: String) throws {
        let exchange = FixtureSamples.exchange("openai.chat_completions/\(host)")
        let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: exchange.path, model: exchange.model)
        #expect(result.schemaID == "openai.chat_completions", "\(result.reasons)")
        #expect(result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.outputText] != nil)
        #expect(result.fieldMap[.inputTokens] != nil)
        // Top-level response members the catalog does not declare must be named as extras.
        let entry = try #require(FixtureSamples.catalog.entry(id: "openai.chat_completions"))
        let file = try #require(exchange.response)
        let json = try JSONSerialization.jsonObject(with: Data(FixtureSamples.bytes(file)))
        let body = try #require(json as? [String: Any])
        let extras = body.keys.filter { entry.response?.properties[$0] == nil }.sorted()
        if !extras.isEmpty {
            let line = try #require(result.reasons.first { $0.hasPrefix("extra fields:") }, "\(result.reasons)")
            #expect(extras.contains { line.contains("$.\($0)") }, "\(line) names none of \(extras)")
        }
    }

    static var singleExchanges: [String] {
        FixtureSamples.manifest.exchanges
            .filter { $0.isSuccess && $0.api != nil && !$0.name.hasPrefix("errors/") && !($0.response ?? "").hasSuffix(".txt") }
            .map(\.name)
    }

    @Test("every successful fixture exchange on its own, streamed or not, matches its API as mapped", arguments: singleExchanges)
    func singleExchangeMatches(name: String) {
        let exchange = FixtureSamples.exchange(name)
        let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: exchange.path, model: exchange.model)
        #expect(result.schemaID == exchange.api, "\(result.reasons)")
        #expect(result.status == .mapped, "\(result.reasons)")
    }

    @Test("requests from different clients of one API (with and without a model member) still map")
    func clientDialectsStillMap() {
        let azure = FixtureSamples.exchange("openai.chat_completions/azure")
        let plain = FixtureSamples.exchange("openai.chat_completions/plain")
        let shapes = FixtureSamples.shapes([FixtureSamples.row(azure), FixtureSamples.row(plain)], model: plain.model)
        let result = matcher.match(shapes, endpoint: plain.path, model: plain.model)
        #expect(result.schemaID == "openai.chat_completions")
        #expect(result.status == .mapped, "\(result.reasons)")
    }

    @Test("a key whose responses mix two APIs half and half is mapped to neither API (at most to the heuristic map of what both share)",
          arguments: [
            ("openai.chat_completions/plain", "anthropic.messages/plain"),
            ("openai.chat_completions/plain", "cohere.chat_v2/plain"),
            ("openai.chat_completions/plain", "openai.completions/plain"),
            ("mistral.fim_completions/plain", "openai.completions/plain"),
            ("openai.embeddings/float", "voyage.rerank/plain"),
            ("ollama.chat/plain", "ollama.generate/plain"),
            ("google.generate_content/plain", "anthropic.messages/plain"),
          ])
    func mixedAPIsAreNotMapped(first: String, second: String) {
        let a = FixtureSamples.exchange(first)
        let b = FixtureSamples.exchange(second)
        let shapes = FixtureSamples.shapes([FixtureSamples.row(a), FixtureSamples.row(b)], model: a.model)
        let result = matcher.match(shapes, endpoint: a.path, model: a.model)
        #expect(result.status != .mapped || result.schemaID == FieldMap.heuristicSchemaID, "\(result.schemaID) \(result.confidence) \(result.reasons)")
        for api in [a.api, b.api] {
            let candidate = result.candidates.first { $0.id == api }
            #expect((candidate?.confidence ?? 0) < MatchThresholds.standard.mapped, "\(api) \(candidate?.confidence ?? 0)")
        }
    }

    @Test("a key answered in plain text because its requests asked for it maps to the API that answers so, the text its output")
    func plainTextAnswersAskedForMap() throws {
        let exchange = FixtureSamples.exchange("openai.audio_transcriptions/text")
        let shapes = FixtureSamples.shapes(of: [exchange])
        #expect(shapes.textResponses > 0)
        #expect(shapes.rejected["text"] == nil)
        let result = matcher.match(shapes, endpoint: exchange.path, model: exchange.model)
        #expect(result.schemaID == "openai.audio_transcriptions", "\(result.reasons)")
        #expect(result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.outputText] != nil)
        #expect(result.reasons.contains { $0.contains("plain-text responses 1.00 (asked for by the requests' $.response_format)") }, "\(result.reasons)")
        let other = try #require(result.candidates.first { $0.id != result.schemaID && $0.id != FieldMap.heuristicSchemaID })
        #expect(result.confidence - other.confidence >= MatchThresholds.standard.margin, "\(other)")
    }

    @Test("plain-text answers that no request asked for map to no API")
    func plainTextAnswersNotAskedForDoNotMap() {
        let json = FixtureSamples.exchange("openai.audio_transcriptions/json")
        let text = FixtureSamples.exchange("openai.audio_transcriptions/text")
        // The requests ask for JSON; the answers are text (a proxy's lines, say).
        let row = FixtureSamples.Row(
            request: FixtureSamples.bytes(json.request!), response: FixtureSamples.bytes(text.response!), status: 200,
            requestContentType: json.requestContentType)
        let result = matcher.match(FixtureSamples.shapes([row], model: json.model), endpoint: json.path, model: json.model)
        #expect(result.status != .mapped, "\(result.schemaID) \(result.reasons)")
    }

    @Test("error-only samples are unmappable, with a reason saying there were no successful samples",
          arguments: ["openai.chat_completions", "anthropic.messages", "google.generate_content", "cohere.chat_v2", "ollama.chat"])
    func errorOnlySamplesAreUnmappable(api: String) throws {
        let errors = FixtureSamples.manifest.exchanges.filter { $0.api == api && $0.name.hasPrefix("errors/") && !$0.isSuccess }
        try #require(!errors.isEmpty)
        let result = matcher.match(FixtureSamples.shapes(of: errors), endpoint: errors[0].path, model: errors[0].model)
        #expect(result.status == .unmappable)
        #expect(result.confidence == 0)
        #expect(result.fieldMap.roles.isEmpty)
        #expect(result.reasons.first?.contains("no successful samples") == true, "\(result.reasons)")
    }

    @Test("an error body under HTTP 200 does not count as a success")
    func errorUnder200IsNotASuccess() {
        let exchange = FixtureSamples.exchange("errors/error_in_200")
        let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: exchange.path, model: exchange.model)
        #expect(result.status == .unmappable)
        #expect(result.reasons.first?.contains("no successful samples") == true)
    }

    @Test("empty samples are unmappable")
    func emptySamplesAreUnmappable() {
        let result = matcher.match(ShapeSet(watching: ["m"]), endpoint: "/v1/chat/completions", model: "m")
        #expect(result.status == .unmappable)
        #expect(result.reasons.first?.contains("no successful samples") == true)
    }

    @Test("the endpoint alone never makes a match: an unrelated body on a catalog path is not mapped")
    func endpointAloneIsNotDecisive() {
        let exchange = FixtureSamples.exchange("cohere.rerank/plain")
        let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: "/v1/chat/completions", model: exchange.model)
        #expect(result.schemaID != "openai.chat_completions")
        let openAI = result.candidates.first { $0.id == "openai.chat_completions" }
        #expect((openAI?.confidence ?? 0) < MatchThresholds.standard.lowConfidence)
    }

    @Test("an API served on an unknown path still matches by its bodies")
    func unknownPathStillMatches() {
        let exchange = FixtureSamples.exchange("openai.chat_completions/plain")
        let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: "/llm/proxy/run", model: exchange.model)
        #expect(result.schemaID == "openai.chat_completions")
        #expect(result.status == .mapped, "\(result.reasons)")
        #expect(result.reasons.contains { $0.contains("endpoint is not one of") })
    }

    @Test("a result reports the runner-up and candidates best first, confidences in [0, 1]")
    func candidatesAreOrdered() throws {
        let exchange = FixtureSamples.exchange("anthropic.messages/plain")
        let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: exchange.path, model: exchange.model)
        let runnerUp = try #require(result.runnerUp)
        #expect(runnerUp.id != result.schemaID)
        #expect(result.candidates.first?.id == result.schemaID)
        #expect(result.candidates.count == FixtureSamples.catalog.entries.count)
        #expect(zip(result.candidates, result.candidates.dropFirst()).allSatisfy { $0.confidence >= $1.confidence })
        #expect(result.candidates.allSatisfy { (0...1).contains($0.confidence) })
        #expect(result.confidence - runnerUp.confidence >= MatchThresholds.standard.margin)
    }

    static func shapePath(_ path: JSONPath) -> ShapePath {
        ShapePath(path.components.map { component in
            switch component {
            case .key(let key): .key(key)
            case .index, .wildcard, .filter: .items
            }
        })
    }
}
