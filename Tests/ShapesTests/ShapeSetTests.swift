import Shapes
import Testing

@Suite("ShapeSet")
struct ShapeSetTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("routes requests, responses and errors to their own shapes")
    func routing() throws {
        var set = ShapeSet()
        set.add(request: bytes(#"{"model": "m", "messages": []}"#), response: bytes(#"{"id": "x", "choices": []}"#), status: 200)
        set.add(request: bytes(#"{"model": "m"}"#), response: bytes(#"{"error": {"message": "bad", "type": "invalid"}}"#), status: 400)
        set.add(request: nil, response: bytes(#"{"error": {"message": "overloaded"}}"#), status: 200)
        set.add(request: nil, response: bytes(#"{"type": "error", "error": {"type": "overloaded_error"}}"#), status: nil)
        set.add(request: nil, response: bytes(#"{"id": "y", "choices": [], "error": null}"#), status: 200)
        #expect(set.rows == 5)
        #expect(set.documents[.request] == 2)
        #expect(set.documents[.response] == 2)
        #expect(set.documents[.error] == 3)
        #expect(set[.response]?.node(.key("error"))?.types == [.null: 1])
        #expect(set[.error]?.node(.key("error"), .key("message"))?.count == 2)
    }

    @Test("a streamed response yields one shape per SSE event type")
    func sseStreams() throws {
        let stream = [
            "event: message_start", #"data: {"type":"message_start","message":{"id":"m"}}"#, "",
            ": ping", "",
            "event: content_block_delta", #"data: {"type":"content_block_delta","delta":{"text":"Hi"}}"#, "",
            "event: content_block_delta", #"data: {"type":"content_block_delta","delta":{"text":" there"}}"#, "",
            #"data: {"unnamed": true}"#, "",
            "data: [DONE]", "", "",
        ].joined(separator: "\r\n")
        var set = ShapeSet()
        set.add(request: nil, response: bytes(stream), status: 200)
        #expect(set.documents[.responseStream(event: "message_start")] == 1)
        #expect(set.documents[.responseStream(event: "content_block_delta")] == 2)
        #expect(set.documents[.responseStream(event: "message")] == 1)
        #expect(set[.response] == nil)
        #expect(set.skippedStreamParts == 2)
        #expect(set.bodyFormats == [.sse: 1])
    }

    @Test("alternating event names, named and unnamed, each reach their own shape", arguments: ["\n", "\r\n"])
    func alternatingEvents(newline: String) throws {
        let events: [String?] = ["a", "b", "a", nil, "message", nil, "b", "b", "a", "error", "a"]
        var lines: [String] = []
        for (index, event) in events.enumerated() {
            if let event { lines.append("event: \(event)") }
            lines.append(#"data: {"n":\#(index),"k\#(event ?? "none")":1}"#)
            lines.append("")
        }
        var set = ShapeSet()
        set.add(request: nil, response: bytes(lines.joined(separator: newline)), status: 200)
        #expect(set.documents[.responseStream(event: "a")] == 4)
        #expect(set.documents[.responseStream(event: "b")] == 3)
        #expect(set.documents[.responseStream(event: "message")] == 3)
        #expect(set.documents[.responseStream(event: "error")] == 1)
        #expect(set[.responseStream(event: "a")]?.node(.key("ka"))?.count == 4)
        #expect(set[.responseStream(event: "a")]?.node(.key("kb")) == nil)
        #expect(set[.responseStream(event: "message")]?.node(.key("knone"))?.count == 2)
        #expect(set[.responseStream(event: "message")]?.node(.key("kmessage"))?.count == 1)
        #expect(set[.responseStream(event: "b")]?.node(.key("n"))?.integerRange == 1...7)
    }

    @Test("NDJSON lines go to the message stream shape")
    func ndjson() {
        var set = ShapeSet()
        let body = "{\"message\":{\"content\":\"a\"},\"done\":false}\n{\"message\":{\"content\":\"\"},\"done\":true,\"eval_count\":3}\n"
        set.add(request: nil, response: bytes(body), status: 200)
        #expect(set.documents[.responseStream(event: "message")] == 2)
        #expect(set[.responseStream(event: "message")]?.node(.key("eval_count"))?.presence == 0.5)
    }

    @Test("a multipart request becomes an object shape of its fields, file fields binary")
    func multipart() throws {
        let body = [
            "--b0undary", "Content-Disposition: form-data; name=\"file\"; filename=\"talk.wav\"", "Content-Type: audio/wav", "",
            "RIFF\u{01}\u{02}binary", "--b0undary", "Content-Disposition: form-data; name=\"model\"", "", "whisper-1",
            "--b0undary--", "",
        ].joined(separator: "\r\n")
        var set = ShapeSet(watching: ["whisper-1"])
        set.add(request: bytes(body), response: bytes(#"{"text": "hello"}"#), status: 200, requestContentType: "multipart/form-data; boundary=b0undary")
        let request = try #require(set[.request])
        #expect(request.node(.key("file"))?.format == .binary)
        #expect(request.node(.key("model"))?.watchHits == ["whisper-1": 1])
        #expect(request.node()?.keys == ["file", "model"])
        #expect(set.documents[.response] == 1)
    }

    static func deepArray() -> [UInt8] {
        Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000)
    }

    @Test("counts every rejected body by its reason and keeps the shape intact", arguments: [
        (Array(#"{"id": "x", "choices": [{"#.utf8), "truncated"),
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D], "invalid_utf8"),
        (ShapeSetTests.deepArray(), "too_deep"),
        (Array(#"{"score": NaN}"#.utf8), "nan"),
        (Array(#"{"a": 1,}"#.utf8), "unexpected_character"),
        (Array(#"{"a": 1} {"a": 2} x"#.utf8), "trailing_garbage"),
        (Array(#"{"a": "\x"}"#.utf8), "invalid_escape"),
        ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0x09, 0x22, 0x7D], "control_character"),
        (Array(#"{"a": 012}"#.utf8), "invalid_number"),
        ([], "empty"),
        (Array("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8), "html"),
        ([0x00, 0x01, 0x02, 0xFF, 0xFE], "binary"),
    ])
    func rejections(body: [UInt8], reason: String) throws {
        var set = ShapeSet()
        set.add(request: nil, response: bytes(#"{"id": "ok"}"#), status: 200)
        let before = set[.response]?.jsonSchema()
        set.add(request: nil, response: body, status: 200)
        #expect(set.rejected == [reason: 1])
        #expect(set[.response]?.jsonSchema() == before)
        #expect(set.documents[.response] == 1)
    }

    @Test("a plain-text response under a success status is counted as a text answer, not a rejection; under an error status it is rejected as text")
    func plainTextResponses() {
        let text = bytes("upstream connect error or disconnect/reset before headers")
        var set = ShapeSet()
        set.add(request: nil, response: bytes(#"{"id": "ok"}"#), status: 200)
        let hash = set.structureHash
        set.add(request: nil, response: text, status: 200)
        set.add(request: nil, response: text, status: nil)
        #expect(set.textResponses == 2)
        #expect(set.rejected.isEmpty)
        #expect(set.documents[.response] == 1)
        #expect(set.structureHash != hash)
        set.add(request: nil, response: text, status: 502)
        #expect(set.textResponses == 2)
        #expect(set.rejected == ["text": 1])
        var merged = ShapeSet()
        merged.merge(set)
        #expect(merged.textResponses == 2)
    }

    @Test("a multipart body without fields is rejected as multipart")
    func badMultipart() {
        var set = ShapeSet()
        set.add(request: bytes("--x\r\nno headers here"), response: nil, status: 200, requestContentType: "multipart/form-data")
        #expect(set.rejected == ["multipart": 1])
    }

    @Test("accepts a valid 200 KB body and counts its bytes")
    func largeBody() throws {
        var body = #"{"model": "m", "messages": ["#
        var index = 0
        while body.utf8.count < 200_000 {
            body += (index == 0 ? "" : ",") + #"{"role": "user", "content": "message \#(index) with some ordinary text in it"}"#
            index += 1
        }
        body += "]}"
        var set = ShapeSet()
        set.add(request: bytes(body), response: nil, status: nil)
        #expect(set.rejected.isEmpty)
        #expect(set.bytesScanned == body.utf8.count)
        #expect(set[.request]?.node(.key("messages"))?.arrayLengths?.max == index)
    }

    @Test("a BOM is tolerated and counted")
    func bom() {
        var set = ShapeSet()
        set.add(request: [0xEF, 0xBB, 0xBF] + bytes(#"{"a": 1}"#), response: nil, status: nil)
        #expect(set.documents[.request] == 1)
        #expect(set.bomBodies == 1)
    }

    @Test("merging sets built in parallel equals one set built from all rows")
    func merge() {
        let rows: [(String, String, Int)] = [
            (#"{"model": "a"}"#, #"{"id": "1"}"#, 200), (#"{"model": "b", "n": 2}"#, #"{"error": "x"}"#, 500),
            (#"{"model": "a"}"#, "data: {\"d\": 1}\n\n", 200), (#"{"model": "c"}"#, "oops", 502),
        ]
        var whole = ShapeSet(watching: ["a"])
        var left = ShapeSet(watching: ["a"])
        var right = ShapeSet(watching: ["a"])
        for (offset, row) in rows.enumerated() {
            whole.add(request: bytes(row.0), response: bytes(row.1), status: row.2)
            if offset % 2 == 0 {
                left.add(request: bytes(row.0), response: bytes(row.1), status: row.2)
            } else {
                right.add(request: bytes(row.0), response: bytes(row.1), status: row.2)
            }
        }
        left.merge(right)
        #expect(left.rows == whole.rows)
        #expect(left.rejected == whole.rejected)
        #expect(left.kinds == whole.kinds)
        for kind in whole.kinds {
            #expect(left[kind]?.jsonSchema() == whole[kind]?.jsonSchema())
        }
        #expect(left.structureHash == whole.structureHash)
    }
}
