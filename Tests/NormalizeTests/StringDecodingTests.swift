import Catalog
import Normalize
import Testing

@Suite struct StringDecodingTests {
    @Test("escaped output text decodes exactly: control escapes, quotes, slashes, BMP and surrogate-pair \\u escapes, lone surrogates",
          arguments: [
            (#"a\nb\tc\r\"q\" \\ \/ \b\f"#, "a\nb\tc\r\"q\" \\ / \u{08}\u{0C}"),
            (#"caf\u00e9 \u4e2d \ud83e\udd50 end"#, "café 中 🥐 end"),
            (#"lone \ud800 x \udc00"#, "lone \u{FFFD} x \u{FFFD}"),
            (#"\u0041"#, "A"),
            ("raw UTF-8 é 🥐 and no escapes", "raw UTF-8 é 🥐 and no escapes"),
          ])
    func decodesEscapes(escaped: String, expected: String) throws {
        let map = FieldMap(schemaID: "test", roles: [
            "gateway.output.text": RoleBinding(body: .response, paths: [try JSONPath("$.t")]),
        ])
        let record = Normalizer(fieldMap: map).normalize(request: nil, response: "{\"t\":\"\(escaped)\"}")
        #expect(record.outputText == expected)
    }
}
