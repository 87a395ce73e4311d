import Foundation
/// The parts of a logged `target_url` the mapper needs: host and path.
///
/// A small parser rather than `URLComponents`: it runs once per sampled row and must accept
/// whatever the gateway logged (no scheme, a port, a query) without failing.
public struct TargetURL: Sendable, Hashable {
    /// Lower-cased host without port; empty when the URL has none.
    public let host: String
    /// The path, without query or fragment; "/" when empty.
    public let path: String

    public init(_ url: String) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("/") {
            // A bare path: no host.
            self.host = ""
            self.path = Self.stripQuery(rest)
            return
        }
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<hostEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            authority = authority[...close]
        } else if let colon = authority.lastIndex(of: ":") {
            authority = authority[..<colon]
        }
        self.host = authority.lowercased()
        self.path = Self.stripQuery(rest[hostEnd...])
    }

    private static func stripQuery(_ text: Substring) -> String {
        let end = text.firstIndex { $0 == "?" || $0 == "#" } ?? text.endIndex
        let path = text[..<end]
        return path.isEmpty ? "/" : String(path)
    }
}
