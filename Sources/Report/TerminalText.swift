/// Text from a database made safe for a terminal: control characters and bidirectional controls
/// escaped, never interpreted (a model name cannot reorder or hide what follows it on the line).
public enum TerminalText {
    /// Control characters (and so the escape that starts terminal sequences) and the bidirectional
    /// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) shown as `\u{…}`.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
