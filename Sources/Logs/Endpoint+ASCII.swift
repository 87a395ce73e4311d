/// `Endpoint`'s rules on the UTF-8 bytes of a path that is plain ASCII with no `%` escape (and,
/// for a template, a model name that is ASCII too): every URL a gateway logs in practice. There a
/// `Character` is a byte (no `/`, `:` or letter joins another byte in a grapheme), case folding
/// is ASCII's, `String` equality is byte equality and percent-decoding changes nothing, so the
/// answers are the general path's without splitting, decoding, lower-casing or hashing `String`s.
/// Any other text takes the general path (`generalTemplate`, `generalModelInPath`).
extension Endpoint {
    /// `template(path:model:)` for a plain ASCII path and model; nil for any other text.
    static func asciiTemplate(path: String, model: String?) -> String? {
        var path = path
        return path.withUTF8 { path -> String? in
            guard isPlainASCII(path) else { return nil }
            guard var model else { return asciiTemplate(path, model: nil) }
            return model.withUTF8 { model in isPlainASCII(model) ? asciiTemplate(path, model: model) : nil }
        }
    }

    /// `modelInPath(_:)` for a plain ASCII path (the inner optional: the answer); nil for any other text.
    static func asciiModelInPath(_ path: String) -> String?? {
        var path = path
        return path.withUTF8 { path -> String?? in
            guard isPlainASCII(path) else { return nil }
            var previous: Range<Int>?
            var segments = PathSegments(path)
            while let segment = segments.next() {
                defer { previous = segment }
                guard let previous, isModelParent(path, previous) else { continue }
                let (name, action) = splitAction(path, segment)
                if (!segments.isDone || !action.isEmpty) && !name.isEmpty {
                    return .some(String(decoding: UnsafeBufferPointer(rebasing: path[name]), as: UTF8.self))
                }
            }
            return .some(nil)
        }
    }

    /// ASCII with no `%` (no escape to decode).
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 || byte == UInt8(ascii: "%") { return false }
        return true
    }

    private static func asciiTemplate(_ path: UnsafeBufferPointer<UInt8>, model: UnsafeBufferPointer<UInt8>?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(path.count + 16)
        out.append(UInt8(ascii: "/"))
        var previous = 0..<0
        var first = true
        var segments = PathSegments(path)
        while let segment = segments.next() {
            if !first { out.append(UInt8(ascii: "/")) }
            first = false
            let (name, action) = splitAction(path, segment)
            let parent = parentKind(path, previous)
            if let model, !model.isEmpty, equal(path, name, model) || equal(path, segment, model) {
                append("{model}", to: &out)
                if !equal(path, segment, model) { out.append(contentsOf: path[action]) }
            } else if parent != .none && (!segments.isDone || !action.isEmpty) {
                append(parent == .deployments ? "{deployment}" : "{model}", to: &out)
                out.append(contentsOf: path[action])
            } else if looksLikeIdentifier(utf8: path[name]) {
                append("{id}", to: &out)
                out.append(contentsOf: path[action])
            } else {
                out.append(contentsOf: path[segment])
            }
            previous = name
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `splitAction(_:)` on a segment's bytes: the name's range and the action's (with its colon).
    private static func splitAction(_ path: UnsafeBufferPointer<UInt8>, _ segment: Range<Int>) -> (name: Range<Int>, action: Range<Int>) {
        let none = (segment, segment.upperBound..<segment.upperBound)
        var colon = segment.upperBound - 1
        while colon >= segment.lowerBound, path[colon] != UInt8(ascii: ":") { colon -= 1 }
        guard colon > segment.lowerBound, segment.upperBound - colon - 1 >= 3 else { return none }
        for byte in path[(colon + 1)..<segment.upperBound] {
            let folded = byte | 0x20
            guard folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z") else { return none }
        }
        return (segment.lowerBound..<colon, colon..<segment.upperBound)
    }

    private enum ParentKind { case none, model, deployments }

    /// Whether the bytes at `range`, lower-cased, are one of `modelParents`, and which.
    private static func parentKind(_ path: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> ParentKind {
        for parent in modelParents where parent.utf8.count == range.count {
            var same = true
            for (byte, expected) in zip(path[range], parent.utf8) where lowered(byte) != expected {
                same = false
                break
            }
            if same { return parent == "deployments" ? .deployments : .model }
        }
        return .none
    }

    private static func isModelParent(_ path: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        parentKind(path, range) != .none
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    private static func equal(_ path: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        range.count == other.count && path[range].elementsEqual(other)
    }

    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// The non-empty `/`-separated segments of a path's bytes, in order; `isDone` once the last was
/// handed out.
struct PathSegments {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The start of the next segment (`bytes.count` when there is none).
    private var nextStart = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        nextStart = skipSlashes(from: 0)
    }

    var isDone: Bool { nextStart >= bytes.count }

    mutating func next() -> Range<Int>? {
        guard nextStart < bytes.count else { return nil }
        var end = nextStart
        while end < bytes.count, bytes[end] != UInt8(ascii: "/") { end += 1 }
        let segment = nextStart..<end
        nextStart = skipSlashes(from: end)
        return segment
    }

    private func skipSlashes(from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: "/") { index += 1 }
        return index
    }
}
