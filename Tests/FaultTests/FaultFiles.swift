import Demo
import Foundation
import TestLogSupport
import Logs
import SQLiteLogs
import SQLite

/// Every row of a table, as text by column name, keyed by the given columns.
func snapshot(_ path: String, table: String, key: [String], ignoring: Set<String> = []) throws -> [String: [String: String]] {
    let db = try Database(path: path, mode: .readOnly)
    guard try db.tableExists(table) else { return [:] }
    var rows: [String: [String: String]] = [:]
    try db.forEachRow("SELECT * FROM \(table)") { row in
        var values: [String: String] = [:]
        for index in 0..<row.columnCount where !ignoring.contains(row.columnName(at: index)) {
            values[row.columnName(at: index)] = row.isNull(at: index) ? "NULL" : (row.string(at: index) ?? "")
        }
        var keyText = ""
        for column in key {
            guard let index = (0..<row.columnCount).first(where: { row.columnName(at: $0) == column }) else { continue }
            keyText += (row.string(at: index) ?? "NULL") + "\u{1F}"
        }
        rows[keyText] = values
    }
    return rows
}

/// `PRAGMA integrity_check` of the file: "ok" or SQLite's list of problems.
func integrityCheck(_ path: String) throws -> String {
    let db = try Database(path: path, mode: .readOnly)
    return try db.fetchAll("PRAGMA integrity_check") { $0.string(at: 0) ?? "" }.joined(separator: "\n")
}

/// The bytes of a file, or nil when it cannot be read.
func fileBytes(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

/// The size of the WAL beside a database, 0 when there is none.
func walSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int) ?? 0
}

/// Copies a database file (and any WAL beside it) to `destination`.
func copyDatabase(_ source: String, to destination: String) throws {
    for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: destination + suffix)
        if FileManager.default.fileExists(atPath: source + suffix) {
            try FileManager.default.copyItem(atPath: source + suffix, toPath: destination + suffix)
        }
    }
}
