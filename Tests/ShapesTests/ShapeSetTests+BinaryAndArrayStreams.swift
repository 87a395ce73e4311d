import Foundation
import Framing
@testable import Shapes
import Testing

/// AWS event stream and JSON array bodies in the structure inference: their events are stream
/// events, routed like SSE events, their framing failures counted by reason.
@Suite("ShapeSet binary and array streams")
struct ShapeSetBinaryAndArrayStreamTests {
    static func event(_ name: String, _ json: String) -> [UInt8] {
        EventStreamEncoder.frame(headers: EventStreamEncoder.eventHeaders(name), payload: Array(json.utf8))
    }

    static func chunk(_ json: String) -> [UInt8] {
        event("chunk", #"{"bytes":""# + Data(json.utf8).base64EncodedString() + #""}"#)
    }

    static func events(_ set: ShapeSet) -> [String: Int] {
        var documents: [String: Int] = [:]
        for kind in set.kinds {
            if case .responseStream(let event) = kind { documents[event] = set[kind]?.documentCount }
        }
        return documents
    }

    @Test("event stream frames are stream events by :event-type; decoded chunks are unnamed (message)")
    func eventStreamRouting() {
        var set = ShapeSet()
        let body = Self.event("messageStart", #"{"role":"assistant"}"#) + Self.event("metadata", #"{"usage":{"inputTokens":3}}"#)
            + Self.chunk(#"{"type":"message_stop"}"#)
        set.add(request: Array("{}".utf8), response: body, status: 200)
        #expect(Self.events(set) == ["messageStart": 1, "metadata": 1, "message": 1])
        #expect(set.bodyFormats[.awsEventStream] == 1)
        #expect(set[.responseStream(event: "metadata")]?.documentCount == 1)
        #expect(set.rejected.isEmpty)
    }

    @Test("an exception frame is an error document")
    func exceptionFrames() {
        var set = ShapeSet()
        let exception = EventStreamEncoder.frame(headers: EventStreamEncoder.exceptionHeaders("validationException"),
                                                 payload: Array(#"{"message":"bad input"}"#.utf8))
        set.add(request: nil, response: Self.event("messageStart", #"{"role":"assistant"}"#) + exception, status: 200)
        #expect(set[.error]?.documentCount == 1)
        #expect(Self.events(set) == ["messageStart": 1])
    }

    @Test("framing failures are rejections counted by the framer's reason")
    func frameRejections() {
        var set = ShapeSet()
        var broken = Self.event("messageStart", #"{"role":"assistant"}"#) + Self.event("metadata", "{}")
        broken[broken.count - 1] ^= 0xFF
        set.add(request: nil, response: broken, status: 200)
        set.add(request: nil, response: Array(Self.event("metadata", "{}").dropLast(3)), status: 200)
        set.add(request: nil, response: Self.event("chunk", #"{"bytes":"@@@@"}"#), status: 200)
        #expect(set.rejected == ["bad_message_crc": 1, "truncated": 1, "bad_base64": 1])
        #expect(Self.events(set) == ["messageStart": 1])
    }

    @Test("with arrayStreams a top-level array response is a stream of its elements; without, one response")
    func arrayStreams() {
        let body = Array("[{\"candidates\":[]},\r\n{\"candidates\":[],\"usageMetadata\":{}}]".utf8)
        var streams = ShapeSet(arrayStreams: true)
        streams.add(request: nil, response: body, status: 200)
        #expect(Self.events(streams) == ["message": 2])
        #expect(streams[.response] == nil)
        #expect(streams.bodyFormats == [.jsonArray: 1])

        var plain = ShapeSet()
        plain.add(request: nil, response: body, status: 200)
        #expect(Self.events(plain).isEmpty)
        #expect(plain[.response]?.documentCount == 1)
    }

    @Test("arrayStreams leaves objects, requests and error statuses alone")
    func arrayStreamsOnlyForSuccessfulArrays() {
        var set = ShapeSet(arrayStreams: true)
        set.add(request: Array("[1,2]".utf8), response: Array("{\"candidates\":[]}".utf8), status: 200)
        set.add(request: nil, response: Array("[{\"error\":{\"code\":429}}]".utf8), status: 429)
        #expect(set[.request]?.documentCount == 1)
        #expect(set[.response]?.documentCount == 1)
        #expect(set[.error]?.documentCount == 1)
        #expect(Self.events(set).isEmpty)
    }
}
