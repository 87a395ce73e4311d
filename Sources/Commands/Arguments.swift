/// The words of a command line, consumed as options are recognised.
///
/// Options take `--name value` or `--name=value`; flags take `--name`. Whatever is left
/// when a command has parsed its options is a usage error.
public struct Arguments: Sendable {
    private var words: [String]

    public init(_ words: [String]) {
        self.words = words
    }

    /// True when `--help` or `-h` was given.
    public var wantsHelp: Bool { words.contains("--help") || words.contains("-h") }

    /// Removes a boolean flag; true when it was present.
    public mutating func flag(_ name: String) -> Bool {
        var found = false
        words.removeAll { word in
            if word == "--\(name)" { found = true; return true }
            return false
        }
        return found
    }

    /// Removes every occurrence of an option and returns the values, in order.
    public mutating func options(_ name: String) throws(CommandError) -> [String] {
        var values: [String] = []
        var remaining: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--\(name)" {
                guard index + 1 < words.count, !words[index + 1].hasPrefix("--") else {
                    throw .usage("missing value for '--\(name)'")
                }
                values.append(words[index + 1])
                index += 2
                continue
            }
            if word.hasPrefix("--\(name)=") {
                values.append(String(word.dropFirst(name.count + 3)))
            } else {
                remaining.append(word)
            }
            index += 1
        }
        words = remaining
        return values
    }

    /// Removes an option given at most once.
    public mutating func option(_ name: String) throws(CommandError) -> String? {
        let values = try options(name)
        guard values.count <= 1 else { throw .usage("'--\(name)' given more than once") }
        return values.first
    }

    /// Removes an integer option, checking its range.
    public mutating func intOption(_ name: String, in range: ClosedRange<Int>) throws(CommandError) -> Int? {
        guard let text = try option(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .usage("'--\(name)' takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// Removes the next positional word, if any.
    public mutating func positional() -> String? {
        guard let index = words.firstIndex(where: { !$0.hasPrefix("--") }) else { return nil }
        return words.remove(at: index)
    }

    /// Throws a usage error if anything is left unparsed.
    public func finish() throws(CommandError) {
        if let word = words.first {
            throw .usage(word.hasPrefix("-") ? "unknown option '\(word)'" : "unexpected argument '\(word)'")
        }
    }
}
