import Testing
@testable import Report

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("a\u{1B}[31mred", "a\\u{1b}[31mred"),
        ("tab\there", "tab\\u{9}here"),
        ("\u{202E}txt.exe", "\\u{202e}txt.exe"),
        ("x\u{2066}y\u{2069}", "x\\u{2066}y\\u{2069}"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", "\\u{202a}\\u{202b}\\u{202c}\\u{202d}"),
        ("modèle-日本-🥐", "modèle-日本-🥐"),
        ("\u{200F}rlm", "\u{200F}rlm"),
    ])
    func controlAndBidirectionalCharactersAreEscapedOtherTextIsKept(_ input: String, _ expected: String) {
        #expect(TerminalText.escaped(input) == expected)
    }
}
