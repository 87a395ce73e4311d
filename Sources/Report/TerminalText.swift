/// Text from a database made safe for a terminal: control characters escaped, never interpreted.
public enum TerminalText {
    /// Control characters (and so the escape that starts terminal sequences) shown as `\u{…}`.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00..<0x20, 0x7F..<0xA0:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
