import Foundation

/// Where a command writes, and what it knows of its environment. Tests capture both streams.
public struct CommandContext: Sendable {
    /// Writes to standard output.
    public var out: @Sendable (String) -> Void
    /// Writes to standard error.
    public var err: @Sendable (String) -> Void
    /// Environment variables.
    public var environment: [String: String]
    /// True when standard error is a terminal (progress lines instead of logfmt).
    public var isTerminal: Bool

    public init(
        out: @escaping @Sendable (String) -> Void,
        err: @escaping @Sendable (String) -> Void,
        environment: [String: String] = [:],
        isTerminal: Bool = false
    ) {
        self.out = out
        self.err = err
        self.environment = environment
        self.isTerminal = isTerminal
    }

    /// The process's own streams and environment.
    public static func standard() -> CommandContext {
        CommandContext(
            out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            err: { text in FileHandle.standardError.write(Data(text.utf8)) },
            environment: ProcessInfo.processInfo.environment,
            isTerminal: isatty(STDERR_FILENO) == 1)
    }
}
