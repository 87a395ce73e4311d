/// A failure to report on one line: what went wrong, where, and what to do, with its exit code.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    public let exitCode: ExitCode
    public let message: String

    public init(_ exitCode: ExitCode, _ message: String) {
        self.exitCode = exitCode
        self.message = message
    }

    /// A command-line mistake: printed with the command's usage, exit 64.
    public static func usage(_ message: String) -> CommandError { CommandError(.usage, message) }

    public var description: String { message }
}
