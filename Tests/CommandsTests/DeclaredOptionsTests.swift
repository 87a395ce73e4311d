import CommandTestSupport
import Testing
@testable import Commands

/// What declarations make true of every command, checked on the real commands, and shown to
/// fail on commands that go behind their declarations' back.
@Suite struct DeclaredOptionsTests {
    /// What a command needs beyond its required options to get through parsing.
    static let extraWords = ["expedite": ["--model", "m"]]

    @Test(arguments: GatewayMapper.commands.map { $0.name })
    func everyDeclaredOptionIsInHelpAndHelpListsOnlyOptionsTheCommandReads(name: String) throws {
        let command = try #require(GatewayMapper.commands.first { $0.name == name })
        let problems = DeclarationAudit.problems(of: command, program: "gateway-mapper", words: Self.extraWords[name] ?? [])
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test(arguments: GatewayMapper.commands.map { $0.name })
    func helpListsEveryDeclaredOptionWithItsValueName(name: String) throws {
        let command = try #require(GatewayMapper.commands.first { $0.name == name })
        let help = CommandRunner.run([name, "--help"]).out
        for declaration in command.options.map(\.declaration) {
            #expect(help.contains("\n  \(declaration.label) "), "\(name): \(declaration.label)")
        }
        #expect(help.contains("\n  -h, --help "))
    }

    @Test func helpThatNamesAnUndeclaredOptionIsCaught() {
        let problems = DeclarationAudit.problems(of: MentionsAnUndeclaredOption.self, program: "test")
        #expect(problems == ["mentions's help names --bogus, which it does not declare"])
    }

    @Test func anOptionDeclaredButNeverReadIsCaught() {
        let problems = DeclarationAudit.problems(of: IgnoresAnOption.self, program: "test")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("declares --unused but never reads it") == true, "\(problems)")
    }

    @Test func anOptionReadButNotDeclaredIsCaught() {
        let problems = DeclarationAudit.problems(of: ReadsAnUndeclaredOption.self, program: "test")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("reads --hidden but declares it not at all") == true, "\(problems)")
    }

    @Test func aUsageLineNamingAnUndeclaredOptionIsCaught() {
        let problems = DeclarationAudit.problems(of: SynopsisNamesAnUndeclaredOption.self, program: "test")
        #expect(problems.contains("synopsis's usage names --hidden, which it does not declare"), "\(problems)")
    }

    @Test func aCommandThatGoesBehindItsDeclarationsFailsAtRunTimeToo() {
        let result = CommandRunner.run([]) { words, context in GatewayMapper.run(IgnoresAnOption.self, words, context: context) }
        #expect(result.code == .software)
        #expect(result.err.contains("declares --unused but never reads it"))
    }
}

/// Declares `--used` and `--unused`; reads only `--used`.
struct IgnoresAnOption: Command {
    static let name = "ignores"
    static let abstract = "Reads one of its two options."
    static let used = Option.flag("used", help: "Read.")
    static let unused = Option.flag("unused", help: "Never read.")
    static let options: [any DeclaredOption] = [used, unused]
    init(parsing options: inout ParsedOptions) throws(CommandError) { _ = try options.value(Self.used) }
    func run(_ context: CommandContext) throws -> ExitCode { .success }
}

/// Declares nothing; its discussion names `--bogus` by hand.
struct MentionsAnUndeclaredOption: Command {
    static let name = "mentions"
    static let abstract = "Says more than it parses."
    static let options: [any DeclaredOption] = []
    static let discussion = "Pass --bogus to go faster."
    init(parsing options: inout ParsedOptions) throws(CommandError) {}
    func run(_ context: CommandContext) throws -> ExitCode { .success }
}

/// Declares nothing; reads `--hidden`.
struct ReadsAnUndeclaredOption: Command {
    static let name = "reads"
    static let abstract = "Reads what it does not declare."
    static let hidden = Option.flag("hidden", help: "Not in help.")
    static let options: [any DeclaredOption] = []
    init(parsing options: inout ParsedOptions) throws(CommandError) { _ = try options.value(Self.hidden) }
    func run(_ context: CommandContext) throws -> ExitCode { .success }
}

/// Declares `--shown`; its usage line names `--hidden` too.
struct SynopsisNamesAnUndeclaredOption: Command {
    static let name = "synopsis"
    static let abstract = "Names in its usage what it does not declare."
    static let shown = Option.flag("shown", help: "Declared.")
    static let options: [any DeclaredOption] = [shown]
    static let synopses: [[UsageTerm]] = [[.optional(shown), .optional(ReadsAnUndeclaredOption.hidden)]]
    init(parsing options: inout ParsedOptions) throws(CommandError) { _ = try options.value(Self.shown) }
    func run(_ context: CommandContext) throws -> ExitCode { .success }
}
