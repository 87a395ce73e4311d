#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Framing

extension BodyFramer {
    /// The SSE framer as it was before its lines were recognised from their first bytes (one
    /// `memchr` per line, the colon searched for on every line, one name remembered): the oracle
    /// the framer is tested against.
    static func frameSSELineByLine(_ body: UnsafeRawBufferPointer, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        guard let base = body.baseAddress, body.count > 0 else { return }
        var index = 0
        let count = body.count
        var data: UnsafeRawBufferPointer?
        var dataLines = 0
        var scratch: [UInt8] = []
        var event: String?
        var lastEvent: String?
        var lastEventBytes: [UInt8] = []
        // The first CR at or after `index` (`count` when none): one search per CR, not per line,
        // so a body without CRs is searched for one once.
        var nextCR = -1

        func dispatch() {
            if dataLines == 1, let bytes = data {
                emit(bytes)
            } else if dataLines > 1 {
                scratch.withUnsafeBytes { emit($0) }
                scratch.removeAll(keepingCapacity: true)
            }
            data = nil
            dataLines = 0
            event = nil
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
            // A blank line ending in `\n` (after most events) needs no search. (The `\n` of a
            // `\r\n` is skipped with its `\r`: a line never starts with it.)
            if base.load(fromByteOffset: index, as: UInt8.self) == 0x0A {
                dispatch()
                index += 1
                continue
            }
            // One line: [index, lineEnd), then skip its terminator (`\r\n`, `\n` or `\r`).
            let newline = firstIndex(of: 0x0A, in: body, from: index) ?? count
            if nextCR < index { nextCR = firstIndex(of: 0x0D, in: body, from: index) ?? count }
            var lineEnd = newline
            var next = min(newline + 1, count)
            if nextCR < newline {
                lineEnd = nextCR
                next = nextCR + 1 == newline ? newline + 1 : nextCR + 1
            }
            defer { index = next }
            if lineEnd == index {
                dispatch()
                continue
            }
            let first = base.load(fromByteOffset: index, as: UInt8.self)
            if first == UInt8(ascii: ":") {
                framing.skippedComments += 1
                continue
            }
            // `data:` and `event:` are read without searching for the colon.
            var colon = index
            if lineEnd - index >= 5, base.loadUnaligned(fromByteOffset: index, as: UInt32.self) == Self.dataWord,
                base.load(fromByteOffset: index + 4, as: UInt8.self) == UInt8(ascii: ":")
            {
                colon = index + 4
            } else {
                while colon < lineEnd, body[colon] != UInt8(ascii: ":") { colon += 1 }
            }
            var valueStart = min(colon + 1, lineEnd)
            if valueStart < lineEnd, body[valueStart] == 0x20 { valueStart += 1 }
            let value = UnsafeRawBufferPointer(rebasing: body[valueStart..<lineEnd])
            let nameLength = colon - index
            if nameLength == 4, base.loadUnaligned(fromByteOffset: index, as: UInt32.self) == Self.dataWord {
                dataLines += 1
                if dataLines == 1 {
                    data = value
                } else {
                    if dataLines == 2, let first = data { scratch.append(contentsOf: first) }
                    scratch.append(0x0A)
                    scratch.append(contentsOf: value)
                }
            } else if nameLength == 5, matches(UnsafeRawBufferPointer(rebasing: body[index..<colon]), "event") {
                if value.count <= maximumEventNameLength, value.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
                    // Streams repeat a few names: reuse the last string when the bytes match.
                    if value.isEmpty {
                        event = nil
                    } else if lastEvent != nil, value.count == lastEventBytes.count,
                        lastEventBytes.withUnsafeBytes({ memcmp($0.baseAddress!, value.baseAddress!, value.count) == 0 })
                    {
                        event = lastEvent
                    } else {
                        event = String(decoding: value, as: UTF8.self)
                        lastEvent = event
                        lastEventBytes = Array(value)
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
}
