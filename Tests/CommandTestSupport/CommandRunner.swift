import Foundation
import Commands

/// Runs the command line in-process and captures both streams.
public struct CommandRunner {
    public final class Buffer: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        public func append(_ more: String) { lock.withLock { text += more } }
        public var value: String { lock.withLock { text } }
    }

    public struct Result {
        public let code: ExitCode
        public let out: String
        public let err: String
    }

    /// Runs `gateway-mapper` (or, with `main: Bench.main`, `gateway-mapper-bench`).
    public static func run(
        _ arguments: [String], environment: [String: String] = [:],
        main: ([String], CommandContext) -> ExitCode = { GatewayMapper.main($0, context: $1) }
    ) -> Result {
        let out = Buffer()
        let err = Buffer()
        let context = CommandContext(out: { out.append($0) }, err: { err.append($0) }, environment: environment)
        let code = main(arguments, context)
        return Result(code: code, out: out.value, err: err.value)
    }
}
