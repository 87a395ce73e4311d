/// How one client (or server) writes JSON: layout and escaping habits.
public struct JSONStyle: Sendable, Hashable {
    /// Spaces per level for pretty output; 0 writes one line.
    public var indent: Int
    /// One-line output with `", "` and `": "` (Python's `json.dumps` default).
    public var spaced: Bool
    /// Non-ASCII written as `\uXXXX` (surrogate pairs above the BMP) rather than raw UTF-8.
    public var escapesNonASCII: Bool
    /// `/` written as `\/`.
    public var escapesSlash: Bool

    public init(indent: Int = 0, spaced: Bool = false, escapesNonASCII: Bool = false, escapesSlash: Bool = false) {
        self.indent = indent
        self.spaced = spaced
        self.escapesNonASCII = escapesNonASCII
        self.escapesSlash = escapesSlash
    }

    public static let compact = JSONStyle()
}
