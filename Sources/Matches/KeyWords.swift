/// The words of a JSON member name, for naming rules that must work across dialects:
/// `prompt_eval_count`, `promptTokenCount`, `in-tok`, `HTTPStatus2` all split the same way.
///
/// Splits on `_`, `-`, `.`, spaces and other punctuation, on lower→upper case changes
/// (`tokenCount` → token, count), before the last capital of an acronym run (`HTTPStatus` →
/// http, status), and between letters and digits. Words are lowercased.
public struct KeyWords: Sendable, Hashable {
    /// The words, lowercased, in order.
    public let words: [String]

    /// Splits `key`.
    public init(_ key: String) {
        var words: [String] = []
        var current: [Character] = []
        var previous: Character?
        let characters = Array(key)
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current.removeAll(keepingCapacity: true)
        }
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                flush()
                previous = nil
                continue
            }
            if let last = previous {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let lowerToUpper = last.isLowercase && character.isUppercase
                let acronymEnd = last.isUppercase && character.isUppercase && (next?.isLowercase ?? false)
                let digitBoundary = last.isNumber != character.isNumber
                if lowerToUpper || acronymEnd || digitBoundary { flush() }
            }
            current.append(character)
            previous = character
        }
        flush()
        self.words = words
    }

    /// True when any word is in `set`.
    public func contains(any set: Set<String>) -> Bool {
        words.contains { set.contains($0) }
    }

    /// True when any word starts with one of `prefixes` (`tok` matches `tokens`).
    public func contains(prefixOf prefixes: [String]) -> Bool {
        words.contains { word in prefixes.contains { word.hasPrefix($0) } }
    }

    /// The words joined by `_`, for comparisons that ignore the spelling of separators.
    public var normalized: String { words.joined(separator: "_") }
}
