import Foundation
/// The logs do not follow the contract (the table, a column or the `(model, id)` index is
/// missing). Nothing was read or written.
public struct LogContractError: Error, Sendable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case missingTable(String)
        case missingColumns([String])
        case missingModelIndex
        /// A column has a type the mapper cannot read; `expected` lists the types it can.
        case unsupportedType(column: String, type: String, expected: [String])
    }

    /// Where the logs are (a path, or a URI without its password).
    public let path: String
    public let problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .missingTable(let table):
            return "\(path) has no table '\(table)': is this the gateway's log database? "
                + "The gateway creates it; see 'The log contract' in the README."
        case .missingColumns(let names):
            return "\(path): table 'request_logs' lacks column\(names.count == 1 ? "" : "s") "
                + names.map { "'\($0)'" }.joined(separator: ", ")
                + "; the gateway's schema must match 'The log contract' in the README."
        case .missingModelIndex:
            return "\(path): table 'request_logs' has no index on (model, id), and the mapper never scans "
                + "the whole table; create it with: CREATE INDEX request_logs_model ON request_logs(model, id)"
        case .unsupportedType(let column, let type, let expected):
            return "\(path): column '\(column)' of table 'request_logs' is \(type); the mapper reads it as "
                + expected.joined(separator: ", ") + " (see 'The log contract' in the README)"
        }
    }
}
