/// One thing a command line takes, as a command declares it: its name, the name of its value, its
/// help, its kind, whether it is required, its default and where else a value may come from.
/// Parsing and `--help` are both made from this, so they cannot disagree.
public struct OptionDeclaration: Sendable, Hashable {
    /// How an option appears on the command line.
    public enum Kind: Sendable, Hashable {
        /// `--name`: present or not.
        case flag
        /// `--name VALUE` or `--name=VALUE`, at most once.
        case single
        /// `--name VALUE`, any number of times; the values in order.
        case repeatable
        /// A word without dashes, taken by its position (`override set`).
        case positional
    }

    /// The name without dashes: `db`, `dry-run`; for a positional, what help calls it.
    public var name: String
    /// What help calls the value (`PATH`); nil for a flag or a positional.
    public var valueName: String?
    /// One or a few sentences on what it does.
    public var help: String
    public var kind: Kind
    /// True when the command line must give it (a usage error otherwise).
    public var isRequired: Bool
    /// How help states the value used when the option is absent, if there is one.
    public var defaultText: String?
    /// The environment variable whose value is used when the option is absent.
    public var environment: String?
    /// The only words accepted, when they are a fixed list (said in help).
    public var choices: [String]?

    public init(
        _ name: String, valueName: String? = nil, help: String, kind: Kind, isRequired: Bool = false,
        defaultText: String? = nil, environment: String? = nil, choices: [String]? = nil
    ) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.kind = kind
        self.isRequired = isRequired
        self.defaultText = defaultText
        self.environment = environment
        self.choices = choices
    }

    /// `--db`, or `<action>` for a positional.
    public var spelling: String { kind == .positional ? "<\(name)>" : "--\(name)" }

    /// `--db PATH`, `--dry-run`, `<action>`: as usage lines and the options list show it.
    public var label: String {
        guard let valueName, kind != .flag, kind != .positional else { return spelling }
        return "\(spelling) \(valueName)"
    }

    /// The usage error when the command line lacks it: `missing '--db PATH'`.
    public var missing: String {
        guard kind == .positional else { return "missing '\(label)'" }
        return "missing \(spelling)" + (choices.map { " (one of: " + $0.joined(separator: ", ") + ")" } ?? "")
    }

    /// The help text with what help also says from the declaration: the accepted words, the
    /// default and the environment variable, in parentheses before the closing full stop.
    public var fullHelp: String {
        var notes: [String] = []
        if let choices { notes.append("one of: " + choices.joined(separator: ", ")) }
        if let environment {
            notes.append("default: $\(environment)" + (defaultText.map { ", else \($0)" } ?? ""))
        } else if let defaultText {
            notes.append("default: \(defaultText)")
        }
        if kind == .repeatable { notes.append("may be repeated") }
        guard !notes.isEmpty else { return help }
        let stop = help.hasSuffix(".") ? "." : ""
        return String(help.dropLast(stop.count)) + " (\(notes.joined(separator: "; ")))" + stop
    }

    /// The same parsing: everything but the help text. A command reads an option through a value
    /// that parses as the one it declared.
    func parsesLike(_ other: OptionDeclaration) -> Bool {
        var other = other
        other.help = help
        return self == other
    }
}
