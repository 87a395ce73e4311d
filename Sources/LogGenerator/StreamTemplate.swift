import Framing

/// A streamed fixture response (SSE, NDJSON, an AWS event stream or a JSON array) as a list of
/// events whose JSON payloads are templates. The events carrying text deltas are repeated to the
/// row's length, cycling through the template's delta events; the others (start, usage, finish,
/// `[DONE]`) are written once.
struct StreamTemplate: Sendable {
    enum Framing: Sendable {
        case sse, ndjson, eventStream, jsonArray

        /// The catalog's name for the framing (`StreamFraming.Format`).
        var name: String {
            switch self {
            case .sse: "sse"
            case .ndjson: "ndjson"
            case .eventStream: "aws_eventstream"
            case .jsonArray: "json_array"
            }
        }
    }

    enum Line: Sendable {
        /// `data: {…}` (the prefix as written, with or without the space).
        case json(prefix: [UInt8], TemplateNode)
        /// Any other line, kept as written (`event: …`, `: keep-alive`, `data: [DONE]`).
        case raw([UInt8])
    }

    struct Event: Sendable {
        var lines: [Line]
        var carriesText: Bool
        /// An event stream frame's `:event-type` (nil: a Bedrock `chunk` carrying the payload as
        /// base64 `bytes`) and whether it is an exception frame.
        var eventType: String? = nil
        var isException = false
    }

    var framing: Framing
    var events: [Event]

    /// Parses an SSE body (events separated by blank lines), NDJSON (one document per line), an
    /// AWS event stream or a JSON array (with the framer, one event per frame or element).
    static func parse(_ bytes: [UInt8], framing: Framing, model: String?) -> StreamTemplate {
        if framing == .eventStream || framing == .jsonArray { return parseFramed(bytes, framing: framing, model: model) }
        let text = bytes.filter { $0 != 0x0D }
        var events: [Event] = []
        switch framing {
        case .eventStream, .jsonArray:
            break
        case .ndjson:
            for line in text.split(separator: 0x0A, omittingEmptySubsequences: true) {
                if let node = try? TemplateNode.parse(Array(line), model: model) {
                    events.append(Event(lines: [.json(prefix: [], node)], carriesText: node.carriesText))
                } else {
                    events.append(Event(lines: [.raw(Array(line))], carriesText: false))
                }
            }
        case .sse:
            var current: [Line] = []
            var carries = false
            func close() {
                if !current.isEmpty { events.append(Event(lines: current, carriesText: carries)) }
                current = []
                carries = false
            }
            for line in text.split(separator: 0x0A, omittingEmptySubsequences: false) {
                if line.isEmpty { close(); continue }
                let bytes = Array(line)
                if bytes.starts(with: Array("data:".utf8)) {
                    let prefixLength = bytes.count > 5 && bytes[5] == 0x20 ? 6 : 5
                    if let node = try? TemplateNode.parse(Array(bytes[prefixLength...]), model: model) {
                        current.append(.json(prefix: Array(bytes[..<prefixLength]), node))
                        carries = carries || node.carriesText
                        continue
                    }
                }
                current.append(.raw(bytes))
            }
            close()
        }
        // The first event opens the stream (role, empty text): never repeated.
        if !events.isEmpty { events[0].carriesText = false }
        return StreamTemplate(framing: framing, events: events)
    }

    /// Parses a binary or array stream through the framer: each document a JSON template (a
    /// frame's decoded `chunk` bytes are one too).
    static func parseFramed(_ bytes: [UInt8], framing: Framing, model: String?) -> StreamTemplate {
        var events: [Event] = []
        bytes.withUnsafeBytes { body in
            _ = BodyFramer.frame(body, as: framing == .eventStream ? .awsEventStream : .jsonArray) { document in
                let payload = Array(document.bytes)
                guard let node = try? TemplateNode.parse(payload, model: model) else { return }
                // In an event stream, a document that is not a slice of the body is a decoded chunk.
                let eventType = framing == .eventStream ? (document.offset == nil ? nil : document.event ?? "message") : nil
                events.append(Event(lines: [.json(prefix: [], node)], carriesText: node.carriesText, eventType: eventType, isException: document.isError))
            }
        }
        if !events.isEmpty { events[0].carriesText = false }
        return StreamTemplate(framing: framing, events: events)
    }

    /// Writes the stream with `chunks` text events.
    func write(into writer: inout BodyWriter, chunks: Int) {
        if framing == .jsonArray { writer.out.append(UInt8(ascii: "[")) }
        defer { if framing == .jsonArray { writer.out.append(UInt8(ascii: "]")) } }
        let deltas = events.filter(\.carriesText)
        var wroteDeltas = false
        writer.shape.streamDelta = true
        defer { writer.shape.streamDelta = false }
        for event in events {
            if event.carriesText {
                guard !wroteDeltas else { continue }
                wroteDeltas = true
                for index in 0..<max(1, chunks) where writer.out.count < writer.maxBytes {
                    write(deltas[index % deltas.count], into: &writer)
                }
            } else {
                write(event, into: &writer)
            }
        }
    }

    func write(_ event: Event, into writer: inout BodyWriter) {
        switch framing {
        case .eventStream:
            writeFrame(event, into: &writer)
            return
        case .jsonArray:
            if writer.out.count > 1 { writer.out.append(contentsOf: [UInt8(ascii: ","), 0x0D, 0x0A]) }
            for case .json(_, let node) in event.lines { writer.write(node) }
            return
        case .sse, .ndjson:
            break
        }
        for line in event.lines {
            switch line {
            case .json(let prefix, let node):
                writer.out.append(contentsOf: prefix)
                writer.write(node)
            case .raw(let bytes):
                writer.out.append(contentsOf: bytes)
            }
            writer.out.append(0x0A)
        }
        if framing == .sse { writer.out.append(0x0A) }
    }
}

extension StreamTemplate {
    /// Writes one event as an AWS event stream frame: its payload written, then framed with
    /// valid CRCs (a Bedrock chunk's payload base64-encoded into `{"bytes": …}` first).
    func writeFrame(_ event: Event, into writer: inout BodyWriter) {
        let start = writer.out.count
        for case .json(_, let node) in event.lines { writer.write(node) }
        var payload = Array(writer.out[start...])
        writer.out.removeSubrange(start...)
        let headers: [(name: String, value: String)]
        if event.isException {
            headers = EventStreamEncoder.exceptionHeaders(event.eventType ?? "internalServerException")
        } else if let eventType = event.eventType {
            headers = EventStreamEncoder.eventHeaders(eventType)
        } else {
            payload = Array(#"{"bytes":""#.utf8) + Self.base64(payload) + Array(#""}"#.utf8)
            headers = EventStreamEncoder.eventHeaders("chunk")
        }
        writer.out.append(contentsOf: EventStreamEncoder.frame(headers: headers, payload: payload))
    }

    /// Standard base64 with padding.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = BodyWriter.base64Alphabet
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if count > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if count > 2 { group |= UInt32(bytes[index + 2]) }
            for position in 0..<4 {
                out.append(position <= count ? alphabet[Int((group >> UInt32(18 - 6 * position)) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return out
    }
}

extension TemplateNode {
    /// True when the value holds free text somewhere.
    var carriesText: Bool {
        switch self {
        case .text: return true
        case .object(let members): return members.contains { $0.value.carriesText }
        case .array(let elements): return elements.contains { $0.carriesText }
        case .conversation(let lead, let cycle): return (lead + cycle).contains { $0.carriesText }
        default: return false
        }
    }
}

/// A multipart/form-data upload (an audio transcription): parts re-written with a new boundary,
/// a new audio payload of the row's size, the generated model's name and invented prompt text.
struct MultipartTemplate: Sendable {
    struct Part: Sendable {
        var name: String
        /// The part's header lines, as written.
        var headers: [UInt8]
        var body: [UInt8]
        var isFile: Bool
    }

    var parts: [Part]

    /// Parses `bytes` with the boundary its first line names.
    static func parse(_ bytes: [UInt8]) -> MultipartTemplate? {
        guard let firstEnd = bytes.firstIndex(of: 0x0D), bytes.starts(with: [0x2D, 0x2D]) else { return nil }
        let delimiter = [0x0D, 0x0A] + Array(bytes[..<firstEnd])
        var parts: [Part] = []
        var index = firstEnd + 2
        while index < bytes.count {
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes, from: index),
                let bodyEnd = find(delimiter, in: bytes, from: headerEnd + 4)
            else { break }
            let headers = Array(bytes[index..<headerEnd])
            let headerText = String(decoding: headers, as: UTF8.self)
            let name = headerText.range(of: "name=\"").map { range in
                String(headerText[range.upperBound...].prefix { $0 != "\"" })
            } ?? ""
            parts.append(Part(
                name: name, headers: headers, body: Array(bytes[(headerEnd + 4)..<bodyEnd]),
                isFile: headerText.contains("filename=")))
            index = bodyEnd + delimiter.count
            if index + 2 <= bytes.count, bytes[index] == 0x2D, bytes[index + 1] == 0x2D { break }
            index += 2
        }
        return parts.isEmpty ? nil : MultipartTemplate(parts: parts)
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Writes the upload with `boundary`.
    func write(into writer: inout BodyWriter, boundary: [UInt8]) {
        for part in parts {
            writer.out.append(contentsOf: [0x2D, 0x2D] + boundary + [0x0D, 0x0A])
            writer.out.append(contentsOf: part.headers)
            writer.out.append(contentsOf: [0x0D, 0x0A, 0x0D, 0x0A])
            if part.isFile {
                // An MP3-looking payload: an ID3 tag, then noise.
                writer.out.append(contentsOf: Array("ID3".utf8) + [0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0F])
                var written = 0
                while written < writer.shape.blobLength {
                    var bits = writer.random.next()
                    for _ in 0..<8 {
                        writer.out.append(UInt8(truncatingIfNeeded: bits))
                        bits >>= 8
                    }
                    written += 8
                }
            } else if part.name == "model" {
                writer.out.append(contentsOf: writer.modelName)
            } else if part.name == "prompt" {
                writer.appendWords(max(1, writer.shape.textWords / 2), escaped: false)
            } else {
                writer.out.append(contentsOf: part.body)
            }
            writer.out.append(contentsOf: [0x0D, 0x0A])
        }
        writer.out.append(contentsOf: [0x2D, 0x2D] + boundary + [0x2D, 0x2D, 0x0D, 0x0A])
    }
}
