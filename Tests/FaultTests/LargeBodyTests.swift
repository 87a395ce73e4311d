import Foundation
import SQLite
import TestLogSupport
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One body far larger than the rest sets neither the job's memory nor normalize's.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct LargeBodyTests {
    static let hugeBytes = 150_000_000

    /// Runs the mapper to its end and returns its exit code, peak resident set (KiB) and stderr.
    /// The peak is the child's own `VmHWM` (its address space's high-water mark, new at exec),
    /// read until it exits: `wait4`'s `ru_maxrss` would carry the test process's own peak,
    /// which the child inherits when it is spawned.
    func runMeasuringMemory(_ arguments: [String], in dir: TemporaryDirectory) throws -> (code: Int32, peakKiB: Int, err: String) {
        let child = try Child(Executables.mapper, arguments, in: dir)
        var peak = 0
        let deadline = Date().addingTimeInterval(120)
        while child.isRunning && Date() < deadline {
            if let status = try? String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                peak = max(peak, kib)
            }
            usleep(1_000)
        }
        child.wait()
        return (child.exitCode, peak, child.err)
    }

    @Test func aHugeBodyIsCountedTooLargeAndNeverRead() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("logs.db")
        let logs = try LogBuilder(path: path)
        for (index, name) in LogBuilder.plainExchanges.prefix(3).enumerated() { try logs.insert(name, model: "big-\(index)", times: 25) }
        logs.close()
        let db = try Database(path: path, mode: .readWrite)
        try db.execute("""
            INSERT INTO request_logs (created_at, target_url, provider, model, status, request_body, response_body)
            SELECT created_at, target_url, provider, model, status, request_body, zeroblob(?) FROM request_logs WHERE model = 'big-0' LIMIT 1
            """, [Self.hugeBytes])
        let hugeID = db.lastInsertedRowID

        let run = try runMeasuringMemory(["run", "--db", path, "--jobs", "2"], in: dir)
        #expect(run.code == 0, "\(run.err)")
        #expect(run.peakKiB * 1024 < Self.hugeBytes * 3 / 4, "peak RSS \(run.peakKiB) KiB: the body was read")
        let rejected = try db.scalarString("SELECT rejected FROM model_mappings WHERE model = 'big-0'") ?? ""
        #expect(rejected.contains("\"too_large\":1"), "\(rejected)")
        #expect(try db.scalarString("SELECT status FROM model_mappings WHERE model = 'big-0'") == "mapped")

        let normalize = try runMeasuringMemory(["normalize", "--db", path, "--id", "\(hugeID)"], in: dir)
        #expect(normalize.code == 65, "\(normalize.err)")
        #expect(normalize.err.contains("over 64 MiB"), "\(normalize.err)")
        #expect(normalize.peakKiB * 1024 < Self.hugeBytes * 3 / 4, "peak RSS \(normalize.peakKiB) KiB: the body was read")
    }
}
