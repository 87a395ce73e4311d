#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONScanning

/// Frames an AWS event stream (`application/vnd.amazon.eventstream`), frame by frame: a 12-byte
/// prelude (total length, headers length, both big-endian UInt32, and the prelude's CRC32), the
/// headers, the payload, and the CRC32 of everything before it.
///
/// Each `event` frame's payload is one document named by its `:event-type` header; an
/// `exception` (or `error`) frame's payload is an error document named by its `:exception-type`.
/// A Bedrock InvokeModelWithResponseStream `chunk` frame carries `{"bytes": "<base64>"}`: the
/// decoded bytes (the model's native JSON event, e.g. Anthropic's `message_start`) are passed
/// on, unnamed, so the API's own event naming (`event_key`) applies.
///
/// Every failed check is counted in `BodyFraming.rejected`, never trapped on: a bad message CRC
/// or bad headers skip that frame (its length is known); a bad prelude, impossible lengths or a
/// frame running past the body stop the framing there.
struct EventStreamFramer {
    /// Bytes of a prelude: total length, headers length, prelude CRC.
    static let preludeLength = 12
    /// A frame with no headers and no payload: the prelude and the message CRC.
    static let minimumFrameLength = 16
    /// The largest frame accepted (the AWS libraries' limit: 16 MiB).
    static let maximumFrameLength = 16 * 1024 * 1024
    /// The largest headers section accepted (the AWS libraries' limit: 128 KiB).
    static let maximumHeadersLength = 128 * 1024

    let body: UnsafeRawBufferPointer
    /// Decoded `chunk` bytes, reused from frame to frame.
    var scratch: [UInt8] = []
    /// Names seen in this body, each made into a `String` once (streams repeat a few).
    var names: [(bytes: [UInt8], name: String)] = []

    init(_ body: UnsafeRawBufferPointer) {
        self.body = body
    }

    /// True when `body` starts like an event stream: a frame whose lengths hold together and
    /// whose prelude CRC matches, or (a corrupted prelude, counted when framed) whose first
    /// header name starts with `:`, as every AWS header name does.
    static func startsWithFrame(_ body: UnsafeRawBufferPointer) -> Bool {
        guard body.count >= minimumFrameLength else { return false }
        let total = Int(bigEndian32(body, at: 0))
        let headers = Int(bigEndian32(body, at: 4))
        guard total >= minimumFrameLength, total <= maximumFrameLength, headers <= total - minimumFrameLength else { return false }
        if CRC32.checksum(UnsafeRawBufferPointer(rebasing: body[0..<8])) == bigEndian32(body, at: 8) { return true }
        return headers >= 2 && body[preludeLength] > 0 && body[preludeLength + 1] == UInt8(ascii: ":")
    }

    /// Frames every frame, counting what is skipped in `framing`.
    mutating func frame(into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        var offset = 0
        while offset < body.count {
            let remaining = body.count - offset
            guard remaining >= Self.preludeLength else {
                framing.rejected[.truncated, default: 0] += 1
                return
            }
            let total = Int(Self.bigEndian32(body, at: offset))
            let headersLength = Int(Self.bigEndian32(body, at: offset + 4))
            let prelude = UnsafeRawBufferPointer(rebasing: body[offset..<offset + 8])
            guard CRC32.checksum(prelude) == Self.bigEndian32(body, at: offset + 8) else {
                framing.rejected[.badPreludeCRC, default: 0] += 1
                return
            }
            guard total >= Self.minimumFrameLength, total <= Self.maximumFrameLength,
                headersLength <= total - Self.minimumFrameLength, headersLength <= Self.maximumHeadersLength
            else {
                framing.rejected[.badFrameLength, default: 0] += 1
                return
            }
            guard total <= remaining else {
                framing.rejected[.truncated, default: 0] += 1
                return
            }
            defer { offset += total }
            let message = UnsafeRawBufferPointer(rebasing: body[offset..<offset + total - 4])
            guard CRC32.checksum(message) == Self.bigEndian32(body, at: offset + total - 4) else {
                framing.rejected[.badMessageCRC, default: 0] += 1
                continue
            }
            let headersStart = offset + Self.preludeLength
            guard let headers = readHeaders(headersStart, headersStart + headersLength) else {
                framing.rejected[.badFrameHeader, default: 0] += 1
                continue
            }
            let payloadStart = headersStart + headersLength
            emit(payloadStart, offset + total - 4, headers: headers, into: &framing, visit: visit)
        }
    }

    /// Passes on the payload at [start, end) as its headers say.
    mutating func emit(_ start: Int, _ end: Int, headers: Headers, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        let payload = UnsafeRawBufferPointer(rebasing: body[start..<end])
        var first = 0
        while first < payload.count, BodyFramer.isWhitespace(payload[first]) { first += 1 }
        guard first < payload.count else {
            framing.skippedEmpty += 1
            return
        }
        if headers.isError {
            visit(FramedDocument(bytes: payload, event: headers.exceptionType ?? headers.eventType, index: framing.documents, offset: start, isError: true))
            framing.documents += 1
            return
        }
        if headers.eventType == "chunk", let bytes = Self.chunkBytes(payload) {
            scratch.removeAll(keepingCapacity: true)
            let decoded = bytes.withDecodedBytes { Base64.decode($0, into: &scratch) }
            guard decoded else {
                framing.rejected[.badBase64, default: 0] += 1
                return
            }
            scratch.withUnsafeBytes { visit(FramedDocument(bytes: $0, event: nil, index: framing.documents, offset: nil)) }
            framing.documents += 1
            return
        }
        visit(FramedDocument(bytes: payload, event: headers.eventType, index: framing.documents, offset: start))
        framing.documents += 1
    }

    /// The top-level `bytes` string of a `chunk` payload, if it has one.
    static func chunkBytes(_ payload: UnsafeRawBufferPointer) -> JSONStringToken? {
        var visitor = ChunkBytesVisitor()
        var scanner = JSONScanner(payload)
        guard (try? scanner.scan(into: &visitor)) != nil else { return nil }
        return visitor.bytes
    }

    /// What a frame's headers say.
    struct Headers {
        var eventType: String?
        var exceptionType: String?
        /// `:message-type` is `exception` or `error`.
        var isError = false
    }

    /// Reads the headers at [start, end): each a name (length byte, bytes), a type byte and a
    /// value of that type. Nil when one runs past the end or has an unknown type.
    mutating func readHeaders(_ start: Int, _ end: Int) -> Headers? {
        var headers = Headers()
        var index = start
        while index < end {
            let nameLength = Int(body[index])
            let nameStart = index + 1
            guard nameLength > 0, nameStart + nameLength < end else { return nil }
            let name = UnsafeRawBufferPointer(rebasing: body[nameStart..<nameStart + nameLength])
            let type = body[nameStart + nameLength]
            index = nameStart + nameLength + 1
            guard let length = valueLength(type: type, at: index, end: end) else { return nil }
            if type == 7 {
                let value = UnsafeRawBufferPointer(rebasing: body[index + 2..<index + length])
                if BodyFramer.matches(name, ":event-type") {
                    headers.eventType = self.name(value)
                } else if BodyFramer.matches(name, ":exception-type") {
                    headers.exceptionType = self.name(value)
                } else if BodyFramer.matches(name, ":message-type") {
                    headers.isError = BodyFramer.matches(value, "exception") || BodyFramer.matches(value, "error")
                }
            }
            index += length
        }
        return headers
    }

    /// The bytes a header value of `type` takes at `index` (with its length prefix), or nil when
    /// the type is unknown or the value runs past `end`.
    func valueLength(type: UInt8, at index: Int, end: Int) -> Int? {
        let length: Int
        switch type {
        case 0, 1: length = 0  // true, false
        case 2: length = 1  // byte
        case 3: length = 2  // short
        case 4: length = 4  // integer
        case 5, 8: length = 8  // long, timestamp
        case 9: length = 16  // UUID
        case 6, 7:  // byte array, string: a 2-byte length first
            guard index + 2 <= end else { return nil }
            length = 2 + (Int(body[index]) << 8 | Int(body[index + 1]))
        default: return nil
        }
        return index + length <= end ? length : nil
    }

    /// `value` as a `String`, made once per distinct name in the body; nil (no name) for a value
    /// SSE would not keep as an `event:` name either: empty, over 64 bytes, or not printable ASCII.
    mutating func name(_ value: UnsafeRawBufferPointer) -> String? {
        guard !value.isEmpty, value.count <= SSEFramer.maximumEventNameLength, !value.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else {
            return nil
        }
        for entry in names where entry.bytes.count == value.count && entry.bytes.withUnsafeBytes({ memcmp($0.baseAddress!, value.baseAddress!, value.count) == 0 }) {
            return entry.name
        }
        let made = String(decoding: value, as: UTF8.self)
        if names.count < 16 { names.append((Array(value), made)) }
        return made
    }

    @inline(__always)
    static func bigEndian32(_ body: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(body[offset]) << 24 | UInt32(body[offset + 1]) << 16 | UInt32(body[offset + 2]) << 8 | UInt32(body[offset + 3])
    }
}

/// Finds the top-level `bytes` string member of a JSON object.
private struct ChunkBytesVisitor: JSONVisitor {
    var depth = 0
    var atBytes = false
    var bytes: JSONStringToken?

    mutating func beginObject() {
        depth += 1
        atBytes = false
    }
    mutating func endObject() { depth -= 1 }
    mutating func beginArray() {
        depth += 1
        atBytes = false
    }
    mutating func endArray() { depth -= 1 }
    mutating func key(_ key: JSONStringToken) { atBytes = depth == 1 && key.equals(literal: "bytes") }
    mutating func string(_ token: JSONStringToken) {
        if atBytes, bytes == nil { bytes = token }
        atBytes = false
    }
    mutating func number(_ token: JSONNumberToken) { atBytes = false }
    mutating func bool(_ value: Bool) { atBytes = false }
    mutating func null() { atBytes = false }
}
