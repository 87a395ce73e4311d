import Foundation

/// A command's `--help`, made from its declarations: the usage lines, the arguments and
/// options with their help, defaults and environment variables, then the discussion.
public struct CommandHelp: Sendable {
    /// Lines are wrapped to this many columns.
    static let width = 100

    /// The program the command belongs to: `gateway-mapper`.
    public let program: String
    public let command: any Command.Type

    public init(_ command: any Command.Type, program: String) {
        self.command = command
        self.program = program
    }

    /// What `--help` prints.
    public var text: String { "OVERVIEW: \(command.abstract)\n\n" + usage }

    /// What a usage error prints after its message: everything but the overview.
    public var usage: String {
        var sections = [synopsis]
        let declarations = command.options.map(\.declaration)
        let arguments = declarations.filter { $0.kind == .positional }
        let options = declarations.filter { $0.kind != .positional }
        let labels = declarations.map(\.label) + ["-h, --help"]
        let column = 2 + (labels.map(\.count).max() ?? 0) + 2
        if !arguments.isEmpty {
            sections.append("ARGUMENTS:\n" + arguments.map { Self.row($0.label, $0.fullHelp, column: column) }.joined())
        }
        sections.append("OPTIONS:\n" + options.map { Self.row($0.label, $0.fullHelp, column: column) }.joined()
            + Self.row("-h, --help", "Show this help.", column: column))
        if !command.discussion.isEmpty { sections.append(Self.paragraphs(command.discussion)) }
        return sections.joined(separator: "\n")
    }

    /// `USAGE:` and one line per form, wrapped under the command's name.
    var synopsis: String {
        let prefix = "USAGE: \(program) \(command.name) "
        let indent = String(repeating: " ", count: prefix.count)
        var lines: [String] = []
        for (index, form) in command.synopses.enumerated() {
            let terms = UsageTerm.expanding(form, declared: command.options).map(\.text)
            let lead = index == 0 ? prefix : String(repeating: " ", count: 7) + "\(program) \(command.name) "
            lines += Self.wrap(terms, first: lead, rest: indent)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One option's row: its label, then its help from `column` on (wider than every label), wrapped.
    static func row(_ label: String, _ help: String, column: Int) -> String {
        let indent = String(repeating: " ", count: column)
        let first = ("  " + label).padding(toLength: column, withPad: " ", startingAt: 0)
        let words = help.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        return wrap(words, first: first, rest: indent).joined(separator: "\n") + "\n"
    }

    /// `text` with each line too long wrapped, keeping its indentation.
    static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.count > width else { return String(line) }
            let indent = String(line.prefix { $0 == " " })
            let words = line.split(separator: " ").map(String.init)
            return wrap(words, first: indent, rest: indent).joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }

    /// `atoms` joined by spaces into lines of at most `width` columns (an atom longer than a line
    /// has one to itself), the first after `first`, the others after `rest`.
    static func wrap(_ atoms: [String], first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var empty = true
        for atom in atoms {
            if !empty, line.count + 1 + atom.count > width {
                lines.append(line)
                line = rest
                empty = true
            }
            line += (empty ? "" : " ") + atom
            empty = false
        }
        lines.append(line)
        return lines
    }
}
