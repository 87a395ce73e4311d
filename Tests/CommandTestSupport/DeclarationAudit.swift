import Commands

/// Checks what declarations are meant to make true of a command: its help names every option it
/// declares and no other, its usage lines name only declared options, and it reads every option
/// it declares. A command that wrote help by hand, or read an option behind its declarations'
/// back, fails one of these.
public enum DeclarationAudit {
    /// Every way `command`'s help and its parsing disagree, as sentences; empty when they agree.
    /// `words` are added to a minimal command line (each required option given) when the command
    /// needs more to get through its parsing (`expedite` needs a mode).
    public static func problems(of command: any Command.Type, program: String, words: [String] = []) -> [String] {
        let help = CommandHelp(command, program: program).text
        let declared = command.options.map(\.declaration)
        let names = Set(declared.map(\.name))
        var problems: [String] = []
        if names.count != declared.count { problems.append("\(command.name) declares a name twice") }
        for declaration in declared where !help.contains("\n  \(declaration.label) ") {
            problems.append("\(command.name) declares \(declaration.spelling), which its help does not list")
        }
        for name in optionNames(in: help) where name != "help" && !names.contains(name) {
            problems.append("\(command.name)'s help names --\(name), which it does not declare")
        }
        for declaration in command.synopses.flatMap({ $0.flatMap(\.declarations) }) where !names.contains(declaration.name) {
            problems.append("\(command.name)'s usage names \(declaration.spelling), which it does not declare")
        }
        if let unread = unreadProblem(command, words: minimalWords(declared) + words) { problems.append(unread) }
        return problems
    }

    /// The names after `--` in `text`: `--db PATH` gives `db`.
    public static func optionNames(in text: String) -> Set<String> {
        Set(text.matches(of: /--([a-z0-9][a-z0-9-]*)/).map { String($0.1) })
    }

    /// Every required option with a value ("1", or a positional's first choice).
    static func minimalWords(_ declared: [OptionDeclaration]) -> [String] {
        declared.filter(\.isRequired).flatMap { declaration -> [String] in
            switch declaration.kind {
            case .positional: return [declaration.choices?.first ?? "1"]
            case .flag: return ["--\(declaration.name)"]
            case .single, .repeatable: return ["--\(declaration.name)", "1"]
            }
        }
    }

    /// Parses `words` and builds the command; the failure, if it does not read every option.
    static func unreadProblem(_ command: any Command.Type, words: [String]) -> String? {
        do {
            guard var parsed = try ParsedOptions.parse(words, command: command.name, options: command.options, environment: [:]) else {
                return "\(command.name) took \(words) for a request for help"
            }
            _ = try command.init(parsing: &parsed)
            try parsed.requireAllRead()
            return nil
        } catch {
            return "\(command.name) \(words.joined(separator: " ")): \(error.message)"
        }
    }
}
