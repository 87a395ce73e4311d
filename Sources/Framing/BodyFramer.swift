#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONScanning

/// Frames a logged body into JSON documents, deciding the format from the bytes: a plain JSON
/// document, SSE events, NDJSON lines, multipart form fields, or text / HTML / binary / empty
/// (classified and counted, never scanned).
///
/// The content type is only a hint: bytes that plainly say otherwise win (a `text/event-stream`
/// body that is one JSON error document is framed as JSON).
public enum BodyFramer {
    /// Frames `body`, calling `visit` with each JSON document in order, and reports what it found.
    /// Multipart bodies are classified here; read their fields with `formFields(_:contentType:visit:)`.
    public static func frame(
        _ body: UnsafeRawBufferPointer, contentType: String? = nil, visit: (FramedDocument) -> Void
    ) -> BodyFraming {
        frame(body, as: format(of: body, contentType: contentType), visit: visit)
    }

    /// Frames `body`, whose format the caller decided with `format(of:contentType:)` (so it knows
    /// the format before any document), calling `visit` with each JSON document in order: a JSON
    /// body is one document at offset 0, SSE, NDJSON, event stream and JSON array documents say
    /// where they sit (`FramedDocument.offset`; nil for decoded Bedrock chunks). `.jsonArray` is
    /// the caller's choice (the bytes say `.json`): a body that is not an array is then passed on
    /// as one document. Other formats pass on no document.
    public static func frame(_ body: UnsafeRawBufferPointer, as format: BodyFormat, visit: (FramedDocument) -> Void) -> BodyFraming {
        let start = startsWithBOM(body) ? 3 : 0
        var framing = BodyFraming(format: format)
        framing.bomSkipped = start > 0
        switch format {
        case .json:
            framing.documents = 1
            visit(FramedDocument(bytes: body, event: nil, index: 0, offset: 0))
        case .sse:
            guard var framer = SSEFramer(body, from: start) else { break }
            framer.frame(into: &framing, visit: visit)
        case .ndjson:
            frameNDJSON(body, from: start, into: &framing, visit: visit)
        case .awsEventStream:
            var framer = EventStreamFramer(body)
            framer.frame(into: &framing, visit: visit)
        case .jsonArray:
            frameJSONArray(body, from: start, into: &framing, visit: visit)
        case .multipart, .text, .html, .empty, .binary:
            break
        }
        return framing
    }

    /// True when `body`'s first byte after a byte order mark and whitespace is `[`.
    public static func startsWithArray(_ body: UnsafeRawBufferPointer) -> Bool {
        var first = startsWithBOM(body) ? 3 : 0
        while first < body.count, isWhitespace(body[first]) { first += 1 }
        return first < body.count && body[first] == UInt8(ascii: "[")
    }

    /// True when `body` starts with a UTF-8 byte order mark (skipped by the framer and the scanner).
    public static func startsWithBOM(_ body: UnsafeRawBufferPointer) -> Bool {
        body.count >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF
    }

    /// Decides the format of `body` from its first bytes (and `contentType` when the bytes allow
    /// more than one reading). An AWS event stream is recognised among binary bodies only, by
    /// its first frame's prelude (so text formats pay nothing for it); a JSON array stream is
    /// never decided here (see `.jsonArray`).
    public static func format(of body: UnsafeRawBufferPointer, contentType: String? = nil) -> BodyFormat {
        var first = startsWithBOM(body) ? 3 : 0
        while first < body.count, isWhitespace(body[first]) { first += 1 }
        guard first < body.count else { return .empty }
        let byte = body[first]
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return isNDJSON(body, from: first) ? .ndjson : .json
        case UInt8(ascii: "<"):
            return .html
        case UInt8(ascii: ":"):
            return .sse
        case UInt8(ascii: "-") where mentionsMultipart(contentType) || looksLikeMultipart(body, from: first):
            return .multipart
        default:
            break
        }
        if startsWithSSEField(body, from: first) { return .sse }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "-") || isDigit(byte)
            || byte == UInt8(ascii: "t") || byte == UInt8(ascii: "f") || byte == UInt8(ascii: "n")
        {
            // A JSON scalar, or text that starts like one ("404 page not found", "true story").
            var scanner = JSONScanner(body)
            if (try? scanner.validate()) != nil { return .json }
        }
        if mentionsMultipart(contentType) { return .multipart }
        guard looksBinary(body, from: first) else { return .text }
        return EventStreamFramer.startsWithFrame(body) ? .awsEventStream : .binary
    }

    /// True when the lowercased content type contains `multipart/`. An ASCII content type is
    /// searched byte by byte; any other is lowercased and searched by character.
    static func mentionsMultipart(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let pattern: StaticString = "multipart/"
        let found = contentType.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            let length = pattern.utf8CodeUnitCount
            var match = -1
            for start in bytes.indices {
                let byte = bytes[start]
                if byte >= 0x80 { return nil }
                if match < 0, start + length <= bytes.count {
                    var offset = 0
                    // ASCII letters differ from their capitals in bit 5 only; `/` is not a letter.
                    while offset < length, bytes[start + offset] | (offset < length - 1 ? 0x20 : 0) == pattern.utf8Start[offset] {
                        offset += 1
                    }
                    if offset == length { match = start }
                }
            }
            return match >= 0
        }
        if let result = found ?? nil { return result }
        return contentType.lowercased().contains("multipart/")
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// A body is NDJSON when its first line is one complete JSON container and another non-blank
    /// line follows. Pretty-printed JSON never completes a container on its first line; JSON
    /// cannot hold a raw newline inside a string, so a compact document never spans lines.
    static func isNDJSON(_ body: UnsafeRawBufferPointer, from first: Int) -> Bool {
        guard let newline = firstIndex(of: 0x0A, in: body, from: first) else { return false }
        var next = newline + 1
        while next < body.count, isWhitespace(body[next]) { next += 1 }
        guard next < body.count else { return false }  // only trailing whitespace: one document
        // Walk the first line: does a container open at `first` close before the newline?
        var depth = 0
        var closed = -1
        walkStructure(body, from: first, end: newline) { index, byte in
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    closed = index
                    return false
                }
            default: break
            }
            return true
        }
        guard closed >= 0 else { return false }
        // The rest of the line must be blank.
        var rest = closed + 1
        while rest < newline, isWhitespace(body[rest]) { rest += 1 }
        return rest == newline
    }

    /// Walks the JSON text in [from, end) outside its strings (escapes honoured), calling `visit`
    /// with each structural byte (`{`, `}`, `[`, `]`, `,`) and its index until `visit` returns false;
    /// returns where the walk stopped (`end` when it ran out).
    @inline(__always) @discardableResult
    static func walkStructure(_ body: UnsafeRawBufferPointer, from: Int, end: Int, _ visit: (Int, UInt8) -> Bool) -> Int {
        var index = from
        var inString = false
        while index < end {
            let byte = body[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                || byte == UInt8(ascii: ",")
            {
                if !visit(index, byte) { return index }
            }
            index += 1
        }
        return end
    }

    static let sseFields: [[UInt8]] = [Array("data".utf8), Array("event".utf8), Array("id".utf8), Array("retry".utf8)]

    /// True when the body starts with an SSE field line: `data:`, `event:`, `id:` or `retry:`.
    static func startsWithSSEField(_ body: UnsafeRawBufferPointer, from first: Int) -> Bool {
        for field in sseFields where first + field.count < body.count {
            var matches = true
            for (offset, byte) in field.enumerated() where body[first + offset] != byte {
                matches = false
                break
            }
            if matches, body[first + field.count] == UInt8(ascii: ":") { return true }
        }
        return false
    }

    /// True when the first bytes hold a NUL, other C0 controls, or invalid UTF-8.
    static func looksBinary(_ body: UnsafeRawBufferPointer, from first: Int) -> Bool {
        let end = min(body.count, first + 1024)
        var index = first
        while index < end {
            let byte = body[index]
            if byte < 0x20, !isWhitespace(byte), byte != 0x0C { return true }
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return true
            }
            if index + length > end { return end < body.count ? false : true }
            for position in index + 1..<index + length where body[position] & 0xC0 != 0x80 { return true }
            index += length
        }
        return false
    }

    static func firstIndex(of byte: UInt8, in body: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < body.count, let base = body.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), body.count - start) else { return nil }
        return UnsafeRawPointer(found) - base
    }
}
