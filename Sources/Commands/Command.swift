/// A subcommand: parsed from its arguments, validated, then run.
///
/// What swift-argument-parser gives, without the dependency: a command declares what its command
/// line takes once (``options``), and both parsing (``ParsedOptions``) and `--help`
/// (``CommandHelp``) are made from that. `--help` prints help to stdout and exits 0; a usage
/// mistake prints `Error: …` and the usage to stderr and exits 64.
public protocol Command: Sendable {
    /// The word that selects the command.
    static var name: String { get }
    /// One line on what it does.
    static var abstract: String { get }
    /// Everything its command line takes, in the order help lists it.
    static var options: [any DeclaredOption] { get }
    /// The usage lines; by default one naming every option, required ones bare.
    static var synopses: [[UsageTerm]] { get }
    /// What help says after the options; by default nothing.
    static var discussion: String { get }

    /// Reads every declared option from the parsed command line.
    init(parsing options: inout ParsedOptions) throws(CommandError)
    /// Checks the parsed values together; throws `CommandError.usage` on a mistake.
    func validate() throws(CommandError)
    /// Does the work; returns the exit code.
    func run(_ context: CommandContext) throws -> ExitCode
}

extension Command {
    public func validate() throws(CommandError) {}

    public static var synopses: [[UsageTerm]] { [options.map(UsageTerm.asDeclared)] }

    public static var discussion: String { "" }
}
