extension BodyFramer {
    /// One document per element of a top-level JSON array (Gemini `streamGenerateContent`
    /// without `alt=sse`). Elements are delimited by the commas and the `]` at depth one (strings
    /// skipped, escapes honoured) and are scanned by the caller, so a malformed element is the
    /// scanner's rejection. A body ending inside the array passes on what it holds and counts
    /// `truncated`; bytes after the `]` count `trailing_garbage`. A body that is not an array is
    /// one document.
    static func frameJSONArray(_ body: UnsafeRawBufferPointer, from start: Int, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        var index = start
        while index < body.count, isWhitespace(body[index]) { index += 1 }
        guard index < body.count else { return }
        guard body[index] == UInt8(ascii: "[") else {
            visit(FramedDocument(bytes: body, event: nil, index: 0, offset: 0))
            framing.documents = 1
            return
        }
        var elementStart = index + 1
        var depth = 0
        var closing = -1
        walkStructure(body, from: index + 1, end: body.count) { at, byte in
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}") where depth > 0, UInt8(ascii: "]") where depth > 0: depth -= 1
            case UInt8(ascii: ",") where depth == 0, UInt8(ascii: "]"):
                emitElement(body, elementStart, at, closing: byte == UInt8(ascii: "]"), into: &framing, visit: visit)
                if byte == UInt8(ascii: "]") {
                    closing = at
                    return false
                }
                elementStart = at + 1
            default: break
            }
            return true
        }
        if closing >= 0 {
            var rest = closing + 1
            while rest < body.count, isWhitespace(body[rest]) { rest += 1 }
            if rest < body.count { framing.rejected[.trailingGarbage, default: 0] += 1 }
            return
        }
        emitElement(body, elementStart, body.count, closing: true, into: &framing, visit: visit)
        framing.rejected[.truncated, default: 0] += 1
    }

    /// Passes on the element at [start, end) with its whitespace trimmed; an empty one is
    /// counted (`[]` and a trailing `]` after the last element are not elements).
    static func emitElement(_ body: UnsafeRawBufferPointer, _ start: Int, _ end: Int, closing: Bool, into framing: inout BodyFraming, visit: (FramedDocument) -> Void) {
        var first = start
        var last = min(end, body.count)
        while first < last, isWhitespace(body[first]) { first += 1 }
        while last > first, isWhitespace(body[last - 1]) { last -= 1 }
        guard first < last else {
            if !(closing && framing.documents == 0) { framing.skippedEmpty += 1 }
            return
        }
        visit(FramedDocument(bytes: UnsafeRawBufferPointer(rebasing: body[first..<last]), event: nil, index: framing.documents, offset: first))
        framing.documents += 1
    }
}
