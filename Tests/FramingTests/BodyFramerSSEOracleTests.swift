import TestSupport
import Foundation
import Testing
@testable import Framing

/// The SSE framer against the line-by-line framer it replaced (`frameSSELineByLine`): the same
/// documents (bytes, where they lie in the body, event names, positions) and the same counts.
@Suite("BodyFramer SSE against the line-by-line framer")
struct BodyFramerSSEOracleTests {
    /// One framed document: where it lies in the body (nil for joined multi-line data), its text,
    /// its event name and its position.
    struct Record: Equatable, CustomStringConvertible {
        let offset: Int?
        let text: [UInt8]
        let event: String?
        let index: Int
        var description: String { "#\(index) @\(offset.map(String.init) ?? "-") \(event ?? "-"): \(String(decoding: text, as: UTF8.self).debugDescription)" }
    }

    struct Outcome: Equatable {
        var records: [Record] = []
        var framing = BodyFraming(format: .sse)
    }

    static func outcome(
        _ body: [UInt8],
        framer: (UnsafeRawBufferPointer, inout BodyFraming, (FramedDocument) -> Void) -> Void
    ) -> Outcome {
        var outcome = Outcome()
        body.withUnsafeBytes { buffer in
            framer(buffer, &outcome.framing) { document in
                var offset: Int?
                if let start = document.bytes.baseAddress, let base = buffer.baseAddress, start >= base, start - base + document.bytes.count <= buffer.count {
                    offset = start - base
                }
                outcome.records.append(Record(offset: offset, text: Array(document.bytes), event: document.event, index: document.index))
            }
        }
        return outcome
    }

    static func expectSame(_ body: [UInt8], _ comment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = outcome(body) { BodyFramer.frameSSE($0, into: &$1, visit: $2) }
        let oracle = outcome(body) { BodyFramer.frameSSELineByLine($0, into: &$1, visit: $2) }
        #expect(fast.records == oracle.records, "\(comment)", sourceLocation: sourceLocation)
        #expect(fast.framing == oracle.framing, "\(comment)", sourceLocation: sourceLocation)
    }

    static let fixtures: URL = Repository.fixtures

    static var fixturePaths: [String] {
        let found = FileManager.default.enumerator(atPath: fixtures.path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".sse") }.sorted()
    }

    @Test("fixture streams frame the same, with each line ending, whole and cut at every line", arguments: fixturePaths)
    func fixtureStreams(path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent(path)))
        #expect(!bytes.isEmpty)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for newline in ["\n", "\r\n", "\r"] {
            let body = Array(lines.joined(separator: newline).utf8)
            Self.expectSame(body, "\(path) \(newline.debugDescription)")
            var cut = 0
            while let next = body[cut...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                Self.expectSame(Array(body[..<next]), "\(path) \(newline.debugDescription) cut at \(next)")
                Self.expectSame(Array(body[..<(next + 1)]), "\(path) \(newline.debugDescription) cut at \(next + 1)")
                cut = next + 1
            }
        }
    }

    static let edgeCaseBodies: [(String, String)] = [
        ("data without a space", "data:{\"a\":1}\n\n"),
        ("data with two spaces", "data:  {\"a\":1}\n\n"),
        ("empty data", "data:\n\ndata: \n\ndata\n\n"),
        ("no final newline", "data: {\"a\":1}"),
        ("no final blank line", "data: {\"a\":1}\n"),
        ("comments", ": ping\n:\n: \r\n:x\rdata: {}\n\n"),
        ("multi-line data", "data: {\"a\":\ndata: 1}\ndata\n\n"),
        ("DONE with spaces", "data:  [DONE] \n\ndata:[DONE]\n\n"),
        ("event names", "event: a\ndata: 1\n\nevent:b\ndata: 2\n\nevent: a\ndata: 3\n\ndata: 4\n\n"),
        ("event name cleared", "event: a\nevent:\ndata: 1\n\nevent: a\nevent\ndata: 2\n\n"),
        ("event name with a space or a control byte", "event: a b\ndata: 1\n\nevent: a\tb\ndata: 2\n\nevent: \u{7F}\ndata: 3\n\n"),
        ("event name not ASCII", "event: é\ndata: 1\n\nevent: aé\ndata: 2\n\n"),
        ("event name of 64 and 65 bytes", "event: \(String(repeating: "n", count: 64))\ndata: 1\n\nevent: \(String(repeating: "n", count: 65))\ndata: 2\n\n"),
        ("event name of 65 bytes at the end", "data: 1\nevent: \(String(repeating: "n", count: 65))"),
        ("event name of 64 bytes at the end", "data: 1\nevent: \(String(repeating: "n", count: 64))"),
        ("event name with two spaces", "event:  a\ndata: 1\n\n"),
        ("event name then a CR", "event: a\rdata: 1\r\revent: b\r\ndata: 2\r\n\r\n"),
        ("more names than are kept", (0..<20).map { "event: name\($0 % 11)\ndata: \($0)\n\n" }.joined()),
        ("fields near data and event", "dat: 1\ndatas: 2\ndata : 3\nDATA: 4\neven: 5\nevents: 6\nevent : 7\nid: 8\nretry: 9\nx\n\ndata: 10\n\n"),
        ("short lines at the end", "d"), ("da", "da"), ("dat", "dat"), ("data", "data"), ("data:", "data:"), ("e", "e"),
        ("event", "event"), ("event:", "event:"), ("event: ", "event: "), ("event: x", "event: x"),
        ("mixed line endings", "data: 1\r\n\ndata: 2\r\rdata: 3\n\r\ndata: 4\r\n\r\n"),
        ("lone CRs and LFs", "\r\r\n\n\r\n\rdata: 1\r"),
        ("a CR inside data", "data: {\"a\":\r1}\n\n"),
        ("only CRs", "data: 1\revent: x\rdata: 2\r\r: c\rid: 1\r\r"),
    ]

    @Test("edge cases frame the same, cut at every byte", arguments: edgeCaseBodies)
    func edgeCases(name: String, text: String) {
        let body = Array(text.utf8)
        for cut in 0...body.count {
            Self.expectSame(Array(body[..<cut]), "\(name) cut at \(cut)")
        }
    }

    @Test("events of any size frame the same", arguments: [1, 15, 16, 17, 63, 64, 65, 1_000, 100_000])
    func eventSizes(size: Int) {
        let value = "{\"s\":\"" + String(repeating: "x", count: size) + "\"}"
        for newline in ["\n", "\r\n", "\r"] {
            let body = Array(["event: big", "data: " + value, "", "data:" + value, "data: " + value, "", ""].joined(separator: newline).utf8)
            Self.expectSame(body, "\(size) \(newline.debugDescription)")
        }
    }

    @Test("random streams frame the same", arguments: 0..<8)
    func randomBodies(seed: Int) {
        let pieces = [
            "data: {\"a\":1}", "data:{\"b\":[1,2]}", "data: [DONE]", "data:", "data: ", "data", "event: message_delta", "event:ping",
            "event: " + String(repeating: "x", count: 64), "event: " + String(repeating: "y", count: 65), "event: bad name", "event:",
            "event", "event: é", ": comment", ":", "id: 5", "retry: 100", "datax: 1", "dat", "eventx: 1", "even: 1", "{\"x\":1}",
            "  data: 1", "é", "data:\t{}", "event: n1", "event: n2", "event: n3",
        ]
        for body in randomStreams(seed: seed, pieces: pieces, upTo: 20) {
            Self.expectSame(body, String(decoding: body, as: UTF8.self).debugDescription)
        }
    }
}

extension BodyFramerSSEOracleTests {
    @Test("event names of every length up to 72 bytes, ended every way, frame the same", arguments: [
        "\n", "\r", "\r\n", "", " ", "\t", "\u{7F}", "é", "\u{1}",
    ])
    func eventNameLengths(ending: String) {
        for length in 0...72 {
            for prefix in ["", "x", "data: 1\n"] {
                let name = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x21 + ($0 * 7) % 0x5E))) })
                let body = Array((prefix + "event: " + name + ending + "data: {}\n\nevent:" + name + ending).utf8)
                Self.expectSame(body, "length \(length) ending \(ending.debugDescription) prefix \(prefix.debugDescription)")
            }
        }
    }

    @Test("a word's name stops flag the first byte at or below 0x20 or at or above 0x7F exactly", arguments: 0..<4)
    func nameStops(seed: Int) {
        var random = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 7
        let edges: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x20, 0x21, 0x22, 0x41, 0x7E, 0x7F, 0x80, 0xA1, 0xC3, 0xFE, 0xFF]
        for _ in 0..<20_000 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bytes = (0..<8).map { UInt8(truncatingIfNeeded: random >> (8 * UInt64($0))) }
            // Mostly printable bytes, with some from the edges of the range and some of any value.
            for position in 0..<8 where bytes[position] % 4 != 0 {
                bytes[position] = bytes[position] % 3 == 0 ? edges[Int(bytes[position]) % edges.count] : 0x21 + bytes[position] % 0x5E
            }
            let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            let flags = BodyFramer.nameStops(word)
            let first = bytes.firstIndex { $0 <= 0x20 || $0 >= 0x7F }
            #expect((flags == 0 ? nil : flags.trailingZeroBitCount >> 3) == first, "\(bytes)")
        }
    }
}
