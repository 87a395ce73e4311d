@testable import Framing
import Testing

@Suite("BodyFramer")
struct BodyFramerTests {
    @Test("classifies bodies by their bytes", arguments: [
        (#"{"a": 1}"#, BodyFormat.json),
        ("[1, 2]\n", .json),
        ("\"just a string\"", .json),
        ("42", .json),
        ("{\n  \"a\": 1,\n  \"b\": {\"c\": 2}\n}\n", .json),
        ("[\n  {\"a\": 1},\n  {\"a\": 2}\n]", .json),
        ("{\"a\": 1}\n{\"a\": 2}\n", .ndjson),
        ("data: {\"a\": 1}\n\n", .sse),
        ("event: ping\ndata: {}\n\n", .sse),
        (": keep-alive\n\n", .sse),
        ("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", .html),
        ("  <html>oops</html>", .html),
        ("Hello, this is a transcription.", .text),
        ("404 page not found", .text),
        ("true story, told as text", .text),
        ("", .empty),
        (" \r\n\t", .empty),
    ])
    func classifies(body: String, format: BodyFormat) {
        #expect(frame(body).0.format == format)
    }

    @Test("bytes that are not text are binary")
    func binary() {
        #expect(frame([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0xFF]).0.format == .binary)
        #expect(frame([0xFF, 0xFE, 0x41, 0x00]).0.format == .binary)
    }

    @Test("JSON that contains the text data: inside a string is plain JSON, not SSE")
    func dataInsideString() {
        let (framing, documents) = frame(#"{"text": "data: {\"x\": 1}\n\ndata: [DONE]"}"#)
        #expect(framing.format == .json)
        #expect(documents.count == 1)
    }

    @Test("pretty-printed JSON is one document, not NDJSON")
    func prettyJSON() {
        let body = "{\n  \"id\": \"x\",\n  \"choices\": [\n    {\"index\": 0}\n  ]\n}\n"
        let (framing, documents) = frame(body)
        #expect(framing.format == .json)
        #expect(documents.map(\.text) == [body])
    }

    @Test("NDJSON yields one document per line and skips blank lines, with LF or CRLF")
    func ndjson() {
        let (framing, documents) = frame("{\"a\":1}\r\n\r\n{\"a\":2}\n  \n{\"a\": [3, \"}\"]}\n")
        #expect(framing.format == .ndjson)
        #expect(documents.map(\.text) == [#"{"a":1}"#, #"{"a":2}"#, #"{"a": [3, "}"]}"#])
        #expect(documents.allSatisfy { $0.event == nil })
        #expect(framing.documents == 3)
        #expect(framing.skippedEmpty == 2)
    }

    @Test("a leading BOM is skipped and reported")
    func bom() {
        let (framing, documents) = frame([0xEF, 0xBB, 0xBF] + Array("data: {\"a\":1}\n\n".utf8))
        #expect(framing.format == .sse)
        #expect(framing.bomSkipped)
        #expect(documents.map(\.text) == [#"{"a":1}"#])
    }

    @Test("text, HTML, empty and binary bodies yield no documents", arguments: ["plain words", "<p>x</p>", ""])
    func notScanned(body: String) {
        let (framing, documents) = frame(body)
        #expect(documents.isEmpty)
        #expect(framing.documents == 0)
    }

    @Test("the content type does not override bytes that are plainly JSON")
    func contentTypeIsAHint() {
        #expect(frame(#"{"error": {"message": "x"}}"#, contentType: "text/event-stream").0.format == .json)
    }
}

extension BodyFramerTests {
    @Test("a content type names multipart/ exactly when its lowercased text contains it", arguments: [
        "multipart/form-data; boundary=x", "MULTIPART/FORM-DATA", "Multipart/Mixed", "application/json", "text/event-stream",
        "multipart", "multipart form", "x-multipart/y", "multipar/", "mult ipart/", "", "multipart/",
        "multipart/\u{301}", "\u{301}multipart/", "multİpart/", "mult\u{0130}part/", "ｍultipart/", "multipart/é", "émultipart/",
        "multipart\\", "multipart/\r\n", "\r\nmultipart/",
    ])
    func mentionsMultipart(contentType: String) {
        #expect(BodyFramer.mentionsMultipart(contentType) == contentType.lowercased().contains("multipart/"))
    }

    @Test("each document says where it sits in the body; joined SSE data lines sit nowhere", arguments: [
        ("\u{FEFF}{\"a\":1}\n{\"b\":2}\n", BodyFormat.ndjson),
        ("data: {\"a\":1}\r\n\r\nevent: x\ndata:{\"b\":2}\n\ndata: [1,\ndata: 2]\n\n", BodyFormat.sse),
        (" {\"a\": 1} ", BodyFormat.json),
    ])
    func offsets(text: String, format: BodyFormat) {
        let body = Array(text.utf8)
        var seen: [Int?] = []
        body.withUnsafeBytes { buffer in
            #expect(BodyFramer.format(of: buffer) == format)
            _ = BodyFramer.frame(buffer, as: format) { document in
                seen.append(document.offset)
                if let offset = document.offset {
                    #expect(Array(body[offset..<offset + document.bytes.count]) == Array(document.bytes))
                }
            }
        }
        let expected: [Int?] = format == .sse ? [6, 31, nil] : format == .ndjson ? [3, 11] : [0]
        #expect(seen == expected)
    }
}
