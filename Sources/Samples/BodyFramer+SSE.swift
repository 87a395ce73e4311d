#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BodyFramer {
    /// Longest `event:` name kept; longer names are reported as `message` plus a counted skip.
    static let maximumEventNameLength = 64

    /// Splits server-sent events per the WHATWG algorithm: lines end with `\r\n`, `\n` or `\r`;
    /// `field:value` with one optional space after the colon; a blank line dispatches the event;
    /// several `data:` lines are joined with `\n`; `:` lines are comments; `id:`/`retry:` are
    /// ignored. `data: [DONE]` is skipped. An event still open at the end of the body is
    /// dispatched (logged streams often lack the final blank line).
    static func frameSSE(_ body: UnsafeRawBufferPointer, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        var index = 0
        let count = body.count
        var data: UnsafeRawBufferPointer?
        var dataLines = 0
        var scratch: [UInt8] = []
        var event: String?
        var lastEvent: String?

        func dispatch() {
            defer {
                data = nil
                dataLines = 0
                event = nil
                scratch.removeAll(keepingCapacity: true)
            }
            guard dataLines > 0 else { return }
            if dataLines == 1, let bytes = data {
                emit(bytes)
            } else {
                scratch.withUnsafeBytes { emit($0) }
            }
        }

        func emit(_ bytes: UnsafeRawBufferPointer) {
            var start = 0
            var end = bytes.count
            while start < end, isWhitespace(bytes[start]) { start += 1 }
            while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
            if start == end {
                framing.skippedEmpty += 1
                return
            }
            if end - start == 6, matches(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), "[DONE]") {
                framing.skippedDone += 1
                return
            }
            visit(FramedDocument(bytes: bytes, event: event, index: framing.documents))
            framing.documents += 1
        }

        while index < count {
            // One line: [index, lineEnd), then skip its terminator.
            let newline = firstIndex(of: 0x0A, in: body, from: index) ?? count
            var lineEnd = newline
            var next = min(newline + 1, count)
            if let cr = firstIndex(of: 0x0D, in: UnsafeRawBufferPointer(rebasing: body[..<newline]), from: index) {
                lineEnd = cr
                next = cr + 1 == newline ? newline + 1 : cr + 1
            }
            defer { index = next }
            if lineEnd == index {
                dispatch()
                continue
            }
            if body[index] == UInt8(ascii: ":") {
                framing.skippedComments += 1
                continue
            }
            var colon = index
            while colon < lineEnd, body[colon] != UInt8(ascii: ":") { colon += 1 }
            var valueStart = min(colon + 1, lineEnd)
            if valueStart < lineEnd, body[valueStart] == 0x20 { valueStart += 1 }
            let name = UnsafeRawBufferPointer(rebasing: body[index..<colon])
            let value = UnsafeRawBufferPointer(rebasing: body[valueStart..<lineEnd])
            if matches(name, "data") {
                dataLines += 1
                if dataLines == 1 {
                    data = value
                } else {
                    if dataLines == 2, let first = data { scratch.append(contentsOf: first) }
                    scratch.append(0x0A)
                    scratch.append(contentsOf: value)
                }
            } else if matches(name, "event") {
                if value.count <= maximumEventNameLength, value.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                    // Streams repeat a few names: reuse the last string when the bytes match.
                    if value.isEmpty {
                        event = nil
                    } else if let last = lastEvent, matches(value, last) {
                        event = last
                    } else {
                        event = String(decoding: value, as: UTF8.self)
                        lastEvent = event
                    }
                } else {
                    event = nil
                    framing.ignoredFields += 1
                }
            } else {
                framing.ignoredFields += 1
            }
        }
        dispatch()
    }

    /// True when `bytes` equal the UTF-8 of `text`, compared in place.
    @inline(__always)
    static func matches(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
    }

    static func matches(_ bytes: UnsafeRawBufferPointer, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count && (bytes.isEmpty || memcmp(bytes.baseAddress!, utf8.baseAddress!, bytes.count) == 0)
        }
    }

    /// One document per line (`\n` or `\r\n`); blank lines are skipped and counted.
    static func frameNDJSON(_ body: UnsafeRawBufferPointer, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        var index = 0
        while index < body.count {
            let newline = firstIndex(of: 0x0A, in: body, from: index) ?? body.count
            var start = index
            var end = newline
            while start < end, isWhitespace(body[start]) { start += 1 }
            while end > start, isWhitespace(body[end - 1]) { end -= 1 }
            if start == end {
                if newline < body.count { framing.skippedEmpty += 1 }
            } else {
                visit(FramedDocument(bytes: UnsafeRawBufferPointer(rebasing: body[start..<end]), event: nil, index: framing.documents))
                framing.documents += 1
            }
            index = newline + 1
        }
    }
}
