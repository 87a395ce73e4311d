import Testing
@testable import Commands

/// Parsing a command line against declarations: every kind of option, the environment, and the
/// usage errors each mistake gives.
@Suite struct ParsedOptionsTests {
    static let path = Option<String?>.value("path", "PATH", help: "A path.", .string).required()
    static let count = Option.value("count", "N", help: "How many.", default: 3, .integer(in: 1...10))
    static let verbose = Option.flag("verbose", help: "Say more.")
    static let tag = Option.values("tag", "T", help: "A tag.", .string)
    static let home = Option<String?>.value("home", "DIR", help: "Home.", environment: "TEST_HOME", .string)
    static let level = Option<Int?>.value("level", "L", help: "A level.", environment: "TEST_LEVEL", .integer(in: 0...3))
    static let action = Option.argument("action", help: "What to do.", .choice(Action.self))
    static let all: [any DeclaredOption] = [path, count, verbose, tag, home, level, action]

    enum Action: String, CaseIterable, Sendable { case add, remove }

    static func parse(_ words: [String], environment: [String: String] = [:]) throws(CommandError) -> ParsedOptions? {
        try ParsedOptions.parse(words, command: "test", options: all, environment: environment)
    }

    /// The usage error `words` give, or nil.
    static func mistake(_ words: [String], environment: [String: String] = [:]) -> String? {
        do {
            guard var parsed = try parse(words, environment: environment) else { return "help" }
            _ = try parsed.value(count)
            _ = try parsed.value(level)
            _ = try parsed.value(action)
            return nil
        } catch {
            #expect(error.exitCode == .usage)
            return error.message
        }
    }

    @Test func everyKindOfOptionIsReadWithItsType() throws {
        var parsed = try #require(try Self.parse(["add", "--path", "/a", "--count=7", "--verbose", "--tag", "x", "--tag=y"]))
        #expect(try parsed.value(Self.path) == "/a")
        #expect(try parsed.value(Self.count) == 7)
        #expect(try parsed.value(Self.verbose))
        #expect(try parsed.value(Self.tag) == ["x", "y"])
        #expect(try parsed.value(Self.home) == nil)
        #expect(try parsed.value(Self.action) == .add)
    }

    @Test func absentOptionsTakeTheirDefaults() throws {
        var parsed = try #require(try Self.parse(["--path", "/a"]))
        #expect(try parsed.value(Self.count) == 3)
        #expect(try !parsed.isGiven(Self.count))
        #expect(try !parsed.value(Self.verbose))
        #expect(try parsed.value(Self.tag) == [])
        #expect(try parsed.value(Self.action) == nil)
    }

    @Test func anAbsentOptionTakesItsEnvironmentVariableButTheCommandLineWins() throws {
        var fromEnvironment = try #require(try Self.parse(["--path", "/a"], environment: ["TEST_HOME": "/env"]))
        #expect(try fromEnvironment.value(Self.home) == "/env")
        #expect(try fromEnvironment.isGiven(Self.home))
        var given = try #require(try Self.parse(["--path", "/a", "--home", "/cli"], environment: ["TEST_HOME": "/env"]))
        #expect(try given.value(Self.home) == "/cli")
        var empty = try #require(try Self.parse(["--path", "/a"], environment: ["TEST_HOME": ""]))
        #expect(try empty.value(Self.home) == nil)
    }

    @Test(arguments: [
        (["--path", "/a", "--nope"], "unknown option '--nope'"),
        (["--path", "/a", "--nope=1"], "unknown option '--nope'"),
        (["--path", "/a", "-x"], "unknown option '-x'"),
        (["--path"], "missing value for '--path'"),
        (["--path", "--verbose"], "missing value for '--path'"),
        (["--path", "/a", "--path", "/b"], "'--path' given more than once"),
        (["--path", "/a", "--verbose=yes"], "'--verbose' takes no value"),
        (["--count", "2"], "missing '--path PATH'"),
        (["--path", "/a", "--count", "11"], "'--count' takes a whole number from 1 to 10, not '11'"),
        (["--path", "/a", "--count", "two"], "'--count' takes a whole number from 1 to 10, not 'two'"),
        (["--path", "/a", "move"], "'<action>' takes one of add, remove, not 'move'"),
        (["--path", "/a", "add", "more"], "unexpected argument 'more'"),
    ])
    func eachMistakeIsAUsageErrorThatSaysWhat(words: [String], message: String) {
        #expect(Self.mistake(words) == message)
    }

    @Test func aBadValueFromTheEnvironmentNamesTheVariable() {
        #expect(Self.mistake(["--path", "/a"], environment: ["TEST_LEVEL": "9"]) == "'$TEST_LEVEL' takes a whole number from 0 to 3, not '9'")
    }

    @Test func helpWinsOverMistakesButNotAsAnOptionsValue() throws {
        #expect(try Self.parse(["--nope", "--help"]) == nil)
        #expect(try Self.parse(["-h"]) == nil)
        #expect(try Self.parse(["--path", "--help"]) == nil)
        var parsed = try #require(try Self.parse(["--path", "-h"]))
        #expect(try parsed.value(Self.path) == "-h")
    }

    @Test func readingAnOptionDeclaredOtherwiseIsAnInternalError() throws {
        var parsed = try #require(try Self.parse(["--path", "/a"]))
        #expect(throws: CommandError.self) { try parsed.value(Self.count.optional()) }
        do {
            _ = try parsed.value(Option.flag("other", help: "Not declared."))
            Issue.record("an undeclared option was read")
        } catch {
            #expect(error.exitCode == .software)
            #expect(error.message.contains("reads --other but declares it not at all"))
        }
    }

    @Test func anOptionNeverReadIsAnInternalErrorOnceTheCommandIsBuilt() throws {
        var parsed = try #require(try Self.parse(["--path", "/a"]))
        for option in [Self.path] { _ = try parsed.value(option) }
        #expect(throws: CommandError.self) { try parsed.requireAllRead() }
        _ = try parsed.value(Self.count)
        _ = try parsed.value(Self.verbose)
        _ = try parsed.value(Self.tag)
        _ = try parsed.value(Self.home)
        _ = try parsed.value(Self.level)
        _ = try parsed.value(Self.action)
        try parsed.requireAllRead()
    }

    @Test func anOptionDeclaredTwiceIsAnInternalError() {
        do {
            _ = try ParsedOptions.parse([], command: "test", options: [Self.verbose, Self.verbose.withHelp("Again.")], environment: [:])
            Issue.record("a name declared twice was accepted")
        } catch {
            #expect(error.exitCode == .software)
            #expect(error.message.contains("declares --verbose twice"))
        }
    }
}
