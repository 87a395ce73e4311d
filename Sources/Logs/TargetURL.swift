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
        if let parsed = Self.ascii(url) {
            self = parsed
            return
        }
        self.init(general: url)
    }

    init(host: String, path: String) {
        self.host = host
        self.path = path
    }

    /// The parse by `Substring` and `Character` operations, for any text.
    init(general url: String) {
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

    /// The parse on the UTF-8 bytes of an ASCII URL, where a `Character` is a byte (none of
    /// `:/?#@[]` joins another byte in a grapheme) and lower-casing is ASCII's: the same host
    /// and path as `init(general:)` without `Substring` searches; nil for any other text.
    static func ascii(_ url: String) -> TargetURL? {
        var url = url
        return url.withUTF8 { bytes -> TargetURL? in
            for byte in bytes where byte >= 0x80 { return nil }
            let count = bytes.count
            func first(from start: Int, _ isEnd: (UInt8) -> Bool) -> Int {
                var index = start
                while index < count, !isEnd(bytes[index]) { index += 1 }
                return index
            }
            func path(from start: Int) -> String {
                let end = first(from: start) { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
                return end == start ? "/" : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            var start = 0
            var scheme = 0
            while scheme + 3 <= count,
                  !(bytes[scheme] == UInt8(ascii: ":") && bytes[scheme + 1] == UInt8(ascii: "/") && bytes[scheme + 2] == UInt8(ascii: "/")) {
                scheme += 1
            }
            if scheme + 3 <= count {
                start = scheme + 3
            } else if count >= 2, bytes[0] == UInt8(ascii: "/"), bytes[1] == UInt8(ascii: "/") {
                start = 2
            } else if count >= 1, bytes[0] == UInt8(ascii: "/") {
                return TargetURL(host: "", path: path(from: 0))
            }
            let hostEnd = first(from: start) { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            var authority = start..<hostEnd
            if let at = authority.last(where: { bytes[$0] == UInt8(ascii: "@") }) { authority = (at + 1)..<hostEnd }
            if authority.first.map({ bytes[$0] == UInt8(ascii: "[") }) == true,
               let close = authority.first(where: { bytes[$0] == UInt8(ascii: "]") }) {
                authority = authority.lowerBound..<(close + 1)
            } else if let colon = authority.last(where: { bytes[$0] == UInt8(ascii: ":") }) {
                authority = authority.lowerBound..<colon
            }
            var host: [UInt8] = []
            host.reserveCapacity(authority.count)
            for byte in bytes[authority] {
                host.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            }
            return TargetURL(host: String(decoding: host, as: UTF8.self), path: path(from: hostEnd))
        }
    }
}
