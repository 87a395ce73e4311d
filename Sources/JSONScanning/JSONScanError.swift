/// Why a body could not be scanned, and where: the reason and a byte offset, never body text.
public struct JSONScanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The input ended inside a value (a truncated body).
        case unexpectedEnd = "truncated"
        /// Invalid UTF-8 inside a string.
        case invalidUTF8 = "invalid_utf8"
        /// Nesting deeper than the scanner's `maximumDepth`.
        case tooDeep = "too_deep"
        /// A byte that cannot start or continue the value here (including trailing commas).
        case unexpectedCharacter = "unexpected_character"
        /// A malformed number: leading zeros, a lone `-`, a missing fraction or exponent digit.
        case invalidNumber = "invalid_number"
        /// `NaN`, `Infinity` or `-Infinity`: not JSON (the invalid-number case that some encoders emit).
        case nonFiniteNumber = "nan"
        /// A backslash escape RFC 8259 does not define, or a malformed `\u` escape.
        case invalidEscape = "invalid_escape"
        /// A raw control character (U+0000–U+001F) inside a string.
        case controlCharacter = "control_character"
        /// Something other than whitespace after the document.
        case trailingGarbage = "trailing_garbage"
        /// No bytes, or only whitespace (and a BOM).
        case empty = "empty"

        /// The stable snake_case name used in counters (`truncated`, `invalid_utf8`, …).
        public var name: String { rawValue }
    }

    /// What went wrong.
    public let reason: Reason
    /// The byte offset in the scanned buffer where it was found.
    public let offset: Int

    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// The reason and the offset only: body text never appears in an error.
    public var description: String { "\(reason.rawValue) at byte \(offset)" }
}
