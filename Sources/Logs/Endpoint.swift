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
        // A model id with `/` in it (Hugging Face `org/name`, a Bedrock ARN) spans segments.
        let modelSpan = model.map { $0.split(separator: "/", omittingEmptySubsequences: false).count } ?? 1
        var skip = 0
        for (index, raw) in segments.enumerated() {
            if skip > 0 {
                skip -= 1
                continue
            }
            if modelSpan > 1, let model, index + modelSpan <= segments.count {
                let joined = segments[index..<(index + modelSpan)].map { percentDecoded(String($0)) }.joined(separator: "/")
                let (name, action) = splitAction(joined)
                if joined == model || name == model {
                    out.append("{model}" + (joined == model ? "" : action))
                    skip = modelSpan - 1
                    previous = model
                    continue
                }
            }
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
    /// `/model/anthropic.claude-3/converse`, `/deployments/gpt-4o/chat/completions`). A model of
    /// `known` whose id spans segments (`models/google/flan-t5-xxl`) is found whole, the longest first.
    public static func modelInPath(_ path: String, known: Set<String> = []) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { percentDecoded(String($0)) }
        for (index, segment) in segments.enumerated() where index > 0 {
            guard modelParents.contains(segments[index - 1].lowercased()) else { continue }
            if let spanning = knownModel(spanning: segments[index...], known: known) { return spanning }
            let isLast = index == segments.count - 1
            let (name, action) = splitAction(segment)
            if (!isLast || !action.isEmpty) && !name.isEmpty { return name }
        }
        return nil
    }

    /// The longest model of `known` with `/` in its id that `segments` start with (whole segments,
    /// the last one possibly followed by an action).
    static func knownModel(spanning segments: ArraySlice<String>, known: Set<String>) -> String? {
        guard segments.count > 1, !known.isEmpty else { return nil }
        var candidate = segments[segments.startIndex]
        var found: String?
        for segment in segments.dropFirst() {
            candidate += "/" + segment
            if known.contains(candidate) || known.contains(splitAction(candidate).name) {
                found = known.contains(candidate) ? candidate : splitAction(candidate).name
            }
        }
        return found
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
