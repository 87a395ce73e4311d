@testable import Framing

/// One framed document, copied out of the callback.
struct Framed: Equatable, CustomStringConvertible {
    let event: String?
    let text: String
    var description: String { "\(event ?? "-"): \(text)" }
}

/// Frames `bytes` and returns the framing and each document's event and text.
func frame(_ bytes: [UInt8], contentType: String? = nil) -> (BodyFraming, [Framed]) {
    var documents: [Framed] = []
    let framing = bytes.withUnsafeBytes { buffer in
        BodyFramer.frame(buffer, contentType: contentType) { document in
            documents.append(Framed(event: document.event, text: String(decoding: document.bytes, as: UTF8.self)))
        }
    }
    return (framing, documents)
}

func frame(_ text: String, contentType: String? = nil) -> (BodyFraming, [Framed]) {
    frame(Array(text.utf8), contentType: contentType)
}

/// 500 bodies of up to `upTo` pieces, each followed by one of the line endings (or none, or a
/// blank line), drawn from a generator seeded with `seed`.
func randomStreams(seed: Int, pieces: [String], upTo: Int) -> [[UInt8]] {
    let terminators = ["\n", "\r\n", "\r", "", "\n\n", "\r\n\r\n", "\r\r", "\n\r"]
    var random = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    func next(_ bound: Int) -> Int {
        random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((random >> 33) % UInt64(bound))
    }
    var bodies: [[UInt8]] = []
    for _ in 0..<500 {
        var body: [UInt8] = []
        for _ in 0..<next(upTo) {
            body += Array(pieces[next(pieces.count)].utf8)
            body += Array(terminators[next(terminators.count)].utf8)
        }
        bodies.append(body)
    }
    return bodies
}

extension BodyFramer {
    /// Frames `body` as SSE from its first byte (whatever `format(of:)` would say).
    static func frameSSE(_ body: UnsafeRawBufferPointer, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        guard var framer = SSEFramer(body, from: 0) else { return }
        framer.frame(into: &framing, visit: visit)
    }
}
