import Catalog
import Foundation
import Framing
import Normalize
import Testing
import TestSupport

/// The rules of `schemas/FIELD_MAP.md`, one test each, on version 2 maps written as JSON.
@Suite struct NormalizerContractTests {
    static func normalizer(_ json: String) throws -> Normalizer {
        Normalizer(fieldMap: try FieldMap.validated(json: Data(json.utf8), origin: "test.json"))
    }

    static func map(roles: String, extra: String = "") -> String {
        #"{"version": 2, "schema_id": "t", "unknown_finish_reason": "drop", \#(extra) "roles": {\#(roles)}}"#
    }

    @Test("a negative index reads from the end of the array, nested or not, and an index past the start reads nothing")
    func negativeIndexes() throws {
        let normalizer = try Self.normalizer(Self.map(roles: """
            "gateway.output.text": {"body": "response", "paths": ["$.choices[-1].text"]},
            "gen_ai.response.finish_reasons": {"body": "response", "paths": ["$.choices[-2].why"]},
            "gen_ai.usage.input_tokens": {"body": "response", "paths": ["$.runs[-1].steps[-1].n"]},
            "gen_ai.usage.output_tokens": {"body": "response", "paths": ["$.short[-3]"]}
            """))
        let record = normalizer.normalize(request: nil, response: Data(#"""
            {"choices": [{"text": "a", "why": "w0"}, {"text": "b", "why": "w1"}, {"text": "c", "why": "w2"}],
             "runs": [{"steps": [{"n": 1}, {"n": 2}]}, {"steps": [{"n": 3}, {"n": 4}]}],
             "short": [7, 8]}
            """#.utf8), status: 200)
        #expect(record.outputText == "c")
        #expect(record.finishReasons == ["w1"])
        #expect(record.inputTokens == 4)
        #expect(record.outputTokens == nil)
    }

    @Test("a negative index reads from the end in item paths and in the paths of item roles too")
    func negativeIndexesInItems() throws {
        let normalizer = try Self.normalizer(Self.map(roles: """
            "gen_ai.input.messages": {"body": "request", "paths": ["$.messages[-1]"], "item": {"role": ["$.role"], "text": ["$.content[-1].text"]}}
            """))
        let record = normalizer.normalize(request: Data(#"""
            {"messages": [{"role": "system", "content": [{"text": "s"}]},
                          {"role": "user", "content": [{"text": "a"}, {"text": "b"}]}]}
            """#.utf8), response: nil, status: nil)
        #expect(record.inputMessages.map(\.role) == ["user"])
        #expect(record.inputMessages.map(\.parts) == [["b"]])
    }

    @Test("of duplicate members the last wins, everything below the earlier ones ignored")
    func duplicateMembersLastWins() throws {
        let normalizer = try Self.normalizer(Self.map(roles: """
            "gateway.output.text": {"body": "response", "paths": ["$.text"]},
            "gen_ai.usage.input_tokens": {"body": "response", "paths": ["$.usage.in"]},
            "gen_ai.usage.output_tokens": {"body": "response", "paths": ["$.usage.out"]}
            """))
        let record = normalizer.normalize(request: nil, response: Data(#"""
            {"text": "first", "usage": {"in": 1, "out": 2, "in": 3}, "text": "second", "usage": {"in": 5}}
            """#.utf8), status: 200)
        #expect(record.outputText == "second")
        #expect(record.inputTokens == 5)
        #expect(record.outputTokens == nil)
    }

    @Test("the last duplicate wins inside items and among the members a wildcard reads too")
    func duplicateMembersInItemsAndWildcards() throws {
        let normalizer = try Self.normalizer(Self.map(roles: """
            "gen_ai.input.messages": {"body": "request", "paths": ["$.messages"], "item": {"role": ["$.role"], "text": ["$.content"]}},
            "gen_ai.request.stop_sequences": {"body": "request", "paths": ["$.stops[*]"]},
            "gen_ai.response.finish_reasons": {"body": "response", "paths": ["$.reasons[*]"]}
            """))
        let record = normalizer.normalize(
            request: Data(#"""
                {"messages": [{"role": "user", "content": "old"}], "stops": {"a": "x", "b": "y", "a": "z"},
                 "messages": [{"role": "system", "role": "user", "content": "one", "content": "two"}]}
                """#.utf8),
            response: Data(#"{"reasons": {"first": "stop", "first": "length"}}"#.utf8), status: 200)
        #expect(record.inputMessages.map(\.role) == ["user"])
        #expect(record.inputMessages.map(\.parts) == [["two"]])
        #expect(record.stopSequences == ["y", "z"])
        #expect(record.finishReasons == ["length"])
    }

    @Test("the request model comes from the body, else the URL template, else the row's model column, in chain order")
    func requestModelChain() throws {
        let normalizer = try Self.normalizer(Self.map(roles: """
            "gen_ai.request.model": {"body": "request", "paths": ["$.model"], "fallbacks": [
              {"body": "url", "templates": ["/v1beta/models/{model}:generateContent", "/model/{model}/invoke"]},
              {"body": "row", "paths": ["$.model"]}]}
            """))
        func model(_ request: String?, _ url: String?, _ logged: String?) -> String? {
            normalizer.normalize(request: request.map { Data($0.utf8) }, response: nil, status: nil, targetURL: url, loggedModel: logged).requestModel
        }
        #expect(model(#"{"model": "body-model"}"#, "https://h/v1beta/models/url-model:generateContent", "row") == "body-model")
        #expect(model(#"{"x": 1}"#, "https://h/v1beta/models/gemini-2.0-flash:generateContent?alt=sse", "row") == "gemini-2.0-flash")
        #expect(model(#"{"x": 1}"#, "https://gw/google/v1beta/models/g%40001:generateContent", nil) == "g@001")
        #expect(model(nil, "https://b/model/arn:aws:bedrock:us-east-1:1:inference-profile/us.meta.llama/invoke", nil)
            == "arn:aws:bedrock:us-east-1:1:inference-profile/us.meta.llama")
        #expect(model(#"{"x": 1}"#, "https://h/v1/chat/completions", "row-model") == "row-model")
        #expect(model(#"{"x": 1}"#, "https://h/v1beta/models/:generateContent", nil) == nil)
        let urlFirst = try Self.normalizer(Self.map(roles: """
            "gen_ai.request.model": {"body": "url", "templates": ["/m/{model}/run"], "fallbacks": [{"body": "request", "paths": ["$.model"]}]}
            """))
        #expect(urlFirst.normalize(request: Data(#"{"model": "b"}"#.utf8), response: nil, status: nil, targetURL: "/m/u/run").requestModel == "u")
        #expect(urlFirst.normalize(request: Data(#"{"model": "b"}"#.utf8), response: nil, status: nil, targetURL: "/other").requestModel == "b")
    }

    @Test("an unknown raw finish reason is dropped or kept as the map says")
    func unknownFinishReasons() throws {
        let roles = #""gen_ai.response.finish_reasons": {"body": "response", "paths": ["$.r[*]"]}"#
        let body = Data(#"{"r": ["END", "weird", "length"]}"#.utf8)
        let drop = try Self.normalizer(Self.map(roles: roles, extra: #""finish_reasons": {"end": "stop"},"#))
        #expect(drop.normalize(request: nil, response: body, status: 200).canonicalFinishReasons == ["stop", "length"])
        let keepJSON = Self.map(roles: roles, extra: #""finish_reasons": {"end": "stop"},"#).replacingOccurrences(of: "\"drop\"", with: "\"keep\"")
        let keep = try Self.normalizer(keepJSON)
        #expect(keep.normalize(request: nil, response: body, status: 200).canonicalFinishReasons == ["stop", "weird", "length"])
    }

    @Test("plain text is the output only when the map's plain_text says and the request asked for it")
    func plainTextByTheMap() throws {
        let roles = #""gateway.output.text": {"body": "response", "paths": ["$.text"]}"#
        let asked = Data(#"{"response_format": "SRT"}"#.utf8)
        let text = Data("1\n00:00 --> 00:01\nhello\n".utf8)
        let with = try Self.normalizer(Self.map(roles: roles, extra: #""plain_text": {"request": {"$.response_format": ["text", "srt"]}},"#))
        #expect(with.normalize(request: asked, response: text, status: 200).outputText == "1\n00:00 --> 00:01\nhello\n")
        #expect(with.normalize(request: Data(#"{"response_format": "json"}"#.utf8), response: text, status: 200).outputText == nil)
        let without = try Self.normalizer(Self.map(roles: roles))
        #expect(without.normalize(request: asked, response: text, status: 200).outputText == nil)
    }

    @Test("a multipart request is read only when the map says request_forms")
    func formsByTheMap() throws {
        let form = "--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--b--\r\n"
        let roles = #""gen_ai.request.model": {"body": "request", "paths": ["$.model"]}"#
        let with = try Self.normalizer(Self.map(roles: roles, extra: #""request_forms": true,"#))
        #expect(with.normalize(request: Data(form.utf8), response: nil, status: nil, requestContentType: "multipart/form-data; boundary=b").requestModel == "whisper-1")
        let without = try Self.normalizer(Self.map(roles: roles))
        let record = without.normalize(request: Data(form.utf8), response: nil, status: nil, requestContentType: "multipart/form-data; boundary=b")
        #expect(record.requestModel == nil)
        #expect(record.issues.contains { $0.kind == .unexpectedFormat("multipart") })
    }

    @Test("stream bindings assemble as they say: concat, first, last; the map's done marker ends nothing else")
    func assembly() throws {
        let normalizer = try Self.normalizer(Self.map(roles: """
            "gateway.stream.text_delta": {"body": "response_stream", "event": "*", "paths": ["$.d"], "assemble": "concat"},
            "gen_ai.response.id": {"body": "response", "paths": ["$.id"], "fallbacks": [
              {"body": "response_stream", "event": "*", "paths": ["$.id"], "assemble": "first"}]},
            "gen_ai.response.model": {"body": "response", "paths": ["$.model"], "fallbacks": [
              {"body": "response_stream", "event": "*", "paths": ["$.model"], "assemble": "last"}]}
            """, extra: #""stream": {"format": "sse", "done": "[END]"},"#))
        let body = "data: {\"d\": \"a\", \"id\": \"1\", \"model\": \"m1\"}\n\ndata: {\"d\": \"b\", \"id\": \"2\", \"model\": \"m2\"}\n\ndata: [END]\n\n"
        let record = normalizer.normalize(request: nil, response: Data(body.utf8), status: 200)
        #expect(record.outputText == "ab")
        #expect(record.responseID == "1")
        #expect(record.responseModel == "m2")
        #expect(record.issues.isEmpty)
    }

    @Test("error roles read on a success body report no wrongly typed value")
    func errorRolesQuietOnSuccess() throws {
        let normalizer = try Self.normalizer(Self.map(roles: """
            "gateway.output.text": {"body": "response", "paths": ["$.message.text"]},
            "gateway.error.message": {"body": "error", "paths": ["$.message"], "fallbacks": [{"body": "response", "paths": ["$.message"]}]}
            """))
        let success = normalizer.normalize(request: nil, response: Data(#"{"message": {"text": "hi"}}"#.utf8), status: 200)
        #expect(success.outputText == "hi")
        #expect(success.errorMessage == nil)
        #expect(success.issues.isEmpty)
        let proxied = normalizer.normalize(request: nil, response: Data(#"{"message": "quota"}"#.utf8), status: 200)
        #expect(proxied.errorMessage == "quota")
    }

    @Test("a chat output read as a string in one row and as typed parts in another: text from text parts, thinking to reasoning")
    func valuesThatChangeType() throws {
        let normalizer = try Fixtures.normalizer(for: "openai.chat_completions")
        let plain = normalizer.normalize(request: nil, response: Data(#"""
            {"id": "a", "object": "chat.completion", "model": "m", "choices": [{"index": 0, "finish_reason": "stop",
             "message": {"role": "assistant", "content": "plain answer"}}]}
            """#.utf8), status: 200)
        #expect(plain.outputText == "plain answer")
        #expect(plain.outputReasoning == nil)
        let parts = normalizer.normalize(request: nil, response: Data(#"""
            {"id": "b", "object": "chat.completion", "model": "m", "choices": [{"index": 0, "finish_reason": "stop",
             "message": {"role": "assistant", "content": [
               {"type": "thinking", "thinking": [{"type": "text", "text": "step one, "}, {"type": "text", "text": "step two"}]},
               {"type": "text", "text": "parted answer"}]}}]}
            """#.utf8), status: 200)
        #expect(parts.outputText == "parted answer")
        #expect(parts.outputReasoning == "step one, step two")
        #expect(!parts.issues.contains { $0.role == "gateway.output.text" })
        let stream = normalizer.normalize(request: nil, response: Data("""
            data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"think "}]}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":[{"type":"thinking","thinking":[{"type":"text","text":"more"}]}]},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"said"},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":[{"type":"text","text":" it"}]},"finish_reason":"stop"}]}

            data: [DONE]

            """.utf8), status: 200)
        #expect(stream.isStream)
        #expect(stream.outputReasoning == "think more")
        #expect(stream.outputText == "said it")
        #expect(stream.canonicalFinishReasons == ["stop"])
    }

    @Test("reasoning text where OpenAI-compatible hosts put it (reasoning_content, reasoning) and where Converse does, plain and streamed")
    func reasoningMembers() throws {
        let chat = try Fixtures.normalizer(for: "openai.chat_completions")
        for member in ["reasoning_content", "reasoning"] {
            let plain = chat.normalize(request: nil, response: Data(#"""
                {"id": "a", "object": "chat.completion", "model": "m", "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "four", "\#(member)": "count the Tuesdays"}}]}
                """#.utf8), status: 200)
            #expect(plain.outputText == "four" && plain.outputReasoning == "count the Tuesdays", "\(member)")
            let stream = chat.normalize(request: nil, response: Data("""
                data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","\(member)":"count "},"finish_reason":null}]}

                data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"\(member)":"them"},"finish_reason":null}]}

                data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"four"},"finish_reason":"stop"}]}

                data: [DONE]

                """.utf8), status: 200)
            #expect(stream.outputText == "four" && stream.outputReasoning == "count them", "\(member)")
        }
        let converse = try Fixtures.normalizer(for: "aws.bedrock_converse")
        let plain = converse.normalize(request: nil, response: Data(#"""
            {"output": {"message": {"role": "assistant", "content": [
              {"reasoningContent": {"reasoningText": {"text": "weigh the options", "signature": "c2ln"}}},
              {"text": "the second"}]}},
             "stopReason": "end_turn", "usage": {"inputTokens": 12, "outputTokens": 30, "totalTokens": 42}, "metrics": {"latencyMs": 900}}
            """#.utf8), status: 200)
        #expect(plain.outputText == "the second" && plain.outputReasoning == "weigh the options")
        func event(_ type: String, _ json: String) -> [UInt8] {
            EventStreamEncoder.frame(headers: EventStreamEncoder.eventHeaders(type), payload: Array(json.utf8))
        }
        let frames = event("messageStart", #"{"role":"assistant"}"#)
            + event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"weigh "}}}"#)
            + event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"them"}}}"#)
            + event("contentBlockDelta", #"{"contentBlockIndex":1,"delta":{"text":"the second"}}"#)
            + event("messageStop", #"{"stopReason":"end_turn"}"#)
        let streamed = converse.normalize(request: nil, response: Data(frames), status: 200, responseContentType: "application/vnd.amazon.eventstream")
        #expect(streamed.isStream && streamed.outputText == "the second" && streamed.outputReasoning == "weigh them")
    }

    @Test("a Responses answer's reasoning items are reasoning, never answer text: their reasoning_text parts, else their summary")
    func responsesReasoningItems() throws {
        let responses = try Fixtures.normalizer(for: "openai.responses")
        func answer(_ reasoning: String) -> Data {
            Data(#"""
                {"id": "resp_1", "object": "response", "status": "completed", "model": "m", "output": [
                  {"type": "reasoning", "id": "rs_1", \#(reasoning)},
                  {"type": "message", "id": "msg_1", "role": "assistant", "content": [{"type": "output_text", "text": "four", "annotations": []}]}],
                 "usage": {"input_tokens": 9, "output_tokens": 20, "total_tokens": 29}}
                """#.utf8)
        }
        let full = responses.normalize(request: nil, response: answer(#""content": [{"type": "reasoning_text", "text": "count them"}], "summary": []"#), status: 200)
        #expect(full.outputText == "four" && full.outputReasoning == "count them")
        let summary = responses.normalize(request: nil, response: answer(#""summary": [{"type": "summary_text", "text": "counted"}]"#), status: 200)
        #expect(summary.outputText == "four" && summary.outputReasoning == "counted")
        let stream = responses.normalize(request: nil, response: Data("""
            event: response.reasoning_text.delta
            data: {"type":"response.reasoning_text.delta","item_id":"rs_1","output_index":0,"content_index":0,"delta":"count "}

            event: response.reasoning_text.delta
            data: {"type":"response.reasoning_text.delta","item_id":"rs_1","output_index":0,"content_index":0,"delta":"them"}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","item_id":"msg_1","output_index":1,"content_index":0,"delta":"four"}

            """.utf8), status: 200)
        #expect(stream.outputText == "four" && stream.outputReasoning == "count them")
    }

    @Test("a transcription answered in Mistral's dialect (prompt and completion tokens, the model named) gives its counts and model")
    func transcriptionDialects() throws {
        let transcriptions = try Fixtures.normalizer(for: "openai.audio_transcriptions")
        let mistral = transcriptions.normalize(request: nil, response: Data(#"""
            {"model": "voxtral-mini-latest", "text": "the tide comes in at dawn", "language": "en", "segments": [],
             "usage": {"prompt_audio_seconds": 4, "prompt_tokens": 13, "completion_tokens": 151, "total_tokens": 164}}
            """#.utf8), status: 200)
        #expect(mistral.outputText == "the tide comes in at dawn" && mistral.responseModel == "voxtral-mini-latest")
        #expect(mistral.inputTokens == 13 && mistral.outputTokens == 151 && mistral.totalTokens == 164)
        let openAI = transcriptions.normalize(request: nil, response: Data(#"""
            {"text": "the tide", "usage": {"type": "tokens", "input_tokens": 20, "output_tokens": 3, "total_tokens": 23}}
            """#.utf8), status: 200)
        #expect(openAI.inputTokens == 20 && openAI.outputTokens == 3 && openAI.responseModel == nil)
    }

    /// A map as version 1 stored it: no version, stream values implicit.
    static let storedVersion1 = #"""
        {"schema_id": "anthropic.messages", "finish_reasons": {"end_turn": "stop"},
         "stream": {"format": "sse", "event_key": "type"},
         "roles": {
           "gen_ai.request.model": {"body": "request", "paths": ["$.model"]},
           "gen_ai.response.model": {"body": "response", "paths": ["$.model"]},
           "gateway.output.text": {"body": "response", "paths": ["$.content[*].text"]},
           "gen_ai.usage.input_tokens": {"body": "response", "paths": ["$.usage.input_tokens"], "tokens": "excludes_cached"},
           "gen_ai.usage.output_tokens": {"body": "response", "paths": ["$.usage.output_tokens"]},
           "gateway.usage.cache_read_tokens": {"body": "response", "paths": ["$.usage.cache_read_input_tokens"], "tokens": "separate"},
           "gateway.stream.text_delta": {"body": "response_stream", "event": "content_block_delta", "paths": ["$.delta.text"]},
           "gateway.stream.finish_reason": {"body": "response_stream", "event": "message_delta", "paths": ["$.delta.stop_reason"]},
           "gateway.stream.usage.input_tokens": {"body": "response_stream", "event": "message_start", "paths": ["$.message.usage.input_tokens"], "tokens": "excludes_cached"},
           "gateway.stream.usage.output_tokens": {"body": "response_stream", "event": "message_delta", "paths": ["$.usage.output_tokens"]}}}
        """#

    @Test("a stored version 1 map still applies: converted on reading, its stream cache tokens and model found as before, stored back as version 2")
    func version1MapsStillApply() throws {
        let map = try FieldMap.decode(from: Data(Self.storedVersion1.utf8))
        #expect(map.version == 2)
        #expect(map.stream?.done == "[DONE]")
        #expect(map[.requestModel]?.fallbacks?.last?.body == .row)
        #expect(map[.streamTextDelta]?.assemble == .concat)
        let stream = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":10,"cache_read_input_tokens":90,"output_tokens":1}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}

            """
        let record = Normalizer(fieldMap: map).normalize(
            request: Data(#"{"messages": []}"#.utf8), response: Data(stream.utf8), status: 200, loggedModel: "claude-logged")
        #expect(record.requestModel == "claude-logged")
        #expect(record.responseModel == "claude-x")
        #expect(record.outputText == "Hi")
        #expect(record.inputTokens == 100)
        #expect(record.cacheReadTokens == 90)
        #expect(record.outputTokens == 7)
        #expect(record.canonicalFinishReasons == ["stop"])
        let stored = try map.encodedJSONString()
        #expect(stored.contains(#""version":2"#))
        #expect(try FieldMap.decode(from: Data(stored.utf8)) == map)
    }

    @Test("recorded Magistral responses (typed content parts): text from text parts, thinking as reasoning, the tool call kept")
    func recordedMagistralPayloads() throws {
        let data = try Data(contentsOf: Repository.fixtures.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let exchanges = try #require(manifest["exchanges"] as? [[String: Any]])
        let recorded = exchanges.filter { ($0["name"] as? String)?.hasPrefix("openai.chat_completions/magistral") ?? false }
        #expect(recorded.count == 2)
        let normalizer = try Fixtures.normalizer(for: "openai.chat_completions")
        for exchange in recorded {
            let name = try #require(exchange["name"] as? String)
            let expect = try #require(exchange["expect"] as? [String: Any])
            let request = try Data(contentsOf: Repository.fixtures.appendingPathComponent(try #require(exchange["request"] as? String)))
            let response = try Data(contentsOf: Repository.fixtures.appendingPathComponent(try #require(exchange["response"] as? String)))
            let record = normalizer.normalize(request: request, response: response, status: 200)
            #expect(record.outputText == expect["output_text"] as? String, "\(name)")
            #expect(record.outputReasoning == expect["reasoning_text"] as? String, "\(name)")
            #expect(record.inputTokens == (expect["input_tokens"] as? NSNumber)?.int64Value, "\(name)")
            #expect(record.outputTokens == (expect["output_tokens"] as? NSNumber)?.int64Value, "\(name)")
            #expect(record.finishReasons == [try #require(expect["finish_reason"] as? String)], "\(name)")
            let calls = (expect["tool_calls"] as? [[String: String]]) ?? []
            #expect(record.toolCalls.map { [$0.id, $0.name, $0.arguments] } == calls.map { [$0["id"], $0["name"], $0["arguments"]] }, "\(name)")
            #expect(record.issues.isEmpty, "\(name): \(record.issues)")
        }
    }

    @Test("a version 1 map without a stream still recognises an error-shaped body under 400")
    func version1ErrorUnder400() throws {
        let map = try FieldMap.decode(from: Data(#"""
            {"schema_id": "x", "roles": {
              "gateway.output.text": {"body": "response", "paths": ["$.text"]},
              "gateway.error.message": {"body": "error", "paths": ["$.error.message"]}}}
            """#.utf8))
        #expect(map[.errorMessage]?.chain.map(\.body) == [.error, .response])
        let record = Normalizer(fieldMap: map).normalize(request: nil, response: Data(#"{"error": {"message": "over quota"}}"#.utf8), status: 200)
        #expect(record.errorMessage == "over quota")
        #expect(!record.issues.contains { $0.kind == .absent })
    }
}
