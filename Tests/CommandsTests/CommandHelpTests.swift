import CommandTestSupport
import Testing
@testable import Commands

/// Help made from declarations: usage lines, the options with their defaults, environment
/// variables and accepted words, wrapping.
@Suite struct CommandHelpTests {
    struct Sample: Command {
        static let name = "sample"
        static let abstract = "A command to render."
        static let database = Option<String?>.value("db", "PATH", help: "The database.", .string).required()
        static let mode = Option.value("mode", "M", help: "How.", .choice(Mode.self))
        static let size = Option.value("size", "N", help: "How big.", default: 8, .integer(in: 1...64))
        static let dry = Option.flag("dry", help: "Write nothing. " + String(repeating: "Really nothing at all. ", count: 6))
        static let home = SharedOptions.fixtures
        static let options: [any DeclaredOption] = [database, mode, size, dry, home]
        static let discussion = "Notes.\n  0  kept as written"
        init(parsing options: inout ParsedOptions) throws(CommandError) {
            _ = try (options.value(Self.database), options.value(Self.mode), options.value(Self.size))
            _ = try (options.value(Self.dry), options.value(Self.home))
        }
        func run(_ context: CommandContext) throws -> ExitCode { .success }
        enum Mode: String, CaseIterable, Sendable { case fast, slow }
    }

    struct Forms: Command {
        static let name = "forms"
        static let abstract = "Two forms."
        static let options: [any DeclaredOption] = [Sample.database, Sample.mode, Sample.size, Sample.dry]
        static let synopses: [[UsageTerm]] = [
            [.word("one"), .option(Sample.database), .bracketed([.alternatives([[.option(Sample.mode)], [.option(Sample.dry)]])])],
            [.word("two"), .alternatives([[.option(Sample.database)], [.option(Sample.dry)]]), .otherOptions],
        ]
        init(parsing options: inout ParsedOptions) throws(CommandError) {}
        func run(_ context: CommandContext) throws -> ExitCode { .success }
    }

    @Test func theDefaultUsageLineShowsRequiredOptionsBareAndTheOthersInBrackets() {
        let help = CommandHelp(Sample.self, program: "tool").text
        #expect(help.hasPrefix("OVERVIEW: A command to render.\n\nUSAGE: tool sample --db PATH [--mode M] [--size N] [--dry] [--fixtures DIR]\n"))
    }

    @Test func optionsShowTheirDefaultsEnvironmentVariablesAndAcceptedWords() {
        let help = CommandHelp(Sample.self, program: "tool").text
        #expect(help.contains("\n  --mode M        How (one of: fast, slow).\n"))
        #expect(help.contains("\n  --size N        How big (default: 8).\n"))
        #expect(help.contains("\n  --fixtures DIR  The fixtures directory (default: $GATEWAY_MAPPER_FIXTURES, else the fixtures\n"))
        #expect(help.contains("\n  -h, --help      Show this help.\n"))
    }

    @Test func longHelpIsWrappedUnderItsColumnAndTheDiscussionKeepsItsIndentation() {
        let help = CommandHelp(Sample.self, program: "tool").text
        let lines = help.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= CommandHelp.width }, "\(help)")
        let dry = lines.firstIndex { $0.hasPrefix("  --dry ") }!
        #expect(lines[dry + 1].hasPrefix(String(repeating: " ", count: 18)) && lines[dry + 1].dropFirst(18).first != " ")
        #expect(help.hasSuffix("\nNotes.\n  0  kept as written\n"))
    }

    @Test func formsSpellAlternativesAndTheOtherOptions() {
        let synopsis = CommandHelp(Forms.self, program: "tool").synopsis
        #expect(synopsis == """
            USAGE: tool forms one --db PATH [--mode M | --dry]
                   tool forms two (--db PATH | --dry) [--mode M] [--size N]

            """)
    }

    @Test func aUsageErrorPrintsTheUsageWithoutTheOverview() {
        let result = CommandRunner.run(["--db", "x", "--size", "0"]) { words, context in GatewayMapper.run(Sample.self, words, program: "tool", context: context) }
        #expect(result.code == .usage)
        #expect(result.err == "Error: '--size' takes a whole number from 1 to 64, not '0'\n\n" + CommandHelp(Sample.self, program: "tool").usage)
    }
}
