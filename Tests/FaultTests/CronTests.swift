import Foundation
import SQLite
import TestLogSupport
import Testing
import TestSupport

/// The schedules in `cron/` as the README installs them: each command, with the paths an
/// operator sets, runs the installed binary and does its job (the frequent pass silently when
/// idle, so cron mails nothing).
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct CronTests {
    static let cron = Executables.repository.appendingPathComponent("cron")

    /// The commands of the crontab (after the user field) and the units' ExecStart lines.
    static func commands() throws -> [String] {
        let crontab = try String(contentsOf: cron.appendingPathComponent("gateway-mapper.crontab"), encoding: .utf8)
        var commands = crontab.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.contains("=") }.compactMap { line -> String? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count > 6 ? fields.dropFirst(6).joined(separator: " ") : nil
        }
        for unit in ["gateway-mapper.service", "gateway-mapper-expedite.service"] {
            let text = try String(contentsOf: cron.appendingPathComponent(unit), encoding: .utf8)
            commands += text.split(separator: "\n").filter { $0.hasPrefix("ExecStart=") }.map { String($0.dropFirst("ExecStart=".count)) }
        }
        return commands
    }

    /// `command` with the installed paths replaced by the test's.
    static func localised(_ command: String, binary: URL, db: String, dir: TemporaryDirectory) -> String {
        command
            .replacingOccurrences(of: "/usr/local/bin/gateway-mapper", with: "gateway-mapper")
            .replacingOccurrences(of: "gateway-mapper ", with: "'\(binary.path)' ")
            .replacingOccurrences(of: "\"$GATEWAY_DB\"", with: "'\(db)'")
            .replacingOccurrences(of: "${GATEWAY_DB}", with: "'\(db)'")
            .replacingOccurrences(of: "/var/lib/node_exporter/textfile/", with: dir.path("textfile") + "/")
            .replacingOccurrences(of: "/run/lock/", with: dir.path("lock") + "/")
    }

    @Test func theShippedSchedulesRunTheInstalledBinary() throws {
        let dir = try TemporaryDirectory()
        for folder in ["textfile", "lock", "bin"] { try FileManager.default.createDirectory(atPath: dir.path(folder), withIntermediateDirectories: true) }
        let binary = URL(fileURLWithPath: dir.path("bin/gateway-mapper"))
        try FileManager.default.copyItem(at: Executables.mapper, to: binary)
        let db = dir.path("logs.db")
        let logs = try LogBuilder(path: db)
        for (index, name) in LogBuilder.plainExchanges.prefix(3).enumerated() { try logs.insert(name, model: "cron-\(index)", times: 25) }
        logs.close()

        let commands = try Self.commands()
        #expect(commands.count == 4, "\(commands)")
        let nightly = commands.filter { $0.contains(" run ") }
        let frequent = commands.filter { $0.contains(" expedite ") }
        try #require(nightly.count == 2 && frequent.count == 2)
        let environment = ["PATH": "/usr/bin:/bin"]
        for command in nightly + frequent {
            let shell = try runToEnd(
                URL(fileURLWithPath: "/bin/sh"), ["-c", Self.localised(command, binary: binary, db: db, dir: dir)], in: dir,
                environment: environment)
            #expect(shell.exitCode == 0, "\(command): \(shell.err)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.path("textfile/gateway_mapper.prom")))
        // Idle: the frequent pass prints nothing. A new model: it is mapped by the next pass.
        let idle = try runToEnd(URL(fileURLWithPath: "/bin/sh"), ["-c", Self.localised(frequent[0], binary: binary, db: db, dir: dir)], in: dir)
        #expect(idle.out.isEmpty && idle.err.isEmpty, "\(idle.out)\(idle.err)")
        try logs.reopen()
        try logs.insert(LogBuilder.plainExchanges[4], model: "cron-new", times: 25)
        logs.close()
        let pass = try runToEnd(URL(fileURLWithPath: "/bin/sh"), ["-c", Self.localised(frequent[0], binary: binary, db: db, dir: dir)], in: dir)
        #expect(pass.exitCode == 0 && pass.out.contains("cron-new"), "\(pass.out)\(pass.err)")
    }
}
