import Foundation
import Catalog
import Logs
import Job
import Sampling
import Store
import PostgreSQL
import SQLite

/// The `gateway-mapper` command line: picks a subcommand, runs it, maps every failure to one
/// line on stderr and a sysexits.h exit code.
public enum GatewayMapper {
    /// Every subcommand, in the order `--help` lists them.
    public static let commands: [any Command.Type] = [
        RunCommand.self,
        ExpediteCommand.self,
        DemoCommand.self,
        InferCommand.self,
        NormalizeCommand.self,
        ReportCommand.self,
        OverrideCommand.self,
        CheckCommand.self,
    ]

    /// The mapper's version, as `--version` prints it and `model_mappings.mapper_version` records it.
    public static let version = "0.1.0"

    static var help: String {
        var text = """
            OVERVIEW: Maps an LLM gateway's logged traffic to provider API schemas.

            USAGE: gateway-mapper <command> [options]

            COMMANDS:

            """
        text += listing(commands)
        text += "\nSee 'gateway-mapper <command> --help' for a command's options.\n"
        return text
    }

    /// One line per command, its name and its abstract, in a column.
    public static func listing(_ commands: [any Command.Type]) -> String {
        let width = commands.map { $0.name.count }.max() ?? 0
        return commands.map { "  \($0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\($0.abstract)\n" }.joined()
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit code.
    public static func main(_ arguments: [String], context: CommandContext) -> ExitCode {
        guard let name = arguments.first else {
            context.err("Error: no command given\n\n" + help)
            return .usage
        }
        if name == "--help" || name == "-h" || name == "help" {
            context.out(help)
            return .success
        }
        if name == "--version" {
            context.out("gateway-mapper \(version)\n")
            return .success
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            context.err("Error: unknown command '\(name)'\n\n" + help)
            return .usage
        }
        return run(command, Array(arguments.dropFirst()), context: context)
    }

    /// Runs one command of `program` with its words: parses, validates, runs, and turns every
    /// failure into one line on stderr and its exit code.
    public static func run(
        _ type: any Command.Type, _ words: [String], program: String = "gateway-mapper", context: CommandContext
    ) -> ExitCode {
        let help = CommandHelp(type, program: program)
        do {
            guard let command = try parse(type, words, environment: context.environment) else {
                context.out(help.text)
                return .success
            }
            return try command.run(context)
        } catch let error as CommandError where error.exitCode == .usage {
            context.err("Error: \(error.message)\n\n" + help.usage)
            return .usage
        } catch {
            let failure = describe(error)
            context.err("Error: \(failure.message)\n")
            return failure.exitCode
        }
    }

    /// The command `words` describe, read and validated; nil when they ask for help. An option the
    /// command declares but does not read is an internal error.
    public static func parse(
        _ type: any Command.Type, _ words: [String], environment: [String: String]
    ) throws(CommandError) -> (any Command)? {
        guard var options = try ParsedOptions.parse(words, command: type.name, options: type.options, environment: environment) else {
            return nil
        }
        let command = try type.init(parsing: &options)
        try options.requireAllRead()
        try command.validate()
        return command
    }

    /// Maps any error to the one line and exit code the user sees.
    public static func describe(_ error: any Error) -> CommandError {
        switch error {
        case let error as CommandError:
            return error
        case let error as MappingJob.Interrupted:
            return describe(error.underlying)
        case let error as LogContractError:
            return CommandError(.dataError, error.description)
        case let error as CatalogError where error.isMissing:
            return CommandError(.noInput, "no catalog: \(error.description)")
        case let error as CatalogError:
            return CommandError(.dataError, "broken catalog: \(error.description)")
        case let error as DatabaseError:
            return describe(error)
        case let error as PGError:
            return describe(error)
        default:
            return CommandError(.software, "internal error: \(error). Please report it with the command that ran.")
        }
    }

    static func describe(_ error: PGError) -> CommandError {
        switch error.kind {
        case .permissionDenied: CommandError(.noPermission, "\(error); check the role's password and grants (see 'PostgreSQL' in the README)")
        case .unavailable: CommandError(.unavailable, "\(error); is the server running and reachable?")
        case .tryLater: CommandError(.tryAgain, "\(error); try again later")
        case .data: CommandError(.dataError, "\(error)")
        case .readOnly: CommandError(.noPermission, "\(error); the mapper needs a writable database for its store")
        case .resources: CommandError(.ioError, "\(error); the server is out of disk or memory")
        case .other: CommandError(.software, "\(error)")
        }
    }

    static func describe(_ error: DatabaseError) -> CommandError {
        if error.isBusy {
            return CommandError(.tryAgain, "\(error); the database is locked by another connection, try again later")
        }
        if error.isCorrupt {
            return CommandError(.dataError, "\(error); the file is not a usable SQLite database")
        }
        if error.isReadOnly {
            return CommandError(.cannotCreate, "\(error); the mapper needs write access to store mappings")
        }
        if error.isFull {
            return CommandError(.cannotCreate, "\(error); free disk space, then run again")
        }
        if error.isCannotOpen {
            return CommandError(.noInput, "\(error)")
        }
        if error.resultCode == 10 {  // SQLITE_IOERR
            return CommandError(.ioError, "\(error); the disk may be full or failing: check free space and the file system, then run again")
        }
        return CommandError(.software, "\(error)")
    }
}
