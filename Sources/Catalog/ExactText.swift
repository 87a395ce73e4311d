import Foundation

/// A string compared and hashed by its UTF-8 bytes, for memo keys: `String` equality would take
/// canonically equivalent spellings (`"é"` and `"e\u{301}"`) for one another.
public struct ExactText: Hashable, Sendable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    /// True when `a` and `b` have the same UTF-8 bytes.
    public static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }

    public static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        sameBytes(lhs.text, rhs.text)
    }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
