import Catalog
import Demo
import Foundation
import Matches
import Shapes
import Testing

/// Reasons and field maps name paths, catalog ids and catalog constants — never a body's text.
@Suite("Match privacy")
struct PrivacyTests {
    let matcher = Matcher(catalog: FixtureSamples.catalog)
    static let canaries = ["CANARY7f3a", "canary-zebra-violet", "QX9-CANARY"]

    /// Everything a result would persist or print.
    static func published(_ result: MatchResult) throws -> String {
        var text = result.reasons.joined(separator: "\n") + "\n" + result.schemaID
        text += try result.fieldMap.encodedJSONString()
        for candidate in result.candidates { text += candidate.reasons.joined(separator: "\n") }
        return text
    }

    static func openAIRow(_ canary: String, finish: String) -> FixtureSamples.Row {
        let request = #"{"model":"m-1","messages":[{"role":"system","content":"\#(canary) sys"},{"role":"user","content":"\#(canary) asks"}]}"#
        let response = #"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m-1","choices":[{"index":0,"message":{"role":"assistant","content":"\#(canary) answers at length here"},"finish_reason":"\#(finish)"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7},"note":"\#(canary)"}"#
        return FixtureSamples.Row(request: Array(request.utf8), response: Array(response.utf8), status: 200)
    }

    static func madeUpRow(_ canary: String) -> FixtureSamples.Row {
        let request = #"{"engine":"m-1","dialogue":[{"speaker":"user","utterance":"\#(canary) hello"}],"note":"\#(canary)"}"#
        let response = #"{"result":{"text":"\#(canary) a long enough answer text","end_cause":"\#(canary)"},"usage_stats":{"in_tok":3,"out_tok":5},"label":"\#(canary)"}"#
        return FixtureSamples.Row(request: Array(request.utf8), response: Array(response.utf8), status: 200)
    }

    @Test("canary strings in bodies never reach reasons or the field map, even as closed sets", arguments: [false, true])
    func canariesNeverPublished(madeUp: Bool) throws {
        let rows = Self.canaries.map { madeUp ? Self.madeUpRow($0) : Self.openAIRow($0, finish: $0) }
        let result = matcher.match(FixtureSamples.shapes(rows, model: "m-1"), endpoint: "/v1/chat/completions", model: "m-1")
        let text = try Self.published(result)
        for canary in Self.canaries {
            #expect(!text.localizedCaseInsensitiveContains(canary), "\(canary) leaked: \(text)")
        }
    }

    @Test("no fixture text (answers, system prompts) appears in any API's reasons or field map", arguments: FixtureSamples.successfulAPIs)
    func fixtureTextNeverPublished(api: String) throws {
        let exchanges = FixtureSamples.exchanges(api: api)
        let result = matcher.match(FixtureSamples.shapes(of: exchanges), endpoint: exchanges[0].path, model: exchanges[0].model)
        let text = try Self.published(result)
        for exchange in exchanges {
            for key in ["output_text", "system", "tool_plan", "reasoning_text"] {
                guard let value = exchange.expect?[key]?.string, value.count >= 8 else { continue }
                #expect(!text.contains(value), "\(exchange.name) \(key) leaked")
            }
        }
    }
}
