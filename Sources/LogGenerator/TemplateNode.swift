import JSONScanning

/// A fixture body parsed once into a tree whose nodes say how each value is made again for every
/// generated row: free text becomes invented words, ids get new tails, token counts new numbers,
/// vectors new lengths, conversations new turn counts; catalog constants are kept as written.
indirect enum TemplateNode: Sendable {
    struct Member: Sendable {
        var key: [UInt8]
        var value: TemplateNode
    }

    case object([Member])
    case array([TemplateNode])
    /// An array of `role` objects: leading system turns, then turns cycled to the row's length.
    case conversation(lead: [TemplateNode], cycle: [TemplateNode])
    /// An array of numbers (an embedding): written with the row's dimension.
    case vector(integers: Bool)
    /// Free text: invented words.
    case text
    /// A string holding the fixture's model name: written with the generated model's name.
    case model(prefix: [UInt8], suffix: [UInt8])
    /// An id such as `chatcmpl-B9q…`: the prefix kept, a random tail of the same length.
    case identifier(prefix: [UInt8], length: Int)
    /// A long base64 string (an embedding or an image): random base64 of the row's length.
    case base64(embedding: Bool)
    /// A string kept as written (decoded UTF-8; re-escaped by the writer's habits).
    case literal([UInt8])
    /// An integer counting tokens: a new count.
    case tokenCount
    /// A number kept as written.
    case number([UInt8])
    case bool(Bool)
    case null
}

/// A JSON value as parsed, before classification.
indirect enum ParsedJSON {
    case object([(String, ParsedJSON)])
    case array([ParsedJSON])
    case string(String)
    case number([UInt8], isInteger: Bool)
    case bool(Bool)
    case null
}

extension TemplateNode {
    /// Parses `bytes` (one JSON document) and classifies it; `model` is the fixture's model name.
    static func parse(_ bytes: [UInt8], model: String?) throws(JSONScanError) -> TemplateNode {
        try classify(ParsedJSON.parse(bytes), key: "", model: model ?? "")
    }

    static let textKeys: Set<String> = [
        "content", "text", "prompt", "input", "system", "preamble", "message", "query", "documents", "texts",
        "thinking", "instructions", "transcript", "output_text", "revised_prompt", "delta", "response",
        "reasoning", "summary", "description", "document", "refusal",
    ]
    static let constantKeys: Set<String> = [
        "role", "type", "object", "finish_reason", "stop_reason", "finishreason", "event", "status", "encoding_format",
        "response_format", "name", "done_reason", "stopreason", "service_tier", "mimetype", "mime_type", "format",
        "language", "model", "size", "quality", "style", "voice", "tool_choice", "mode", "task", "input_type",
        "embedding_types", "media_type", "finish_reasons", "arguments", "partial_json",
    ]

    static func classify(_ value: ParsedJSON, key: String, model: String) -> TemplateNode {
        let lower = key.lowercased()
        switch value {
        case .object(let members):
            return .object(members.map { Member(key: Array($0.0.utf8), value: classify($0.1, key: $0.0, model: model)) })
        case .array(let elements):
            let isConversation = elements.contains {
                if case .object(let members) = $0 { return members.contains { $0.0 == "role" } }
                return false
            }
            if isConversation {
                var nodes = elements.map { classify($0, key: key, model: model) }
                var lead: [TemplateNode] = []
                for element in elements {
                    guard case .object(let members) = element,
                        let role = members.first(where: { $0.0 == "role" })?.1, case .string(let name) = role,
                        name == "system" || name == "developer"
                    else { break }
                    lead.append(nodes.removeFirst())
                }
                return nodes.isEmpty ? .conversation(lead: [], cycle: lead) : .conversation(lead: lead, cycle: nodes)
            }
            let numbers = elements.allSatisfy { if case .number = $0 { true } else { false } }
            if numbers && elements.count >= 8 {
                let integers = elements.allSatisfy { if case .number(_, true) = $0 { true } else { false } }
                return .vector(integers: integers)
            }
            return .array(elements.map { classify($0, key: key, model: model) })
        case .string(let string):
            if string.isEmpty { return .literal([]) }
            if !model.isEmpty, let range = string.range(of: model) {
                return .model(prefix: Array(string[..<range.lowerBound].utf8), suffix: Array(string[range.upperBound...].utf8))
            }
            if constantKeys.contains(lower) { return .literal(Array(string.utf8)) }
            if isBase64(string) { return .base64(embedding: lower.contains("embedding")) }
            if lower == "id" || lower.hasSuffix("_id") || key.hasSuffix("Id") || lower == "system_fingerprint",
                let identifier = identifier(string) {
                return identifier
            }
            let spaces = string.utf8.filter { $0 == 0x20 }.count
            if textKeys.contains(lower) || (spaces >= 2 && string.utf8.count > 16)
                || (string.utf8.contains { $0 >= 0x80 } && string.utf8.count > 8) {
                return .text
            }
            return .literal(Array(string.utf8))
        case .number(let raw, let isInteger):
            if isInteger && (lower.contains("token") || lower.hasSuffix("_count") || lower.hasSuffix("tokencount")) {
                return .tokenCount
            }
            return .number(raw)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        }
    }

    static func isBase64(_ string: String) -> Bool {
        guard string.utf8.count >= 40 else { return false }
        return string.utf8.allSatisfy {
            ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39)
                || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=")
        }
    }

    /// `chatcmpl-B9qX…` → prefix `chatcmpl-`, a tail of 29; nil when it does not look like an id.
    static func identifier(_ string: String) -> TemplateNode? {
        let bytes = Array(string.utf8)
        guard bytes.count >= 8, !bytes.contains(0x20) else { return nil }
        var cut = 0
        for (index, byte) in bytes.prefix(16).enumerated() where byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") {
            cut = index + 1
        }
        let tail = bytes[cut...]
        guard tail.count >= 6, tail.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }) else {
            return nil
        }
        return .identifier(prefix: Array(bytes[..<cut]), length: tail.count)
    }
}

extension ParsedJSON {
    /// Parses one document with the project's strict scanner.
    static func parse(_ bytes: [UInt8]) throws(JSONScanError) -> ParsedJSON {
        var builder = TreeBuilder()
        let failure: JSONScanError? = bytes.withUnsafeBytes { buffer in
            var scanner = JSONScanner(buffer)
            do throws(JSONScanError) {
                try scanner.scan(into: &builder)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        return builder.root ?? .null
    }
}

/// Builds a `ParsedJSON` from scanner events.
struct TreeBuilder: JSONVisitor {
    enum Frame {
        case object([(String, ParsedJSON)], key: String)
        case array([ParsedJSON])
    }

    var stack: [Frame] = []
    var root: ParsedJSON?

    mutating func add(_ value: ParsedJSON) {
        guard let top = stack.popLast() else {
            root = value
            return
        }
        switch top {
        case .object(var members, let key):
            members.append((key, value))
            stack.append(.object(members, key: ""))
        case .array(var elements):
            elements.append(value)
            stack.append(.array(elements))
        }
    }

    mutating func beginObject() { stack.append(.object([], key: "")) }
    mutating func key(_ key: JSONStringToken) {
        if case .object(let members, _) = stack.popLast() { stack.append(.object(members, key: key.decoded())) }
    }
    mutating func endObject(memberCount: Int) {
        if case .object(let members, _) = stack.popLast() { add(.object(members)) }
    }
    mutating func beginArray() { stack.append(.array([])) }
    mutating func endArray(count: Int) {
        if case .array(let elements) = stack.popLast() { add(.array(elements)) }
    }
    mutating func string(_ token: JSONStringToken) { add(.string(token.decoded())) }
    mutating func number(_ token: JSONNumberToken) { add(.number(Array(token.raw), isInteger: token.isInteger)) }
    mutating func bool(_ value: Bool) { add(.bool(value)) }
    mutating func null() { add(.null) }
}
