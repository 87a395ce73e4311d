import Testing
@testable import Framing

@Suite("BodyFramer SSE")
struct BodyFramerSSETests {
    @Test("splits events on blank lines with any line ending", arguments: ["\n", "\r\n", "\r"])
    func lineEndings(newline: String) {
        let body = ["data: {\"n\":1}", "", "data:{\"n\":2}", "", "data: [DONE]", "", ""].joined(separator: newline)
        let (framing, documents) = frame(body)
        #expect(framing.format == .sse)
        #expect(documents.map(\.text) == [#"{"n":1}"#, #"{"n":2}"#])
        #expect(framing.skippedDone == 1)
    }

    @Test("keeps event names and resets them after each event")
    func namedEvents() {
        let body = """
            event: message_start
            data: {"type":"message_start"}

            event: content_block_delta
            data: {"type":"content_block_delta"}

            data: {"type":"unnamed"}


            """
        let (_, documents) = frame(body)
        #expect(documents == [
            Framed(event: "message_start", text: #"{"type":"message_start"}"#),
            Framed(event: "content_block_delta", text: #"{"type":"content_block_delta"}"#),
            Framed(event: nil, text: #"{"type":"unnamed"}"#),
        ])
    }

    @Test("joins multi-line data with a newline")
    func multiLineData() {
        let (framing, documents) = frame("data: {\"a\":\r\ndata: 1}\r\n\r\ndata: {\"b\":2}\r\n\r\n")
        #expect(documents.map(\.text) == ["{\"a\":\n1}", #"{"b":2}"#])
        #expect(framing.documents == 2)
    }

    @Test("skips comments and [DONE], ignores id and retry")
    func commentsAndFields() {
        let body = ": ping\n\nid: 7\nretry: 1000\ndata: {\"x\":1}\n\n: another\ndata: [DONE]\n\n"
        let (framing, documents) = frame(body)
        #expect(documents.map(\.text) == [#"{"x":1}"#])
        #expect(framing.skippedComments == 2)
        #expect(framing.skippedDone == 1)
        #expect(framing.ignoredFields == 2)
    }

    @Test("dispatches the last event even without a final blank line")
    func lastEventWithoutBlankLine() {
        let (_, documents) = frame("data: {\"a\":1}\n\ndata: {\"a\":2}")
        #expect(documents.count == 2)
    }

    @Test("events without data or with empty data are skipped and counted")
    func emptyEvents() {
        let (framing, documents) = frame("event: ping\n\ndata:\n\ndata: {}\n\n")
        #expect(documents.map(\.text) == ["{}"])
        #expect(framing.skippedEmpty == 1)
    }

    @Test("frames random streams exactly like the line-by-line reference", arguments: 0..<8)
    func matchesReference(seed: Int) {
        let pieces = [
            "data: {\"a\":1}", "data:{\"b\":[1,2]}", "data: [DONE]", "data:", "data: ", "data:  [DONE] ", "event: message_delta",
            "event:ping", "event: " + String(repeating: "x", count: 70), "event: bad name", "event:", "event: é", ": comment", ":",
            "id: 5", "retry: 100", "datax: 1", "dat", "data", "{\"x\":1}", "  data: 1", "é", "data:\t{}",
        ]
        for body in randomStreams(seed: seed, pieces: pieces, upTo: 14) {
            var framed: [Framed] = []
            var framing = BodyFraming(format: .sse)
            body.withUnsafeBytes { buffer in
                BodyFramer.frameSSE(buffer, into: &framing, visit: { document in
                    #expect(document.index == framed.count)
                    framed.append(Framed(event: document.event, text: String(decoding: document.bytes, as: UTF8.self)))
                })
            }
            let reference = Self.referenceSSE(body)
            let text = String(decoding: body, as: UTF8.self).debugDescription
            #expect(framed == reference.framed, "\(text)")
            #expect(framing.documents == reference.framed.count)
            #expect(
                [framing.skippedDone, framing.skippedComments, framing.skippedEmpty, framing.ignoredFields]
                    == [reference.skippedDone, reference.skippedComments, reference.skippedEmpty, reference.ignoredFields], "\(text)")
        }
    }

    @Test("frames every prefix of a stream like the reference (blank lines taken without a search)", arguments: ["\n", "\r\n", "\r", "mixed"])
    func everyPrefix(newline: String) {
        let lines = [
            "event: message_start", "data: {\"type\":\"message_start\"}", "", "", ": keep-alive", "",
            "data: {\"a\":1}", "data: {\"b\":2}", "", "id: 7", "data: [DONE]", "", "event: ping", "data:{}", "",
        ]
        var body: [UInt8] = []
        for (index, line) in lines.enumerated() {
            body += Array(line.utf8)
            body += Array((newline == "mixed" ? ["\n", "\r\n", "\r"][index % 3] : newline).utf8)
        }
        for cut in 0...body.count {
            let prefix = Array(body[..<cut])
            var framed: [Framed] = []
            var framing = BodyFraming(format: .sse)
            prefix.withUnsafeBytes { buffer in
                BodyFramer.frameSSE(buffer, into: &framing, visit: { document in
                    framed.append(Framed(event: document.event, text: String(decoding: document.bytes, as: UTF8.self)))
                })
            }
            let reference = Self.referenceSSE(prefix)
            #expect(framed == reference.framed, "cut at \(cut)")
            #expect(
                [framing.skippedDone, framing.skippedComments, framing.skippedEmpty, framing.ignoredFields]
                    == [reference.skippedDone, reference.skippedComments, reference.skippedEmpty, reference.ignoredFields], "cut at \(cut)")
        }
    }

    /// The event-stream algorithm in its plainest form: split the lines, then read each.
    static func referenceSSE(_ body: [UInt8]) -> (framed: [Framed], skippedDone: Int, skippedComments: Int, skippedEmpty: Int, ignoredFields: Int) {
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var index = 0
        var ended = true
        while index < body.count {
            let byte = body[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(line)
                line = []
                index += byte == 0x0D && index + 1 < body.count && body[index + 1] == 0x0A ? 2 : 1
                ended = true
            } else {
                line.append(byte)
                index += 1
                ended = false
            }
        }
        if !ended { lines.append(line) }
        var framed: [Framed] = []
        var skippedDone = 0, skippedComments = 0, skippedEmpty = 0, ignoredFields = 0
        var data: [[UInt8]] = []
        var event: String?
        func dispatch() {
            defer {
                data = []
                event = nil
            }
            guard !data.isEmpty else { return }
            var joined: [UInt8] = []
            for (position, part) in data.enumerated() {
                if position > 0 { joined.append(0x0A) }
                joined += part
            }
            let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            let trimmed = Array(joined.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
            if trimmed.isEmpty {
                skippedEmpty += 1
            } else if trimmed == Array("[DONE]".utf8) {
                skippedDone += 1
            } else {
                framed.append(Framed(event: event, text: String(decoding: joined, as: UTF8.self)))
            }
        }
        for line in lines {
            if line.isEmpty {
                dispatch()
                continue
            }
            if line[0] == UInt8(ascii: ":") {
                skippedComments += 1
                continue
            }
            let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
            let name = Array(line[..<colon])
            var value = colon < line.count ? Array(line[(colon + 1)...]) : []
            if value.first == 0x20 { value.removeFirst() }
            if name == Array("data".utf8) {
                data.append(value)
            } else if name == Array("event".utf8) {
                if value.count <= 64, value.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                    event = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
                } else {
                    event = nil
                    ignoredFields += 1
                }
            } else {
                ignoredFields += 1
            }
        }
        dispatch()
        return (framed, skippedDone, skippedComments, skippedEmpty, ignoredFields)
    }
}
