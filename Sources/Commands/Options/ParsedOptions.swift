/// A command line parsed against what a command declares: the words each option was given,
/// which the command then reads, typed, with ``value(_:)``.
///
/// Options take `--name value` or `--name=value`; flags take `--name`; a word without dashes is
/// the next positional argument. An option not declared, a missing value, a second value for a
/// single option, a missing required option and a word left over are usage errors. An absent
/// option with an environment variable takes that variable's value when it is set and not empty.
public struct ParsedOptions: Sendable {
    /// The command, for internal errors.
    private let command: String
    private let declared: [String: OptionDeclaration]
    private var given: [String: Given]
    /// Declared options the command has not read yet.
    private var unread: Set<String>
    /// Positional arguments, in the order they are taken.
    private let positionals: [String]

    /// Parses `words` for `command`, which declares `options`; nil when they ask for help
    /// (`--help` or `-h` where an option may stand, which wins over any mistake).
    public static func parse(
        _ words: [String], command: String, options: [any DeclaredOption], environment: [String: String]
    ) throws(CommandError) -> ParsedOptions? {
        let declarations = options.map(\.declaration)
        if let twice = Dictionary(grouping: declarations, by: \.name).values.first(where: { $0.count > 1 })?.first {
            throw CommandError(
                .software, "internal error: '\(command)' declares \(twice.spelling) twice. Please report it with the command that ran.")
        }
        var parsed = ParsedOptions(command: command, declarations: declarations)
        var firstError: CommandError?
        let wantsHelp = parsed.take(words) { error in firstError = firstError ?? error }
        if wantsHelp { return nil }
        if let firstError { throw firstError }
        parsed.applyEnvironment(environment)
        for declaration in declarations where declaration.isRequired && parsed.given[declaration.name]!.words.isEmpty {
            throw .usage(declaration.missing)
        }
        return parsed
    }

    private init(command: String, declarations: [OptionDeclaration]) {
        self.command = command
        declared = Dictionary(declarations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        given = declared.mapValues { _ in Given(words: []) }
        unread = Set(declared.keys)
        positionals = declarations.filter { $0.kind == .positional }.map(\.name)
    }

    /// Sorts `words` onto the declared options; reports each mistake; true when help was asked for.
    private mutating func take(_ words: [String], mistake: (CommandError) -> Void) -> Bool {
        var wantsHelp = false
        var index = 0
        var nextPositional = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--help" || word == "-h" {
                wantsHelp = true
            } else if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
                guard let declaration = declared[name], declaration.kind != .positional else {
                    mistake(.usage("unknown option '--\(name)'"))
                    continue
                }
                if declaration.kind == .flag {
                    if inline != nil { mistake(.usage("'--\(name)' takes no value")) }
                    given[name]!.words.append("")
                    continue
                }
                var value = inline
                if value == nil, index < words.count, !words[index].hasPrefix("--") {
                    value = words[index]
                    index += 1
                }
                guard let value else {
                    mistake(.usage("missing value for '--\(name)'"))
                    continue
                }
                if declaration.kind == .single, !given[name]!.words.isEmpty {
                    mistake(.usage("'--\(name)' given more than once"))
                }
                given[name]!.words.append(value)
            } else if word.hasPrefix("-"), word.count > 1 {
                mistake(.usage("unknown option '\(word)'"))
            } else if nextPositional < positionals.count {
                given[positionals[nextPositional]]!.words = [word]
                nextPositional += 1
            } else {
                mistake(.usage("unexpected argument '\(word)'"))
            }
        }
        return wantsHelp
    }

    /// Gives an absent option its environment variable's value, when set and not empty.
    private mutating func applyEnvironment(_ environment: [String: String]) {
        for (name, declaration) in declared where given[name]!.words.isEmpty {
            guard let variable = declaration.environment, let value = environment[variable], !value.isEmpty else { continue }
            given[name] = Given(words: [value], environment: variable)
        }
    }

    /// The value of `option`, as its declaration parses it. Reading an option the command does
    /// not declare (or declares otherwise) is an internal error.
    public mutating func value<Value>(_ option: Option<Value>) throws(CommandError) -> Value {
        try option.value(given(option))
    }

    /// Whether the command line (or the environment) gave `option` at all.
    public mutating func isGiven(_ option: some DeclaredOption) throws(CommandError) -> Bool {
        !(try given(option).words.isEmpty)
    }

    private mutating func given(_ option: some DeclaredOption) throws(CommandError) -> Given {
        let name = option.declaration.name
        guard let declaration = declared[name], declaration.parsesLike(option.declaration), let given = given[name] else {
            throw CommandError(.software, "internal error: '\(command)' reads \(option.declaration.spelling) but declares it "
                + (declared[name] == nil ? "not at all" : "otherwise") + ". Please report it with the command that ran.")
        }
        unread.remove(name)
        return given
    }

    /// What the command line, or the environment, gave for one option.
    public struct Given: Sendable {
        /// The words given, in order: one per occurrence (empty for a flag's); none when absent.
        public var words: [String]
        /// The environment variable the word came from, when it did not come from the command line.
        public var environment: String?

        public init(words: [String], environment: String? = nil) {
            self.words = words
            self.environment = environment
        }

        /// How an error names where the value came from: `--jobs`, `$GATEWAY_MAPPER_SCHEMAS`.
        public func spelling(_ declaration: OptionDeclaration) -> String {
            environment.map { "$\($0)" } ?? declaration.spelling
        }
    }

    /// Throws an internal error when the command declares an option it never read: help would
    /// list an option the command ignores.
    public func requireAllRead() throws(CommandError) {
        guard let name = unread.sorted().first else { return }
        throw CommandError(.software, "internal error: '\(command)' declares \(declared[name]!.spelling) but never reads it. "
            + "Please report it with the command that ran.")
    }
}
