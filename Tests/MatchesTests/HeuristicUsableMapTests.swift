import Catalog
import Matches
import Normalize
import Shapes
import Testing

/// APIs outside the catalog, invented here with varied counts and text: what a `mapped`
/// heuristic map lets the gateway use, and what it leaves out.
@Suite("Usable heuristic maps")
struct HeuristicUsableMapTests {
    let matcher = Matcher(catalog: FixtureSamples.catalog)

    static let words = ["alpha", "river", "stone", "cloud", "paper", "orbit", "lantern", "quiet", "maple", "ember", "tide"]

    static func text(_ row: Int, _ count: Int) -> String {
        (0..<count).map { words[($0 * 7 + row * 3) % words.count] }.joined(separator: " ")
    }

    func match(rows: Int = 24, path: String, model: String, requestContentType: String? = nil,
               _ body: (Int) -> (request: String, response: String, contentType: String?)) -> (MatchResult, ShapeSet) {
        var shapes = ShapeSet(watching: [model])
        for row in 0..<rows {
            let (request, response, contentType) = body(row)
            shapes.add(request: Array(request.utf8), response: Array(response.utf8), status: 200,
                       requestContentType: requestContentType, responseContentType: contentType)
        }
        return (matcher.match(shapes, endpoint: path, model: model), shapes)
    }

    static func request(_ row: Int) -> String {
        #"{"engine":"quill-3","dialogue":[{"speaker":"human","utterance":"\#(text(row, 6))"}]}"#
    }

    @Test("an API whose total adds a thinking count to the output gets that count as a separate reasoning role, learned, and OpenTelemetry's output")
    func reasoningOutsideOutputIsLearned() throws {
        let (result, _) = match(path: "/v1/infer", model: "quill-3") { row in
            let (input, output, thinking) = (20 + row, 10 + 2 * row, row % 3 == 0 ? 0 : 40 + row)
            return (Self.request(row),
                    #"{"reply":{"text":"\#(Self.text(row, 10 + 2 * row))"},"stats":{"input_tokens":\#(input),"output_tokens":\#(output),"thinking_tokens":\#(thinking),"total_tokens":\#(input + output + thinking)}}"#,
                    "application/json")
        }
        #expect(result.schemaID == FieldMap.heuristicSchemaID && result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.reasoningTokens]?.tokens == .separate)
        #expect(result.fieldMap[.reasoningTokens]?.paths.first?.description == "$.stats.thinking_tokens")
        #expect(result.fieldMap.tokenEvidence?.source == .learned)
        #expect(result.fieldMap.tokenEvidence?.rule == "total = input + output + reasoning")
        #expect(!result.fieldMap.requestForms && result.fieldMap.plainText == nil, "JSON requests: no forms, no plain-text rule")
        let record = Normalizer(fieldMap: result.fieldMap).normalize(
            request: Array(Self.request(1).utf8),
            response: Array(#"{"reply":{"text":"x"},"stats":{"input_tokens":5,"output_tokens":7,"thinking_tokens":30,"total_tokens":42}}"#.utf8), status: 200)
        #expect(record.outputTokens == Int64(37))
        #expect(record.inputTokens == Int64(5))
    }

    @Test("a key whose requests are multipart forms gets a map that reads forms, and its fields")
    func formRequestsAreRead() throws {
        let boundary = "b0undary"
        let (result, _) = match(path: "/v1/dub", model: "voice-2", requestContentType: "multipart/form-data; boundary=\(boundary)") { row in
            let form = "--\(boundary)\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nvoice-2\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"script\"\r\n\r\n\(Self.text(row, 5))\r\n--\(boundary)--\r\n"
            let (input, output) = (8 + row, 30 + 3 * row)
            return (form, #"{"reply":{"text":"\#(Self.text(row, 10 + 3 * row))"},"stats":{"input_tokens":\#(input),"output_tokens":\#(output),"total_tokens":\#(input + output)}}"#,
                    "application/json")
        }
        #expect(result.fieldMap.requestForms, "\(result.reasons)")
        #expect(result.fieldMap.plainText == nil)
        #expect(result.fieldMap[.requestModel] != nil, "the form's model field is found")
    }

    @Test("counts that never add up to the body's total are left out, named, and the map is not mapped")
    func contradictingTotalLeavesCountsOut() throws {
        let (result, _) = match(path: "/v1/infer", model: "quill-3") { row in
            (Self.request(row),
             #"{"reply":{"text":"\#(Self.text(row, 12))"},"stats":{"input_tokens":\#(20 + row),"output_tokens":\#(12 + row),"total_tokens":\#(500 + 7 * row)}}"#,
             "application/json")
        }
        #expect(result.status != .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.inputTokens] == nil && result.fieldMap[.outputTokens] == nil && result.fieldMap[.totalTokens] == nil)
        let leftOut = try #require(result.reasons.first { $0.hasPrefix("left out of the map:") })
        #expect(leftOut.contains("never add up to $.stats.total_tokens"))
    }

    @Test("an API whose responses carry no token count is mapped by its output text")
    func textDecidesWithoutTokens() throws {
        let (result, _) = match(path: "/translate", model: "lingo-2") { row in
            (#"{"model":"lingo-2","source_text":"\#(Self.text(row, 8))","target_lang":"fr"}"#,
             #"{"translation":{"text":"\#(Self.text(row + 1, 9 + row % 5))"},"detected_language":"en","took_ms":\#(80 + row)}"#,
             "application/json")
        }
        #expect(result.schemaID == FieldMap.heuristicSchemaID && result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.outputText]?.paths.first?.description == "$.translation.text")
        #expect(result.fieldMap[.inputTokens] == nil && result.fieldMap[.outputTokens] == nil)
        #expect(result.reasons.first?.contains("the output text decides") == true)
    }

    @Test("token counts inside a one-item array are bound at its first item; counts in many-item arrays, which no rule binds, leave the output text to decide")
    func tokenCountsInArrays() throws {
        let (single, _) = match(path: "/batch/infer", model: "quill-3") { row in
            (Self.request(row),
             #"[{"result":{"text":"\#(Self.text(row, 12))"},"usage":{"promptTokens":\#(20 + row),"completionTokens":\#(12 + row)}}]"#,
             "application/json")
        }
        #expect(single.status == .mapped, "\(single.reasons)")
        #expect(single.fieldMap[.inputTokens]?.paths.first?.description == "$[0].usage.promptTokens", "\(single.reasons)")
        #expect(single.fieldMap[.outputTokens]?.paths.first?.description == "$[0].usage.completionTokens", "\(single.reasons)")
        let (many, _) = match(path: "/batch/infer", model: "quill-3") { row in
            let item = #"{"result":{"text":"\#(Self.text(row, 12))"},"usage":{"promptTokens":\#(20 + row),"completionTokens":\#(12 + row)}}"#
            return (Self.request(row), "[" + Array(repeating: item, count: 2 + row % 2).joined(separator: ",") + "]", "application/json")
        }
        #expect(many.status == .mapped, "\(many.reasons)")
        #expect(many.fieldMap[.inputTokens] == nil && many.fieldMap[.outputTokens] == nil, "\(many.reasons)")
        #expect(many.fieldMap[.outputText]?.paths.first?.description == "$[*].result.text", "\(many.reasons)")
        #expect(many.reasons.first?.contains("the output text decides") == true, "\(many.reasons)")
    }

    /// A watsonx-shaped generation stream: a piece and the running counts in every event, the
    /// input count in the first event only (0 after), a licence notice in the first event.
    static func noticeStream(_ row: Int) -> (text: String, input: Int, body: String) {
        let words = text(row, 6 + row % 4).split(separator: " ").map(String.init)
        let input = 9 + row % 5
        let events = words.indices.map { k in
            let notice = k == 0 ? #","system":{"warnings":[{"message":"\#(UnknownAPITests.notice)","id":"disclaimer_warning"}]}"# : ""
            let stop = k == words.count - 1 ? "eos_token" : "not_finished"
            return "id: \(k + 1)\nevent: message\n" + #"data: {"model_id":"ibm/granite-13b-chat-v2","results":[{"generated_text":"\#(k == 0 ? "" : " ")\#(words[k])","generated_token_count":\#(k + 1),"input_token_count":\#(k == 0 ? input : 0),"stop_reason":"\#(stop)"}]\#(notice)}"# + "\n\n"
        }
        return (words.joined(separator: " "), input, events.joined())
    }

    @Test("a stream with usage in every event reads its pieces (not the notice of its first event), its input count from the first event and its output count from the last, also when every row repeats one stream", arguments: [1, 24])
    func streamWithUsagePerEvent(distinctBodies: Int) throws {
        let (result, _) = match(path: "/ml/v1/text/generation_stream", model: "ibm/granite-13b-chat-v2") { row in
            (#"{"model_id":"ibm/granite-13b-chat-v2","input":"\#(Self.text(row, 6))"}"#, Self.noticeStream(row % distinctBodies).body, "text/event-stream")
        }
        #expect(result.schemaID == FieldMap.heuristicSchemaID && result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.streamTextDelta]?.paths.first?.description == "$.results[*].generated_text", "\(result.reasons)")
        #expect(result.fieldMap[.streamInputTokens]?.assemble == .first, "\(result.reasons)")
        let stream = Self.noticeStream(5)
        let record = Normalizer(fieldMap: result.fieldMap).normalize(request: nil, response: Array(stream.body.utf8), status: 200, responseContentType: "text/event-stream")
        #expect(record.outputText == stream.text)
        #expect(record.inputTokens == Int64(stream.input))
        #expect(record.outputTokens == Int64(stream.text.split(separator: " ").count))
    }

    @Test("a stream whose last event carries the whole text reads it; one of pieces joins them; the reasons say which")
    func streamTextAssemblyIsDecidedFromSamples() throws {
        let (whole, _) = match(path: "/v1/run/stream", model: "quill-3") { row in
            let body = (0..<4).map { #"{"progress":\#($0 * 25)}"# }.joined(separator: "\n")
                + "\n" + #"{"output":{"text":"\#(Self.text(row, 14))"},"metering":{"input_tokens":\#(30 + row),"output_tokens":\#(14 + row)}}"# + "\n"
            return (Self.request(row), body, "application/x-ndjson")
        }
        let delta = try #require(whole.fieldMap[.streamTextDelta], "\(whole.reasons)")
        #expect(delta.paths.first?.description == "$.output.text")
        #expect(delta.assemble == .last)
        #expect(whole.reasons.contains { $0.contains("the whole text in one event per stream") }, "\(whole.reasons)")
        let final = Self.text(3, 14)
        let streamed = (0..<2).map { #"{"progress":\#($0)}"# }.joined(separator: "\n") + "\n" + #"{"output":{"text":"\#(final)"},"metering":{"input_tokens":3,"output_tokens":4}}"# + "\n"
        let record = Normalizer(fieldMap: whole.fieldMap).normalize(request: nil, response: Array(streamed.utf8), status: 200, responseContentType: "application/x-ndjson")
        #expect(record.outputText == final)
        let api = FixtureSamples.madeUp.madeUp.first { $0.api == "unknown.zephyr_stream" }!
        let pieces = matcher.match(api.shapes(), endpoint: api.path, model: api.model)
        #expect(pieces.reasons.contains { $0.contains("pieces joined across events") }, "\(pieces.reasons)")
        #expect(pieces.fieldMap[.streamTextDelta]?.assemble == .concat)
    }
}

/// What the numbers add to a heuristic map's token counts.
@Suite("Heuristic token counts and their numbers")
struct HeuristicTokenNumberTests {
    let matcher = Matcher(catalog: FixtureSamples.catalog)

    func match(_ response: @escaping (Int) -> String) -> MatchResult {
        var shapes = ShapeSet(watching: ["gen-70b"])
        for row in 0..<24 {
            let request = #"{"text":"\#(HeuristicUsableMapTests.text(row, 9))","max_length":200}"#
            shapes.add(request: Array(request.utf8), response: Array(response(row).utf8), status: 200)
        }
        return matcher.match(shapes, endpoint: "/v1/gpu/{model}/generation", model: "gen-70b")
    }

    @Test("top-level counts named only by their words are usable once the output count grows with the response")
    func growingOutputCountIsEvidence() throws {
        let result = match { row in
            let output = 10 + (row * 7) % 25
            return #"{"generated_text":"\#(HeuristicUsableMapTests.text(row, output))","nb_generated_tokens":\#(output),"nb_input_tokens":\#(12 + row % 7)}"#
        }
        #expect(result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.outputTokens]?.paths.first?.description == "$.nb_generated_tokens")
        #expect(result.fieldMap[.inputTokens]?.paths.first?.description == "$.nb_input_tokens")
        #expect(result.reasons.contains { $0.contains("grows with the response") })
    }

    @Test("an output count that falls as the response grows is inconsistent: left out, and the map is not mapped")
    func fallingOutputCountIsInconsistent() throws {
        let result = match { row in
            let words = 10 + row
            return #"{"generated_text":"\#(HeuristicUsableMapTests.text(row, words))","usage":{"output_tokens":\#(100 - words),"input_tokens":\#(12 + row % 7)}}"#
        }
        #expect(result.status != .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.outputTokens] == nil)
        #expect(result.reasons.contains { $0.contains("falls as the response grows") }, "\(result.reasons)")
    }
}
