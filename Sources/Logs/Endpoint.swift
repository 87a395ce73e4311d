import Foundation
/// The endpoint half of a key: a `target_url` path with the model and ids templated out, so one
/// key collects the same API across hosts (`/v1/chat/completions`,
/// `/v1beta/models/{model}:generateContent`, `/model/{model}/converse`, `/api/chat`).
public enum Endpoint {
    /// Path segments after which the next segment names a model or deployment.
    static let modelParents: Set<String> = ["models", "model", "deployments", "tunedmodels", "engines"]

    /// Templates `path` for `model` (which may be nil when the row has none).
    public static func template(path: String, model: String?) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var out: [String] = []
        out.reserveCapacity(segments.count)
        var previous = ""
        for (index, raw) in segments.enumerated() {
            let segment = String(raw)
            let decoded = percentDecoded(segment)
            let isLast = index == segments.count - 1
            // A Gemini-style `name:action` segment keeps its action.
            let (name, action) = splitAction(decoded)
            let lowerPrevious = previous.lowercased()
            if let model, !model.isEmpty, name == model || decoded == model || name.hasSuffix("/" + model) {
                out.append(decoded == model ? "{model}" : "{model}" + action)
            } else if modelParents.contains(lowerPrevious) && (!isLast || !action.isEmpty) {
                // `/v1/models/X/...` or `models/X:action`: X names a model even if not this row's.
                out.append((lowerPrevious == "deployments" ? "{deployment}" : "{model}") + action)
            } else if looksLikeIdentifier(name) {
                out.append("{id}" + action)
            } else {
                out.append(segment)
            }
            previous = name
        }
        return "/" + out.joined(separator: "/")
    }

    /// The model a path names, if any (`models/gemini-1.5-pro:generateContent`,
    /// `/model/anthropic.claude-3/converse`, `/deployments/gpt-4o/chat/completions`).
    public static func modelInPath(_ path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { percentDecoded(String($0)) }
        for (index, segment) in segments.enumerated() where index > 0 {
            guard modelParents.contains(segments[index - 1].lowercased()) else { continue }
            let isLast = index == segments.count - 1
            let (name, action) = splitAction(segment)
            if (!isLast || !action.isEmpty) && !name.isEmpty { return name }
        }
        return nil
    }

    /// Splits a Gemini-style `name:action` segment (`gemini-1.5-pro:generateContent`). An action is a
    /// word of letters; `:0` in a Bedrock model id (`anthropic.claude-3-haiku-v1:0`) is not one.
    static func splitAction(_ segment: String) -> (name: String, action: String) {
        guard let colon = segment.lastIndex(of: ":"), colon != segment.startIndex else { return (segment, "") }
        let word = segment[segment.index(after: colon)...]
        guard word.count >= 3, word.allSatisfy({ $0.isASCII && $0.isLetter }) else { return (segment, "") }
        return (String(segment[..<colon]), ":" + word)
    }

    /// Numbers, UUIDs, long hex strings and long mixed letter-digit tokens (`resp_8f3a…`).
    static func looksLikeIdentifier(_ segment: String) -> Bool {
        let utf8 = segment.utf8
        guard !utf8.isEmpty else { return false }
        var digits = 0, hex = 0, letters = 0, other = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1; hex += 1
            case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): hex += 1; letters += 1
            case UInt8(ascii: "g")...UInt8(ascii: "z"), UInt8(ascii: "G")...UInt8(ascii: "Z"): letters += 1
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): other += 1
            default: return false
            }
        }
        let count = utf8.count
        if digits == count { return true }
        if hex + other == count && hex >= 16 { return true }
        // Ids like resp_abc123def456, file-AbC123…: long, and digits mixed in with letters.
        return count >= 16 && digits >= 3 && letters >= 3
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        return text.removingPercentEncodingLossy()
    }
}

extension String {
    /// Decodes `%XX` escapes; invalid escapes are kept as written.
    fileprivate func removingPercentEncodingLossy() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let high = hexValue(iterator[iterator.startIndex]),
               let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}
