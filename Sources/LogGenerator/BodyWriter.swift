import Demo

/// The sizes one generated row draws: how long its texts, conversations, vectors and blobs are.
struct RowShape: Sendable {
    /// Typical words in one free-text value.
    var textWords = 20
    /// Turns after the system turns of a conversation.
    var turns = 2
    /// Length of an embedding vector.
    var dimension = 256
    /// Characters of a non-embedding base64 blob (an image), bytes of an audio upload.
    var blobLength = 4_096
    /// Text values are stream deltas: a word or three.
    var streamDelta = false
}

/// Edits a client makes to the top-level object of its requests.
struct TopLevelEdit: Sendable {
    /// Keys the client never sends.
    var dropped: Set<String> = []
    /// Renames (`max_tokens` → `max_completion_tokens`).
    var renamed: [String: String] = [:]
    /// Members the client adds when the template lacks them, as raw compact JSON values.
    var added: [(key: String, value: [UInt8])] = []

    static let none = TopLevelEdit()
}

/// Writes a `TemplateNode` as JSON bytes in a style, drawing new text, ids, counts and vectors.
struct BodyWriter {
    var out: [UInt8] = []
    var style: JSONStyle
    var random: SplitMix64
    var shape: RowShape
    let modelName: [UInt8]
    /// Text stops growing once the body reaches this many bytes.
    var maxBytes = 200_000
    let words = InventedWords.shared

    init(style: JSONStyle, random: SplitMix64, shape: RowShape, modelName: String) {
        self.style = style
        self.random = random
        self.shape = shape
        self.modelName = Array(modelName.utf8)
        out.reserveCapacity(2_048)
    }

    mutating func next(_ bound: Int) -> Int { Int(random.next() % UInt64(max(1, bound))) }

    // MARK: Layout

    @inline(__always) mutating func newline(_ depth: Int) {
        guard style.indent > 0 else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: depth * style.indent))
    }

    @inline(__always) mutating func comma(_ depth: Int) {
        out.append(UInt8(ascii: ","))
        if style.indent > 0 { newline(depth) } else if style.spaced { out.append(0x20) }
    }

    @inline(__always) mutating func colon() {
        out.append(UInt8(ascii: ":"))
        if style.indent > 0 || style.spaced { out.append(0x20) }
    }

    // MARK: Values

    mutating func write(_ node: TemplateNode, depth: Int = 0, edit: TopLevelEdit = .none) {
        switch node {
        case .object(let members):
            writeObject(members, depth: depth, edit: edit)
        case .array(let elements):
            writeArray(count: elements.count, depth: depth) { writer, index in writer.write(elements[index], depth: depth + 1) }
        case .conversation(let lead, let cycle):
            let turns = cycle.isEmpty ? 0 : max(1, shape.turns)
            writeArray(count: lead.count + turns, depth: depth) { writer, index in
                let node = index < lead.count ? lead[index] : cycle[(index - lead.count) % cycle.count]
                writer.write(node, depth: depth + 1)
            }
        case .vector(let integers):
            writeVector(integers: integers, depth: depth)
        case .text:
            writeText()
        case .model(let prefix, let suffix):
            out.append(UInt8(ascii: "\""))
            appendEscaped(prefix)
            appendEscaped(modelName)
            appendEscaped(suffix)
            out.append(UInt8(ascii: "\""))
        case .identifier(let prefix, let length):
            out.append(UInt8(ascii: "\""))
            appendEscaped(prefix)
            let alphabet = Self.alphanumerics
            for _ in 0..<length { out.append(alphabet[next(alphabet.count)]) }
            out.append(UInt8(ascii: "\""))
        case .base64(let embedding):
            // A whole number of 4-character groups, so the string decodes.
            let count = (embedding ? (shape.dimension * 4 + 2) / 3 * 4 : shape.blobLength) & ~3
            out.append(UInt8(ascii: "\""))
            let alphabet = Self.base64Alphabet
            var written = 0
            while written < count {
                // Up to 10 characters from one draw.
                var bits = random.next()
                for _ in 0..<min(10, count - written) {
                    out.append(alphabet[Int(bits & 63)])
                    bits >>= 6
                }
                written += 10
            }
            out.append(UInt8(ascii: "\""))
        case .literal(let bytes):
            writeString(bytes)
        case .tokenCount:
            appendInteger(Int(1 + random.next() % (random.next() % 2 == 0 ? 200 : 4_000)))
        case .number(let raw):
            out.append(contentsOf: raw)
        case .bool(let flag):
            out.append(contentsOf: flag ? Self.trueBytes : Self.falseBytes)
        case .null:
            out.append(contentsOf: Self.nullBytes)
        }
    }

    mutating func writeObject(_ members: [TemplateNode.Member], depth: Int, edit: TopLevelEdit) {
        out.append(UInt8(ascii: "{"))
        var first = true
        func separator(_ writer: inout BodyWriter) {
            if first { writer.newline(depth + 1) } else { writer.comma(depth + 1) }
            first = false
        }
        let editing = !edit.dropped.isEmpty || !edit.renamed.isEmpty || !edit.added.isEmpty
        var present: Set<String> = []
        for member in members {
            var key = member.key
            if editing {
                let name = String(decoding: member.key, as: UTF8.self)
                present.insert(name)
                if edit.dropped.contains(name) { continue }
                if let renamed = edit.renamed[name] { key = Array(renamed.utf8) }
            }
            separator(&self)
            writeString(key)
            colon()
            write(member.value, depth: depth + 1)
        }
        for (key, value) in edit.added where !present.contains(key) {
            separator(&self)
            writeString(Array(key.utf8))
            colon()
            out.append(contentsOf: value)
        }
        if !first { newline(depth) }
        out.append(UInt8(ascii: "}"))
    }

    mutating func writeArray(count: Int, depth: Int, _ element: (inout BodyWriter, Int) -> Void) {
        out.append(UInt8(ascii: "["))
        for index in 0..<count {
            if index == 0 { newline(depth + 1) } else { comma(depth + 1) }
            element(&self, index)
        }
        if count > 0 { newline(depth) }
        out.append(UInt8(ascii: "]"))
    }

    mutating func writeVector(integers: Bool, depth: Int) {
        // A body already at its size limit gets short vectors.
        writeArray(count: out.count >= maxBytes ? 8 : shape.dimension, depth: depth) { writer, _ in
            if integers {
                writer.appendInteger(writer.next(128_000))
                return
            }
            // -0.0xxxxxxxx: a small float with 8 to 10 digits, as embedding APIs print them.
            var bits = writer.random.next()
            if bits & 1 == 1 { writer.out.append(UInt8(ascii: "-")) }
            bits >>= 1
            writer.out.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "."), UInt8(ascii: "0")])
            let digits = 8 + Int(bits & 3)
            bits >>= 2
            for _ in 0..<digits {
                writer.out.append(UInt8(ascii: "0") + UInt8(bits % 10))
                bits /= 10
            }
        }
    }

    /// Free text: invented words, sometimes a sentence break or a line break.
    mutating func writeText() {
        let count: Int
        if shape.streamDelta {
            count = 1 + next(3)
        } else {
            let base = Double(max(1, shape.textWords))
            count = max(1, Int(base * (0.3 + 1.4 * random.nextDouble())))
        }
        out.append(UInt8(ascii: "\""))
        appendWords(count, escaped: style.escapesNonASCII, leadingSpace: shape.streamDelta)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `count` words (JSON-string-safe) separated by spaces.
    mutating func appendWords(_ count: Int, escaped: Bool, leadingSpace: Bool = false) {
        let list = escaped ? words.escaped : words.raw
        let plain = list.count - 23
        for index in 0..<count {
            if out.count >= maxBytes { break }
            var bits = random.next()
            if index > 0 || leadingSpace {
                switch bits & 63 {
                case 0: out.append(contentsOf: [UInt8(ascii: "."), 0x20])
                case 1: out.append(contentsOf: [UInt8(ascii: ","), 0x20])
                case 2: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                default: out.append(0x20)
                }
            }
            bits >>= 6
            // One word in twenty is accented, non-Latin or an emoji.
            let word = bits % 20 == 0 ? list[plain + Int((bits >> 8) % 23)] : list[Int((bits >> 8) % UInt64(plain))]
            out.append(contentsOf: word)
        }
    }

    // MARK: Strings and numbers

    mutating func writeString(_ bytes: [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(bytes)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends decoded UTF-8 as the inside of a JSON string, in this writer's escaping habits.
    mutating func appendEscaped<C: Collection>(_ bytes: C) where C.Element == UInt8, C.Index == Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case UInt8(ascii: "/") where style.escapesSlash: out.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20: appendUnicodeEscape(UInt16(byte), to: &out)
            case 0x80... where style.escapesNonASCII:
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                guard index + length <= bytes.endIndex else { index = bytes.endIndex; continue }
                var scalar = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
                for offset in 1..<length { scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F) }
                if scalar >= 0x10000 {
                    let value = scalar - 0x10000
                    appendUnicodeEscape(UInt16(0xD800 + (value >> 10)), to: &out)
                    appendUnicodeEscape(UInt16(0xDC00 + (value & 0x3FF)), to: &out)
                } else {
                    appendUnicodeEscape(UInt16(scalar), to: &out)
                }
                index += length
                continue
            default: out.append(byte)
            }
            index += 1
        }
    }

    mutating func appendInteger(_ value: Int) {
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for position in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[position]) }
        }
    }

    static let alphanumerics: [UInt8] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let trueBytes: [UInt8] = Array("true".utf8)
    static let falseBytes: [UInt8] = Array("false".utf8)
    static let nullBytes: [UInt8] = Array("null".utf8)
}
