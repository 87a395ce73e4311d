/// How one word of the command line becomes an option's value. A word it refuses is a usage
/// error: `'--jobs' takes a whole number from 1 to 256, not 'x'`.
public struct ValueParser<T: Sendable>: Sendable {
    /// What the option takes, for the error: `a whole number from 1 to 256`.
    public let expected: String
    /// The only words accepted, when they are a fixed list.
    public let choices: [String]?
    private let convert: @Sendable (String) -> T?

    /// A parser that takes what `convert` turns into a value; `expected` says what that is.
    public init(expected: String, choices: [String]? = nil, _ convert: @escaping @Sendable (String) -> T?) {
        self.expected = expected
        self.choices = choices
        self.convert = convert
    }

    /// The value of `word`, given for the option `spelling` (`--jobs`, `$GATEWAY_MAPPER_SCHEMAS`).
    public func parse(_ word: String, for spelling: String) throws(CommandError) -> T {
        guard let value = convert(word) else { throw .usage("'\(spelling)' takes \(expected), not '\(word)'") }
        return value
    }

    /// The same words, turned into another type afterwards.
    public func map<U: Sendable>(_ transform: @escaping @Sendable (T) -> U) -> ValueParser<U> {
        let convert = self.convert
        return ValueParser<U>(expected: expected, choices: choices) { word in convert(word).map(transform) }
    }
}

extension ValueParser where T == String {
    /// Any word, as it is.
    public static var string: ValueParser<String> { ValueParser(expected: "a value") { $0 } }

    /// A word `accepts` lets through; `expected` says which.
    public static func string(_ expected: String, where accepts: @escaping @Sendable (String) -> Bool) -> ValueParser<String> {
        ValueParser(expected: expected) { accepts($0) ? $0 : nil }
    }
}

extension ValueParser where T == Int {
    /// A whole number in `range`.
    public static func integer(in range: ClosedRange<Int>) -> ValueParser<Int> {
        ValueParser(expected: "a whole number from \(range.lowerBound) to \(range.upperBound)") { word in
            Int(word).flatMap { range.contains($0) ? $0 : nil }
        }
    }
}

extension ValueParser where T == Double {
    /// A decimal number `accepts` lets through; `expected` says which (`a fraction from 0 to 1`).
    public static func decimal(_ expected: String, where accepts: @escaping @Sendable (Double) -> Bool) -> ValueParser<Double> {
        ValueParser(expected: expected) { word in Double(word).flatMap { accepts($0) ? $0 : nil } }
    }
}

extension ValueParser {
    /// One of an enumeration's raw values, listed in help and in the error.
    public static func choice(_ type: T.Type) -> ValueParser<T> where T: CaseIterable & RawRepresentable, T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        return ValueParser(expected: "one of " + names.joined(separator: ", "), choices: names) { T(rawValue: $0) }
    }
}
