#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits server-sent events per the WHATWG algorithm: lines end with `\r\n`, `\n` or `\r`;
/// `field:value` with one optional space after the colon; a blank line dispatches the event;
/// several `data:` lines are joined with `\n`; `:` lines are comments; `id:`/`retry:` are
/// ignored. `data: [DONE]` is skipped. An event still open at the end of the body is
/// dispatched (logged streams often lack the final blank line). An `event:` name is kept when it
/// has at most 64 printable ASCII bytes (else the line is ignored and counted).
struct SSEFramer {
    /// Longest `event:` name kept.
    static let maximumEventNameLength = 64

    let body: UnsafeRawBufferPointer
    let base: UnsafeRawPointer
    /// Where the events start (after a byte order mark).
    let start: Int
    /// The open event: one `data:` line in place at [dataStart, dataEnd), several joined in
    /// `scratch`; its name.
    var dataStart = 0
    var dataEnd = 0
    var dataLines = 0
    var scratch: [UInt8] = []
    var event: String?
    /// Names seen in this body, each made into a `String` once (streams repeat a few).
    var names: [EventName] = []
    var lastName = 0
    /// The first CR at or after the line being read (`body.count` when none), when not below
    /// it: one search per CR, not per line, so a body without CRs is searched for one once.
    var nextCR = -1

    init?(_ body: UnsafeRawBufferPointer, from start: Int) {
        guard let base = body.baseAddress, start < body.count else { return nil }
        self.body = body
        self.base = base
        self.start = start
    }

    /// Frames every event, counting what is skipped in `framing`.
    mutating func frame(into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        var index = start
        while index < body.count {
            let (end, next) = lineEnd(from: index)
            readLine(index, end, into: &framing, visit: visit)
            index = next
        }
        dispatch(into: &framing, visit: visit)
    }

    /// One line, [start, end).
    mutating func readLine(_ start: Int, _ end: Int, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        if start == end {
            dispatch(into: &framing, visit: visit)
            return
        }
        if base.load(fromByteOffset: start, as: UInt8.self) == UInt8(ascii: ":") {
            framing.skippedComments += 1
            return
        }
        let colon = memchr(base + start, Int32(UInt8(ascii: ":")), end - start).map { UnsafeRawPointer($0) - base } ?? end
        var valueStart = min(colon + 1, end)
        if valueStart < end, base.load(fromByteOffset: valueStart, as: UInt8.self) == 0x20 { valueStart += 1 }
        let field = UnsafeRawBufferPointer(start: base + start, count: colon - start)
        if BodyFramer.matches(field, "data") {
            addData(valueStart, end)
        } else if BodyFramer.matches(field, "event") {
            if !name(valueStart, end) { framing.ignoredFields += 1 }
        } else {
            framing.ignoredFields += 1
        }
    }

    /// The end of the line starting at `start`, and where the next line starts.
    mutating func lineEnd(from start: Int) -> (end: Int, next: Int) {
        let count = body.count
        let newline = BodyFramer.firstIndex(of: 0x0A, in: body, from: start) ?? count
        if nextCR < start { nextCR = BodyFramer.firstIndex(of: 0x0D, in: body, from: start) ?? count }
        if nextCR < newline { return (nextCR, nextCR + 1 == newline ? newline + 1 : nextCR + 1) }
        return (newline, min(newline + 1, count))
    }

    mutating func addData(_ start: Int, _ end: Int) {
        dataLines += 1
        if dataLines == 1 {
            dataStart = start
            dataEnd = end
            return
        }
        if dataLines == 2 { scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + dataStart, count: dataEnd - dataStart)) }
        scratch.append(0x0A)
        scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: end - start))
    }

    /// Passes on the open event, if it has data.
    mutating func dispatch(into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        if dataLines == 1 {
            emit(UnsafeRawBufferPointer(start: base + dataStart, count: dataEnd - dataStart), offset: dataStart, into: &framing, visit: visit)
        } else if dataLines > 1 {
            scratch.withUnsafeBytes { emit($0, offset: nil, into: &framing, visit: visit) }
            scratch.removeAll(keepingCapacity: true)
        }
        dataLines = 0
        event = nil
    }

    func emit(_ bytes: UnsafeRawBufferPointer, offset: Int?, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        var first = 0
        var end = bytes.count
        while first < end, BodyFramer.isWhitespace(bytes[first]) { first += 1 }
        while end > first, BodyFramer.isWhitespace(bytes[end - 1]) { end -= 1 }
        if first == end {
            framing.skippedEmpty += 1
            return
        }
        if BodyFramer.matches(UnsafeRawBufferPointer(rebasing: bytes[first..<end]), "[DONE]") {
            framing.skippedDone += 1
            return
        }
        visit(FramedDocument(bytes: bytes, event: event, index: framing.documents, offset: offset))
        framing.documents += 1
    }

    /// Names the open event with [start, end): false (no name) when the name is too long or
    /// holds a byte that is not printable ASCII; an empty name is no name.
    mutating func name(_ start: Int, _ end: Int) -> Bool {
        event = nil
        let length = end - start
        guard length > 0 else { return true }
        guard length <= Self.maximumEventNameLength else { return false }
        for offset in start..<end {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            if byte <= 0x20 || byte >= 0x7F { return false }
        }
        if lastName < names.count, names[lastName].matches(base, start, length) {
            event = names[lastName].name
            return true
        }
        for position in names.indices where position != lastName && names[position].matches(base, start, length) {
            lastName = position
            event = names[position].name
            return true
        }
        let made = String(decoding: UnsafeRawBufferPointer(start: base + start, count: length), as: UTF8.self)
        event = made
        if names.count < EventName.kept {
            lastName = names.count
            names.append(EventName(start: start, count: length, name: made))
        }
        return true
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
}

extension BodyFramer {
    /// True when `bytes` equal the UTF-8 of `text`, compared in place.
    @inline(__always)
    static func matches(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
    }

    /// One document per line (`\n` or `\r\n`) from `start`; blank lines are skipped and counted.
    static func frameNDJSON(_ body: UnsafeRawBufferPointer, from start: Int, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        var index = start
        while index < body.count {
            let newline = firstIndex(of: 0x0A, in: body, from: index) ?? body.count
            var first = index
            var end = newline
            while first < end, isWhitespace(body[first]) { first += 1 }
            while end > first, isWhitespace(body[end - 1]) { end -= 1 }
            if first == end {
                if newline < body.count { framing.skippedEmpty += 1 }
            } else {
                let bytes = UnsafeRawBufferPointer(rebasing: body[first..<end])
                visit(FramedDocument(bytes: bytes, event: nil, index: framing.documents, offset: first))
                framing.documents += 1
            }
            index = newline + 1
        }
    }
}
