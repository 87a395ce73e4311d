import Foundation
/// What a mapping is for: one model on one templated endpoint.
public struct LogKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let model: String
    public let endpoint: String

    public init(model: String, endpoint: String) {
        self.model = model
        self.endpoint = endpoint
    }

    public static func < (lhs: LogKey, rhs: LogKey) -> Bool {
        (lhs.model, lhs.endpoint) < (rhs.model, rhs.endpoint)
    }

    public var description: String { "\(model) \(endpoint)" }
}
