/// A subcommand: parsed from its arguments, validated, then run.
///
/// The contract of swift-argument-parser, written by hand: `--help` prints usage to stdout and
/// exits 0; a usage mistake prints `Error: …` and the usage to stderr and exits 64.
public protocol Command: Sendable {
    /// The word that selects the command.
    static var name: String { get }
    /// One line on what it does.
    static var abstract: String { get }
    /// The usage lines and options, without the abstract.
    static var usage: String { get }

    /// Parses the arguments after the command's name.
    init(parsing arguments: inout Arguments) throws(CommandError)
    /// Checks the parsed values together; throws `CommandError.usage` on a mistake.
    func validate() throws(CommandError)
    /// Does the work; returns the exit code.
    func run(_ context: CommandContext) throws -> ExitCode
}

extension Command {
    public func validate() throws(CommandError) {}

    static var help: String {
        "OVERVIEW: \(abstract)\n\nUSAGE: \(usage)\n"
    }
}
