import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `gateway-mapper` and `gateway-mapper-bench`, found beside the test bundle
/// (`swift test` builds every product into the same directory), in `GATEWAY_MAPPER_BIN_DIR`, or in
/// the checkout's `.build/debug`.
enum Executables {
    static let repository = Repository.root

    /// The directory holding both executables, or nil.
    static let directory: URL? = {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["GATEWAY_MAPPER_BIN_DIR"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        // The test runner: `<products>/gateway-mapperPackageTests.xctest` (Linux: an executable;
        // macOS: a bundle under `<products>`).
        for runner in [Bundle.main.executableURL, Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")].compactMap({ $0 }) {
            var url = runner.resolvingSymlinksInPath()
            for _ in 0..<4 {
                url = url.deletingLastPathComponent()
                candidates.append(url)
            }
        }
        candidates.append(repository.appendingPathComponent(".build/debug"))
        return candidates.first { directory in
            ["gateway-mapper", "gateway-mapper-bench"].allSatisfy {
                FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent($0).path)
            }
        }
    }()

    /// True when both executables were found.
    static var found: Bool { directory != nil }

    static let missing = "the built gateway-mapper and gateway-mapper-bench executables were not found beside the test bundle "
        + "or in .build/debug; run `swift build` first, or set GATEWAY_MAPPER_BIN_DIR"

    static var mapper: URL { directory!.appendingPathComponent("gateway-mapper") }
    static var bench: URL { directory!.appendingPathComponent("gateway-mapper-bench") }

    /// What every child gets: this process's environment without the mapper's own variables.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        // The binary carries its catalog and fixtures: nothing points it at the checkout.
        environment["GATEWAY_MAPPER_SCHEMAS"] = nil
        environment["GATEWAY_MAPPER_FIXTURES"] = nil
        return environment
    }
}

/// A child process with its output in files (no pipe can fill up and stall it).
final class Child: @unchecked Sendable {
    let process = Process()
    let outPath: String
    let errPath: String

    /// Starts `executable arguments…` in `directory`; stdout and stderr go to files there.
    init(
        _ executable: URL, _ arguments: [String], in directory: TemporaryDirectory, label: String = UUID().uuidString,
        environment: [String: String] = Executables.environment
    ) throws {
        outPath = directory.path("\(label).out")
        errPath = directory.path("\(label).err")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory.url
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits for the process to end; kills it and returns false after `timeout` seconds.
    @discardableResult
    func wait(timeout: Double = 120) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(pid, SIGKILL)
                process.waitUntilExit()
                return false
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return true
    }

    /// Sends SIGKILL and waits. True when the process was still running and died of the signal.
    func killNow() -> Bool {
        kill(pid, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    var exitCode: Int32 { process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus }
    var out: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var err: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// The stderr lines that are not logfmt progress (`ts=… level=…`).
    var errorLines: [String] {
        err.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("ts=") && !$0.isEmpty }
    }
}

/// Runs one command to the end.
func runToEnd(
    _ executable: URL, _ arguments: [String], in directory: TemporaryDirectory, timeout: Double = 120,
    environment: [String: String] = Executables.environment
) throws -> Child {
    let child = try Child(executable, arguments, in: directory, environment: environment)
    if !child.wait(timeout: timeout) {
        throw FaultFailure("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
    }
    return child
}

/// A failure of the test's own machinery.
struct FaultFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
