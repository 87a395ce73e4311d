import Foundation
import Testing
import TestSupport
@testable import Framing

@Suite("EventStreamFramer")
struct EventStreamFramerTests {
    /// One framed document of an event stream, copied out of the callback.
    struct Event: Equatable {
        var name: String?
        var text: String
        var isError = false
        var decodedChunk = false
    }

    static func events(_ bytes: [UInt8]) -> (BodyFraming, [Event]) {
        var events: [Event] = []
        let framing = bytes.withUnsafeBytes { body in
            BodyFramer.frame(body, as: .awsEventStream) { document in
                events.append(Event(name: document.event, text: String(decoding: document.bytes, as: UTF8.self),
                                    isError: document.isError, decodedChunk: document.offset == nil))
            }
        }
        return (framing, events)
    }

    static func event(_ name: String, _ json: String) -> [UInt8] {
        EventStreamEncoder.frame(headers: EventStreamEncoder.eventHeaders(name), payload: Array(json.utf8))
    }

    static func chunk(_ json: String) -> [UInt8] {
        let bytes = Data(json.utf8).base64EncodedString()
        return event("chunk", #"{"bytes":""# + bytes + #"","p":"abcdefgh"}"#)
    }

    /// A frame with `headers` written as given (possibly malformed), lengths and CRCs valid.
    static func rawFrame(headers: [UInt8], payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        func append(_ value: UInt32) { out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        append(UInt32(16 + headers.count + payload.count))
        append(UInt32(headers.count))
        append(CRC32.checksum(out))
        out += headers + payload
        append(CRC32.checksum(out))
        return out
    }

    static let converse = event("messageStart", #"{"role":"assistant"}"#)
        + event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":"Hi"}}"#)
        + event("metadata", #"{"usage":{"inputTokens":3,"outputTokens":1}}"#)

    @Test("frames are recognised by their prelude and named by :event-type, without a content type")
    func namedEvents() {
        let format = Self.converse.withUnsafeBytes { BodyFramer.format(of: $0) }
        #expect(format == .awsEventStream)
        let (framing, events) = Self.events(Self.converse)
        #expect(events.map(\.name) == ["messageStart", "contentBlockDelta", "metadata"])
        #expect(events[1].text == #"{"contentBlockIndex":0,"delta":{"text":"Hi"}}"#)
        #expect(framing.documents == 3 && framing.rejected.isEmpty)
    }

    @Test("a chunk's base64 bytes decode to the model's own JSON event, passed on unnamed")
    func chunkDecoding() {
        let inner = #"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":7}}"#
        let (framing, events) = Self.events(Self.chunk(inner))
        #expect(events == [Event(name: nil, text: inner, decodedChunk: true)])
        #expect(framing.rejected.isEmpty)
    }

    @Test("a chunk whose bytes escape a slash in JSON still decodes")
    func chunkWithEscapedSlash() {
        let inner = #"{"t":"???"}"#  // base64 eyJ0IjoiPz8/In0=
        let encoded = Data(inner.utf8).base64EncodedString().replacingOccurrences(of: "/", with: #"\/"#)
        #expect(encoded.contains(#"\/"#))
        let (_, events) = Self.events(Self.event("chunk", #"{"bytes":""# + encoded + #""}"#))
        #expect(events.map(\.text) == [inner])
    }

    @Test("exception frames are error documents named by :exception-type")
    func exceptions() {
        let frame = EventStreamEncoder.frame(headers: EventStreamEncoder.exceptionHeaders("throttlingException"),
                                             payload: Array(#"{"message":"Too many requests"}"#.utf8))
        let (_, events) = Self.events(Self.converse + frame)
        #expect(events.last == Event(name: "throttlingException", text: #"{"message":"Too many requests"}"#, isError: true))
    }

    @Test("the recorded Bedrock streams frame whole, every CRC valid", arguments: [
        ("aws.bedrock_converse/eventstream", 33), ("anthropic.messages/bedrock_invoke_stream", 28), ("aws.bedrock_invoke_titan/stream", 3),
    ])
    func recordedStreams(name: String, frames: Int) throws {
        let bytes = try [UInt8](Data(contentsOf: Repository.fixtures.appendingPathComponent(name + ".response.eventstream")))
        let (framing, events) = Self.events(bytes)
        #expect(framing.format == .awsEventStream && bytes.withUnsafeBytes { BodyFramer.format(of: $0) } == .awsEventStream)
        #expect(framing.rejected.isEmpty)
        #expect(events.count == frames)
        #expect(events.allSatisfy { $0.text.hasPrefix("{") && $0.text.hasSuffix("}") })
    }

    @Test("a bad prelude CRC stops the framing there, counted")
    func badPreludeCRC() {
        var bytes = Self.converse
        let second = Self.event("messageStart", #"{"role":"assistant"}"#).count
        bytes[second + 9] ^= 0x01
        let (framing, events) = Self.events(bytes)
        #expect(events.count == 1)
        #expect(framing.rejected == [.badPreludeCRC: 1])
    }

    @Test("a bad message CRC skips that frame only, counted")
    func badMessageCRC() {
        var bytes = Self.converse
        let first = Self.event("messageStart", #"{"role":"assistant"}"#).count
        bytes[first + 30] ^= 0x20  // inside the second frame's headers
        let (framing, events) = Self.events(bytes)
        #expect(events.map(\.name) == ["messageStart", "metadata"])
        #expect(framing.rejected == [.badMessageCRC: 1])
    }

    @Test("a body ending inside a frame is truncated, the whole frames before it kept")
    func truncated() {
        let bytes = Array(Self.converse.dropLast(5))
        let (framing, events) = Self.events(bytes)
        #expect(events.count == 2)
        #expect(framing.rejected == [.truncated: 1])
    }

    @Test("lengths that cannot hold together are bad_frame_length, with a valid prelude CRC",
          arguments: [(UInt32(8), UInt32(0)), (UInt32(40), UInt32(30)), (UInt32(0x7FFF_FFFF), UInt32(0))])
    func impossibleLengths(total: UInt32, headers: UInt32) {
        var prelude: [UInt8] = []
        for value in [total, headers] { prelude += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        let crc = CRC32.checksum(prelude)
        prelude += [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
        let (framing, events) = Self.events(prelude + [UInt8](repeating: 0, count: 40))
        #expect(events.isEmpty)
        #expect(framing.rejected == [.badFrameLength: 1])
    }

    @Test("headers that run past their end or have an unknown type are bad_frame_header; the next frame is read",
          arguments: [[UInt8(11)] + Array(":event-type".utf8) + [7, 0, 200] + Array("x".utf8), [3] + Array(":ab".utf8) + [42]])
    func badHeaders(headers: [UInt8]) {
        let bytes = Self.rawFrame(headers: headers, payload: Array("{}".utf8)) + Self.event("metadata", "{}")
        let (framing, events) = Self.events(bytes)
        #expect(events.map(\.name) == ["metadata"])
        #expect(framing.rejected == [.badFrameHeader: 1])
    }

    @Test("every header value type is skipped by its length")
    func headerValueTypes() {
        var headers: [UInt8] = []
        for (type, value) in [(UInt8(0), [UInt8]()), (1, []), (2, [1]), (3, [0, 1]), (4, [0, 0, 0, 1]), (5, [UInt8](repeating: 0, count: 8)),
                              (8, [UInt8](repeating: 0, count: 8)), (9, [UInt8](repeating: 0, count: 16)), (6, [0, 2, 0xFF, 0xFE])] {
            headers += [2, UInt8(ascii: "h"), UInt8(ascii: "0") + type, type] + value
        }
        headers += [11] + Array(":event-type".utf8) + [7, 0, 4] + Array("ping".utf8)
        let (framing, events) = Self.events(Self.rawFrame(headers: headers, payload: Array("{}".utf8)))
        #expect(events.map(\.name) == ["ping"])
        #expect(framing.rejected.isEmpty)
    }

    @Test("an :event-type SSE would not keep as a name (too long, not printable ASCII) leaves the event unnamed",
          arguments: [String(repeating: "x", count: 65), "bad name", "caf\u{E9}"])
    func unkeptNames(name: String) {
        let (_, events) = Self.events(Self.event(name, "{}") + Self.event("metadata", "{}"))
        #expect(events.map(\.name) == [nil, "metadata"])
    }

    @Test("a chunk whose bytes are not base64 is bad_base64")
    func badBase64() {
        let (framing, events) = Self.events(Self.event("chunk", #"{"bytes":"not*base64!"}"#))
        #expect(events.isEmpty)
        #expect(framing.rejected == [.badBase64: 1])
    }

    @Test("truncations, bit flips and huge lengths never trap, and every loss is counted")
    func fuzz() {
        let frames = [
            Self.event("messageStart", #"{"role":"assistant"}"#), Self.event("contentBlockDelta", #"{"delta":{"text":"Hi"}}"#),
            Self.chunk(#"{"type":"content_block_delta","delta":{"text":"Hi"}}"#),
        ]
        let body = frames.flatMap { $0 }
        let whole = frames.count
        var boundaries: Set<Int> = [0]
        for frame in frames { boundaries.insert(boundaries.max()! + frame.count) }
        for length in 0..<body.count {
            let (framing, events) = Self.events(Array(body.prefix(length)))
            #expect(events.count < whole)
            // A cut between frames is a shorter stream; anywhere else it is counted as truncated.
            #expect(framing.rejected == (boundaries.contains(length) ? [:] : [.truncated: 1]), "cut at \(length)")
        }
        for bit in 0..<(body.count * 8) where bit % 3 == 0 {
            var flipped = body
            flipped[bit / 8] ^= UInt8(1 << (bit % 8))
            let (framing, events) = Self.events(flipped)
            #expect(events.count < whole, "bit \(bit)")
            #expect(!framing.rejected.isEmpty, "bit \(bit)")
        }
        var huge = body
        huge.replaceSubrange(0..<4, with: [0xFF, 0xFF, 0xFF, 0xF0])
        #expect(Self.events(huge).0.rejected[.badPreludeCRC] == 1)
    }

    @Test("binary bodies that are not event streams stay binary", arguments: [
        [0x00, 0x00, 0x00, 0x20] + Array("ftypisom".utf8) + [UInt8](repeating: 0, count: 24),
        [0x89] + Array("PNG\r\n".utf8) + [0x1A, 0x0A] + [UInt8](repeating: 0, count: 20),
        [UInt8](repeating: 0, count: 64),
    ])
    func otherBinary(bytes: [UInt8]) {
        #expect(bytes.withUnsafeBytes { BodyFramer.format(of: $0) } == .binary)
    }

    @Test("a stream whose first prelude is corrupt is still recognised by its header names, and counted")
    func corruptFirstPrelude() {
        var bytes = Self.converse
        bytes[8] ^= 0xFF
        #expect(bytes.withUnsafeBytes { BodyFramer.format(of: $0) } == .awsEventStream)
        #expect(Self.events(bytes).0.rejected == [.badPreludeCRC: 1])
    }
}
