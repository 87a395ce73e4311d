import TestSupport
import Foundation
import Testing
import Logs
import SQLiteLogs
import SQLite
@testable import Demo

@Suite struct DemoDatabaseTests {
    @Test func theDemoHasTwentyModelsOnSeveralHostsWithStreamsErrorsAndCorruptRows() throws {
        let dir = try TemporaryDirectory()
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let path = dir.path("demo.db")
        let (summary, truth) = try DemoDatabase(manifest: manifest, seed: 7, targetRows: 1_500).write(to: path)
        #expect(summary.models >= 20)
        #expect(summary.hosts >= 5)
        #expect(summary.rows >= 1_500)
        #expect(summary.streamed > 0)
        #expect(summary.errors > 0)
        #expect(summary.corrupt > 0)
        #expect(summary.unattributed > 0)
        let db = try Database(path: path, mode: .readOnly)
        try LogContract.check(db)
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs") == Int64(summary.rows))
        #expect(try db.scalarInt("SELECT count(*) FROM request_logs WHERE model IS NULL") == Int64(summary.unattributed))
        #expect(Set(truth.keys.map(\.model)).count >= 20)
        // Binary and array streams, and APIs outside the catalog the job must map by structure.
        let streams = Set(truth.keys.flatMap { $0.streams ?? [] })
        #expect(streams.isSuperset(of: ["sse", "ndjson", "aws_eventstream", "json_array"]), "\(streams)")
        #expect(truth.keys.filter { $0.api == "heuristic" }.count >= 2)
        #expect(truth.keys.contains { $0.api == "heuristic" && $0.streams == ["ndjson"] })
        #expect(try DemoDatabase.readTruth(for: path).keys == truth.keys)
    }

    @Test func theSameSeedWritesTheSameDatabase() throws {
        let dir = try TemporaryDirectory()
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let demo = DemoDatabase(manifest: manifest, seed: 3, targetRows: 500)
        let (first, _) = try demo.write(to: dir.path("a.db"))
        let (second, _) = try demo.write(to: dir.path("b.db"))
        #expect(first.rows == second.rows && first.bytes == second.bytes && first.corrupt == second.corrupt)
        let a = try Database(path: dir.path("a.db"), mode: .readOnly)
        let b = try Database(path: dir.path("b.db"), mode: .readOnly)
        let query = "SELECT group_concat(coalesce(model, '-') || target_url || length(response_body), ',') FROM request_logs"
        #expect(try a.scalarString(query) == b.scalarString(query))
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("exists.db")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path))
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        #expect(throws: FixtureError.self) { try DemoDatabase(manifest: manifest).write(to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
    }

    @Test func byteReplacementSwapsEveryOccurrence() {
        let out = replacing(Array("a-m-m-b".utf8), Array("m".utf8), with: Array("xyz".utf8))
        #expect(String(decoding: out, as: UTF8.self) == "a-xyz-xyz-b")
    }
}
