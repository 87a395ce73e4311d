import Samples

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
