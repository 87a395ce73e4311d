import Foundation
import Testing
@testable import Catalog

@Suite struct FieldMapTests {
    static func sample() throws -> FieldMap {
        var map = FieldMap(schemaID: "heuristic", finishReasons: ["END": "stop", "too_long": "length"],
                           stream: StreamFraming(format: .ndjson, eventKey: "kind"))
        map[.requestModel] = RoleBinding(body: .request, paths: [try JSONPath("$.model")])
        map[.inputTokens] = RoleBinding(body: .response, paths: [try JSONPath("$.usage_stats.in_tok")], tokens: .includesCached, confidence: 0.7)
        map[.inputMessages] = RoleBinding(body: .request, paths: [try JSONPath("$.turns")],
                                          item: ["role": [try JSONPath("$.speaker")], "text": [try JSONPath("$['body.text']")]])
        map[.streamTextDelta] = RoleBinding(body: .responseStream, event: "*", paths: [try JSONPath("$.chunk")])
        return map
    }

    @Test("a field map survives a JSON round trip")
    func roundTrip() throws {
        let map = try Self.sample()
        let decoded = try FieldMap.decode(from: try map.encodedJSON())
        #expect(decoded == map)
    }

    @Test("encoding is deterministic, with sorted snake_case keys")
    func deterministic() throws {
        let first = try Self.sample().encodedJSONString()
        for _ in 0..<5 {
            // Rebuilding the dictionaries changes their iteration order, never the bytes.
            #expect(try Self.sample().encodedJSONString() == first)
        }
        #expect(first.hasPrefix(#"{"finish_reasons":{"END":"stop","too_long":"length"},"roles":{"gateway.stream.text_delta":"#))
        #expect(first.contains(#""schema_id":"heuristic""#))
        #expect(first.contains(#""stream":{"event_key":"kind","format":"ndjson"}"#))
        #expect(first.contains(#""paths":["$.usage_stats.in_tok"],"tokens":"includes_cached""#))
        #expect(first.contains(#"["$['body.text']"]"#))
        #expect(!first.contains("\\/"))
    }

    @Test("decoding a stored map with a bad path fails")
    func badPath() {
        let json = #"{"schema_id":"x","roles":{"gen_ai.request.model":{"body":"request","paths":["$.a]"]}},"finish_reasons":{}}"#
        #expect(throws: DecodingError.self) { _ = try FieldMap.decode(from: Data(json.utf8)) }
    }

    @Test("finish reasons: exact first, then case-insensitive, canonical values pass through", arguments: [
        ("END", "stop"), ("end", "stop"), ("TOO_LONG", "length"), ("stop", "stop"),
        ("CONTENT_FILTER", "content_filter"), ("mystery", nil),
    ] as [(String, String?)])
    func canonicalFinishReason(raw: String, expected: String?) throws {
        #expect(try Self.sample().canonicalFinishReason(raw) == expected)
    }

    @Test("an exact key wins over a case-insensitive one")
    func exactWins() {
        let map = FieldMap(schemaID: "x", finishReasons: ["Stop": "error", "stop": "stop"])
        #expect(map.canonicalFinishReason("Stop") == "error")
        #expect(map.canonicalFinishReason("stop") == "stop")
    }

    @Test("catalog maps are made explicit on loading: the request model from the body, the URL templates naming {model}, then the row")
    func catalogMapsAreExplicit() throws {
        let catalog = try Catalog.builtin()
        let gemini = try #require(catalog.entry(id: "google.generate_content")?.fieldMap[.requestModel])
        #expect(gemini.chain.map(\.body) == [.url, .row])
        #expect(gemini.templates?.contains("/v1beta/models/{model}:generateContent") == true)
        let chat = try #require(catalog.entry(id: "openai.chat_completions")?.fieldMap[.requestModel])
        #expect(chat.chain.map(\.body) == [.request, .row])
        let anthropic = try #require(catalog.entry(id: "anthropic.messages")?.fieldMap)
        // The response model is also read where Anthropic's stream wraps a message: message_start's $.message.
        let model = try #require(anthropic[.responseModel]?.fallbacks)
        #expect(model.contains { $0.event == "message_start" && $0.paths.map(\.description) == ["$.message.model"] && $0.assemble == .last })
        for entry in catalog.entries {
            for (name, binding) in entry.fieldMap.roles {
                for link in binding.chain where link.body == .responseStream {
                    #expect(link.assemble != nil, "\(entry.id) \(name)")
                }
            }
            if entry.fieldMap.stream?.format == .sse { #expect(entry.fieldMap.stream?.done != nil, "\(entry.id)") }
            #expect(entry.fieldMap.version == FieldMap.currentVersion)
        }
    }
}
