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
    ///
    /// `data:` and `event:` lines are recognised from their first bytes; an `event:` line's end
    /// is found while its name is checked (one pass), a `data:` line's with one `memchr` for
    /// `\n` (a CR is searched for once per CR, not per line).
    static func frameSSE(_ body: UnsafeRawBufferPointer, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        guard let base = body.baseAddress, body.count > 0 else { return }
        var index = 0
        let count = body.count
        // The open event: one `data:` line in place at [dataStart, dataEnd), several joined in
        // `scratch`; its name.
        var dataStart = 0
        var dataEnd = 0
        var dataLines = 0
        var scratch: [UInt8] = []
        var event: String?
        // Names seen in this body, each made into a `String` once (streams repeat a few).
        var names: [EventName] = []
        var lastName = 0
        // The first CR at or after `index` (`count` when none), when not below `index`: one
        // search per CR, not per line, so a body without CRs is searched for one once.
        var nextCR = -1

        func dispatch() {
            if dataLines == 1 {
                emit(UnsafeRawBufferPointer(start: base + dataStart, count: dataEnd - dataStart))
            } else if dataLines > 1 {
                scratch.withUnsafeBytes { emit($0) }
                scratch.removeAll(keepingCapacity: true)
            }
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

        func addData(_ start: Int, _ end: Int) {
            dataLines += 1
            if dataLines == 1 {
                dataStart = start
                dataEnd = end
            } else {
                if dataLines == 2 { scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + dataStart, count: dataEnd - dataStart)) }
                scratch.append(0x0A)
                scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: end - start))
            }
        }

        // The end of the line holding `start` (no CR or LF in [index, start)), and where the
        // next line starts.
        func lineEnd(from start: Int) -> (end: Int, next: Int) {
            let newline = firstIndex(of: 0x0A, in: body, from: start) ?? count
            if nextCR < start { nextCR = firstIndex(of: 0x0D, in: body, from: start) ?? count }
            if nextCR < newline { return (nextCR, nextCR + 1 == newline ? newline + 1 : nextCR + 1) }
            return (newline, min(newline + 1, count))
        }

        // Names the open event with the valid name at [start, end) (at most 64 printable bytes).
        func name(_ start: Int, _ end: Int) {
            let length = end - start
            guard length > 0 else {
                event = nil
                return
            }
            if lastName < names.count, names[lastName].matches(base, start, length) {
                event = names[lastName].name
                return
            }
            for position in names.indices where position != lastName && names[position].matches(base, start, length) {
                lastName = position
                event = names[position].name
                return
            }
            let made = String(decoding: UnsafeRawBufferPointer(start: base + start, count: length), as: UTF8.self)
            event = made
            if names.count < EventName.kept {
                lastName = names.count
                names.append(EventName(start: start, count: length, name: made))
            }
        }

        while index < count {
            let first = base.load(fromByteOffset: index, as: UInt8.self)
            // A blank line (after most events) needs no search.
            if first == 0x0A {
                dispatch()
                index += 1
                continue
            }
            if first == 0x0D {
                dispatch()
                index += index + 1 < count && base.load(fromByteOffset: index + 1, as: UInt8.self) == 0x0A ? 2 : 1
                continue
            }
            // `data:` value: one search for its end.
            if first == UInt8(ascii: "d"), count - index >= 5, base.loadUnaligned(fromByteOffset: index, as: UInt32.self) == Self.dataWord,
                base.load(fromByteOffset: index + 4, as: UInt8.self) == UInt8(ascii: ":")
            {
                var valueStart = index + 5
                if valueStart < count, base.load(fromByteOffset: valueStart, as: UInt8.self) == 0x20 { valueStart += 1 }
                let (end, next) = lineEnd(from: valueStart)
                addData(valueStart, end)
                index = next
                continue
            }
            // `event:` name: checked and its end found in one pass.
            if first == UInt8(ascii: "e"), count - index >= 6, base.loadUnaligned(fromByteOffset: index, as: UInt32.self) == Self.evenWord,
                base.load(fromByteOffset: index + 4, as: UInt8.self) == UInt8(ascii: "t"),
                base.load(fromByteOffset: index + 5, as: UInt8.self) == UInt8(ascii: ":")
            {
                var valueStart = index + 6
                if valueStart < count, base.load(fromByteOffset: valueStart, as: UInt8.self) == 0x20 { valueStart += 1 }
                // The first byte a name cannot hold (≤ 0x20 or ≥ 0x7F) among the next 65, eight
                // at a time while eight are left.
                var end = valueStart
                let limit = min(count, valueStart + maximumEventNameLength + 1)
                var byte: UInt8 = 0
                var stopped = false
                while end + 8 <= count, end < limit {
                    let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: end, as: UInt64.self))
                    let flags = Self.nameStops(word)
                    if flags != 0 {
                        end += flags.trailingZeroBitCount >> 3
                        byte = base.load(fromByteOffset: end, as: UInt8.self)
                        stopped = true
                        break
                    }
                    end += 8
                }
                while !stopped, end < limit {
                    byte = base.load(fromByteOffset: end, as: UInt8.self)
                    if byte <= 0x20 || byte >= 0x7F {
                        stopped = true
                        break
                    }
                    end += 1
                }
                let fits = end - valueStart <= maximumEventNameLength
                if fits, end == count {
                    name(valueStart, end)
                    index = count
                    continue
                }
                if fits, stopped, byte == 0x0A || byte == 0x0D {
                    name(valueStart, end)
                    index = byte == 0x0D && end + 1 < count && base.load(fromByteOffset: end + 1, as: UInt8.self) == 0x0A ? end + 2 : end + 1
                    continue
                }
                // Too long, or a byte a name cannot hold: ignored.
                event = nil
                framing.ignoredFields += 1
                index = lineEnd(from: end).next
                continue
            }
            if first == UInt8(ascii: ":") {
                framing.skippedComments += 1
                index = lineEnd(from: index + 1).next
                continue
            }
            // Any other line: [index, end).
            let (end, next) = lineEnd(from: index)
            defer { index = next }
            var colon = index + 1
            while colon < end, base.load(fromByteOffset: colon, as: UInt8.self) != UInt8(ascii: ":") { colon += 1 }
            var valueStart = min(colon + 1, end)
            if valueStart < end, base.load(fromByteOffset: valueStart, as: UInt8.self) == 0x20 { valueStart += 1 }
            let nameLength = colon - index
            if nameLength == 4, base.loadUnaligned(fromByteOffset: index, as: UInt32.self) == Self.dataWord {
                addData(valueStart, end)  // `data` without a colon: empty data
            } else if nameLength == 5, matches(UnsafeRawBufferPointer(start: base + index, count: 5), "event") {
                // `event` without a colon: no name
                event = nil
            } else {
                framing.ignoredFields += 1
            }
        }
        dispatch()
    }

    /// The high bit of each byte of `word` (in memory order) that is ≤ 0x20 or ≥ 0x7F, exact up
    /// to the first such byte (later bytes may be flagged by a borrow or a carry).
    @inline(__always)
    static func nameStops(_ word: UInt64) -> UInt64 {
        let low = (word &- 0x2121_2121_2121_2121) & ~word
        let high = (word &+ 0x0101_0101_0101_0101) | word
        return (low | high) & 0x8080_8080_8080_8080
    }

    /// An `event:` name seen in the body being framed, and its string.
    struct EventName {
        /// Names kept per body; later new names are made into strings each time.
        static let kept = 8
        var start: Int
        var count: Int
        var name: String

        @inline(__always)
        func matches(_ base: UnsafeRawPointer, _ other: Int, _ length: Int) -> Bool {
            count == length && memcmp(base + start, base + other, length) == 0
        }
    }

    /// `data` as a word in memory order, to recognise the field with one compare.
    @inline(__always)
    static var dataWord: UInt32 { UInt32(littleEndian: 0x6174_6164) }

    /// `even` (of `event`) as a word in memory order.
    @inline(__always)
    static var evenWord: UInt32 { UInt32(littleEndian: 0x6E65_7665) }

    /// True when `bytes` equal the UTF-8 of `text`, compared in place.
    @inline(__always)
    static func matches(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
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
