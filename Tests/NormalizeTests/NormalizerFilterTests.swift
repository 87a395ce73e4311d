import Catalog
import Foundation
import Normalize
import Testing

/// Filter selectors (`[?…]`, FIELD_MAP.md 4.2) as the normalizer applies them while it scans.
@Suite struct NormalizerFilterTests {
    static func path(_ text: String) -> JSONPath { try! JSONPath(text) }

    /// Gemini's split of answer and thought parts.
    static let geminiLike = FieldMap(schemaID: "t", roles: [
        "gateway.output.text": RoleBinding(body: .response, paths: [path("$.candidates[*].content.parts[?@.thought != true].text")]),
        "gateway.output.reasoning": RoleBinding(body: .response, paths: [path("$.candidates[*].content.parts[?@.thought == true].text")]),
        "gen_ai.output.messages": RoleBinding(
            body: .response, paths: [path("$.candidates[*].content")],
            item: ["role": [path("$.role")], "text": [path("$.parts[?@.thought != true].text")]]),
    ])

    static func normalize(_ map: FieldMap, _ response: String) -> NormalizedRecord {
        Normalizer(fieldMap: map).normalize(request: nil, response: response)
    }

    @Test("thought parts go to reasoning and the rest to the answer, whichever member comes first")
    func thoughtPartsSplit() {
        let record = Self.normalize(Self.geminiLike, """
            {"candidates": [{"content": {"role": "model", "parts": [
              {"text": "think A. ", "thought": true},
              {"thought": true, "text": "think B."},
              {"text": "Answer "},
              {"text": "one", "thought": false},
              {"text": "!", "thought": null}
            ]}}]}
            """)
        #expect(record.outputText == "Answer one!")
        #expect(record.outputReasoning == "think A. think B.")
        #expect(record.outputMessages == [NormalizedMessage(role: "model", parts: ["Answer ", "one", "!"])])
    }

    @Test("an answer made only of thought parts has no output text, and its messages no parts")
    func onlyThoughts() {
        let record = Self.normalize(Self.geminiLike, #"{"candidates": [{"content": {"role": "model", "parts": [{"text": "hm", "thought": true}]}}]}"#)
        #expect(record.outputText == nil)
        #expect(record.outputReasoning == "hm")
        #expect(record.outputMessages.allSatisfy { $0.parts.isEmpty })
    }

    @Test("the last duplicate member decides the test, and a nested container is not equal to a literal")
    func duplicatesAndContainers() {
        let record = Self.normalize(Self.geminiLike, """
            {"candidates": [{"content": {"parts": [
              {"text": "a", "thought": true, "thought": false},
              {"text": "b", "thought": false, "thought": true},
              {"text": "c", "thought": {"deep": true}}
            ]}}]}
            """)
        #expect(record.outputText == "ac")
        #expect(record.outputReasoning == "b")
    }

    @Test("a filter on a string member, on existence and on non-existence")
    func stringAndExistence() {
        let map = FieldMap(schemaID: "t", roles: [
            "gateway.output.text": RoleBinding(body: .response, paths: [Self.path("$.content[?@.type == 'text'].text")]),
            "gateway.output.reasoning": RoleBinding(body: .response, paths: [Self.path("$.content[?@.signature].text")]),
            "gen_ai.response.finish_reasons": RoleBinding(body: .response, paths: [Self.path("$.content[?!@.text].kind")]),
        ])
        let record = Self.normalize(map, """
            {"content": [
              {"type": "thinking", "text": "x", "signature": null},
              {"type": "text", "text": "yes"},
              {"kind": "image"},
              "bare",
              {"type": "text", "text": "!", "signature": "s"}
            ]}
            """)
        #expect(record.outputText == "yes!")
        #expect(record.outputReasoning == "x!")
        #expect(record.finishReasons == ["image"])
    }

    @Test("filters read the member values of an object, and scalar elements compared through @")
    func objectMembersAndScalars() {
        let map = FieldMap(schemaID: "t", roles: [
            "gateway.output.text": RoleBinding(body: .response, paths: [Self.path("$.byName[?@.keep == 1].t")]),
            "gen_ai.response.finish_reasons": RoleBinding(body: .response, paths: [Self.path("$.words[?@ != 'skip']")]),
        ])
        let record = Self.normalize(map, """
            {"byName": {"a": {"t": "1", "keep": 1.0}, "b": {"t": "2", "keep": "1"}, "c": {"t": "3", "keep": 1}},
             "words": ["go", "skip", "on"]}
            """)
        #expect(record.outputText == "13")
        #expect(record.finishReasons == ["go", "on"])
    }

    @Test("nested filters each judge their own elements")
    func nestedFilters() {
        let map = FieldMap(schemaID: "t", roles: [
            "gateway.output.text": RoleBinding(body: .response, paths: [Self.path("$.c[?@.ok == true].parts[?!@.thought].text")]),
        ])
        let record = Self.normalize(map, """
            {"c": [
              {"parts": [{"text": "A"}, {"text": "-", "thought": true}], "ok": true},
              {"ok": false, "parts": [{"text": "B"}]},
              {"parts": [{"text": "C"}], "ok": true}
            ]}
            """)
        #expect(record.outputText == "AC")
    }

    @Test("stream events are filtered one by one: thought deltas to reasoning, the rest to the text")
    func streamDeltas() {
        let map = FieldMap(schemaID: "t", roles: [
            "gateway.stream.text_delta": RoleBinding(
                body: .responseStream, event: "message", paths: [Self.path("$.parts[?@.thought != true].text")], assemble: .concat),
            "gateway.stream.reasoning_delta": RoleBinding(
                body: .responseStream, event: "message", paths: [Self.path("$.parts[?@.thought == true].text")], assemble: .concat),
        ], stream: StreamFraming(format: .sse))
        let body = """
            data: {"parts": [{"text": "hmm ", "thought": true}]}

            data: {"parts": [{"text": "Hi"}, {"thought": true, "text": "ok"}]}

            data: {"parts": [{"text": " there"}]}


            """
        let record = Normalizer(fieldMap: map).normalize(
            request: nil, response: Array(body.utf8), status: 200, responseContentType: "text/event-stream")
        #expect(record.outputText == "Hi there")
        #expect(record.outputReasoning == "hmm ok")
    }
}
