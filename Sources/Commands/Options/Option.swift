/// Anything a command lists among what its command line takes.
public protocol DeclaredOption: Sendable {
    var declaration: OptionDeclaration { get }
}

/// A declared option with the type a command reads it as: `Option<Bool>` for a flag,
/// `Option<String?>` for an optional value, `Option<Int>` for one with a default, `Option<[T]>`
/// for a repeatable one. A command lists it in `options` and reads it with
/// ``ParsedOptions/value(_:)``; help is made from the same declaration.
public struct Option<Value: Sendable>: DeclaredOption {
    public private(set) var declaration: OptionDeclaration
    private let read: @Sendable (ParsedOptions.Given) throws(CommandError) -> Value

    /// An option declared by `declaration` whose value `read` makes from what was given.
    public init(_ declaration: OptionDeclaration, read: @escaping @Sendable (ParsedOptions.Given) throws(CommandError) -> Value) {
        self.declaration = declaration
        self.read = read
    }

    /// The value given; usage errors for a word the option does not take.
    func value(_ given: ParsedOptions.Given) throws(CommandError) -> Value {
        try read(given)
    }
}

extension Option {
    /// `--name`: true when given.
    public static func flag(_ name: String, help: String) -> Self where Value == Bool {
        Option(OptionDeclaration(name, help: help, kind: .flag)) { given in !given.words.isEmpty }
    }

    /// `--name VALUE`, at most once; nil when absent (and `environment`, if named, is unset).
    public static func value<T>(
        _ name: String, _ valueName: String, help: String, environment: String? = nil, _ parser: ValueParser<T>
    ) -> Self where Value == T? {
        let declaration = OptionDeclaration(
            name, valueName: valueName, help: help, kind: .single, environment: environment, choices: parser.choices)
        return Option(declaration) { given throws(CommandError) in
            guard let word = given.words.first else { return nil }
            return try parser.parse(word, for: given.spelling(declaration))
        }
    }

    /// `--name VALUE`, at most once; `defaultValue` when absent. Help says the default as
    /// `shown`, or as the value itself.
    public static func value(
        _ name: String, _ valueName: String, help: String, default defaultValue: Value, shown: String? = nil,
        _ parser: ValueParser<Value>
    ) -> Self {
        let declaration = OptionDeclaration(
            name, valueName: valueName, help: help, kind: .single, defaultText: shown ?? "\(defaultValue)", choices: parser.choices)
        return Option(declaration) { given throws(CommandError) in
            guard let word = given.words.first else { return defaultValue }
            return try parser.parse(word, for: given.spelling(declaration))
        }
    }

    /// `--name VALUE`, any number of times: every value, in order.
    public static func values<T>(_ name: String, _ valueName: String, help: String, _ parser: ValueParser<T>) -> Self where Value == [T] {
        let declaration = OptionDeclaration(name, valueName: valueName, help: help, kind: .repeatable, choices: parser.choices)
        return Option(declaration) { given throws(CommandError) in
            var values: [T] = []
            for word in given.words { values.append(try parser.parse(word, for: given.spelling(declaration))) }
            return values
        }
    }

    /// A positional word (`override set`), shown as `<name>`; nil when absent.
    public static func argument<T>(_ name: String, help: String, _ parser: ValueParser<T>) -> Self where Value == T? {
        let declaration = OptionDeclaration(name, help: help, kind: .positional, choices: parser.choices)
        return Option(declaration) { given throws(CommandError) in
            guard let word = given.words.first else { return nil }
            return try parser.parse(word, for: given.spelling(declaration))
        }
    }
}

extension Option {
    /// The same option, which the command line must give: a usage error names it when absent.
    public func required<T>() -> Option<T> where Value == T? {
        var changed = self.declaration
        changed.isRequired = true
        changed.defaultText = nil
        let declaration = changed
        let read = self.read
        return Option<T>(declaration) { given throws(CommandError) in
            guard let value = try read(given) else { throw .usage(declaration.missing) }
            return value
        }
    }

    /// The same option, not required and without a default: nil when absent.
    public func optional() -> Option<Value?> {
        var declaration = self.declaration
        declaration.isRequired = false
        declaration.defaultText = nil
        let read = self.read
        return Option<Value?>(declaration) { given throws(CommandError) in
            given.words.isEmpty ? nil : try read(given)
        }
    }

    /// The same option, with help that suits one command better (what it means there).
    public func withHelp(_ help: String) -> Self {
        var copy = self
        copy.declaration.help = help
        return copy
    }

    /// The same option, with help saying what the command does when it is absent (for a
    /// default the command decides at run time, such as a new temporary file).
    public func withDefaultText(_ text: String) -> Self {
        var copy = self
        copy.declaration.defaultText = text
        return copy
    }
}
