import Commands
import Foundation
import SQLite
import SQLiteLogs

/// Writes the conformance suite: every case's row goes into one log database, the maps are pinned
/// with `override set`, `run` maps the rest (heuristic maps), and each case's `expected.json` is
/// what `normalize --id N --json` prints for its row.
struct ConformanceSuite {
    var cases: [ConformanceCase]

    /// The files of one case directory.
    struct CaseFiles {
        var name: String
        var files: [(name: String, bytes: [UInt8])]
    }

    /// Runs the real commands over the cases in `scratch` (an empty directory) and returns each
    /// case's files.
    func generate(scratch: URL) throws -> [CaseFiles] {
        try checkKeys()
        let database = scratch.appendingPathComponent("logs.sqlite").path
        try writeLogs(database)
        try pinMaps(database, scratch: scratch)
        try command(["run", "--db", database, "--jobs", "1"], accepting: [.success, .dataError])
        let db = try Database(path: database, mode: .readOnly)
        return try cases.enumerated().map { index, item in
            let id = Int64(index + 1)
            guard let stored = try db.scalarString(
                "SELECT field_map FROM model_mappings WHERE model = ? AND endpoint = ?", [item.model, item.endpoint])
            else {
                throw CommandError(.software, "case \(item.name): the run left \(item.model) \(item.endpoint) without a mapping")
            }
            let expected = try command(["normalize", "--db", database, "--id", String(id), "--json"], accepting: [.success])
            var files: [(String, [UInt8])] = [
                ("field_map.json", Array(stored.utf8)),
                ("row.json", try Self.rowJSON(id: id, item)),
                ("expected.json", Array(expected.utf8)),
            ]
            if let request = item.request { files.append(("request.bin", request)) }
            if let response = item.response { files.append(("response.bin", response)) }
            return CaseFiles(name: item.name, files: files.sorted { $0.0 < $1.0 })
        }
    }

    /// Case names are unique, and cases sharing a key share its map.
    func checkKeys() throws {
        var names = Set<String>()
        var maps: [String: (name: String, map: String?)] = [:]
        for item in cases {
            guard names.insert(item.name).inserted else { throw CommandError(.dataError, "two cases are named \(item.name)") }
            let key = item.model + "\u{0}" + item.endpoint
            if let other = maps[key], other.map != item.fieldMap {
                throw CommandError(.dataError, "cases \(other.name) and \(item.name) share the key \(item.model) \(item.endpoint) "
                    + "but not their map; give one another model")
            }
            maps[key] = (item.name, item.fieldMap)
        }
    }

    /// `row.json`: what the gateway logged besides the bodies.
    static func rowJSON(id: Int64, _ item: ConformanceCase) throws -> [UInt8] {
        struct Row: Encodable {
            var id: Int64
            var targetURL: String
            var model: String
            var endpoint: String
            var status: Int?
            enum CodingKeys: String, CodingKey { case id, model, endpoint, status, targetURL = "target_url" }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(targetURL, forKey: .targetURL)
                try container.encode(model, forKey: .model)
                try container.encode(endpoint, forKey: .endpoint)
                try container.encode(status, forKey: .status)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let row = Row(id: id, targetURL: item.targetURL, model: item.model, endpoint: item.endpoint, status: item.status)
        return Array(try encoder.encode(row)) + [UInt8(ascii: "\n")]
    }

    /// One row per case, ids in case order.
    func writeLogs(_ path: String) throws {
        let db = try Database(path: path, mode: .create)
        try db.executeScript(LogContract.createSQL)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        try db.inTransaction {
            for (index, item) in cases.enumerated() {
                try db.execute(
                    """
                    INSERT INTO request_logs (id, created_at, target_url, provider, model, status, request_body, response_body)
                    VALUES (?, ?, ?, NULL, ?, ?, ?, ?)
                    """,
                    [Int64(index + 1), start.addingTimeInterval(Double(index)).ISO8601Format(), item.targetURL, item.model,
                     item.status.map { Int64($0) }, item.request, item.response])
            }
        }
    }

    /// Pins every key whose case names a map.
    func pinMaps(_ database: String, scratch: URL) throws {
        var pinned = Set<String>()
        for item in cases {
            guard let map = item.fieldMap, pinned.insert(item.model + "\u{0}" + item.endpoint).inserted else { continue }
            let file = scratch.appendingPathComponent("map-\(pinned.count).json")
            try Data(map.utf8).write(to: file)
            do {
                try command(
                    ["override", "set", "--db", database, "--model", item.model, "--endpoint", item.endpoint, "--field-map", file.path],
                    accepting: [.success])
            } catch let error as CommandError {
                throw CommandError(error.exitCode, "case \(item.name): \(error.message)")
            }
        }
    }

    /// Runs `gateway-mapper` in-process; returns its standard output.
    @discardableResult
    func command(_ arguments: [String], accepting codes: Set<ExitCode>) throws -> String {
        let out = Captured()
        let err = Captured()
        let context = CommandContext(out: { out.append($0) }, err: { err.append($0) })
        let code = GatewayMapper.main(arguments, context: context)
        guard codes.contains(code) else {
            throw CommandError(.software, "gateway-mapper \(arguments.prefix(2).joined(separator: " ")) exited \(code.rawValue): \(err.value)")
        }
        return out.value
    }

    /// Text a command wrote.
    final class Captured: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ more: String) { lock.withLock { text += more } }
        var value: String { lock.withLock { text } }
    }
}
