import Samples
import Testing

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
}
