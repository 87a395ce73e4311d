import Demo
import Testing
@testable import LogGenerator

@Suite struct BodyWriterTests {
    func written(_ json: String, style: JSONStyle, model: String? = nil, name: String = "m") throws -> String {
        let node = try TemplateNode.parse(Array(json.utf8), model: model)
        var writer = BodyWriter(style: style, random: SplitMix64(seed: 1), shape: RowShape(), modelName: name)
        writer.write(node)
        return String(decoding: writer.out, as: UTF8.self)
    }

    @Test(arguments: [
        (JSONStyle.compact, #"{"role":"user","n":[1,2]}"#),
        (JSONStyle(spaced: true), #"{"role": "user", "n": [1, 2]}"#),
        (JSONStyle(indent: 2), "{\n  \"role\": \"user\",\n  \"n\": [\n    1,\n    2\n  ]\n}"),
    ])
    func layoutFollowsTheClientsStyle(style: JSONStyle, expected: String) throws {
        #expect(try written(#"{"role": "user", "n": [1,2]}"#, style: style) == expected)
    }

    @Test func nonASCIIIsEscapedOrRawByHabitWithSurrogatePairs() throws {
        let json = #"{"role":"café 🥐/x"}"#
        #expect(try written(json, style: JSONStyle(escapesNonASCII: true, escapesSlash: true)) == #"{"role":"caf\u00e9 \ud83e\udd50\/x"}"#)
        #expect(try written(json, style: .compact) == #"{"role":"café 🥐/x"}"#)
    }

    @Test func theFixtureModelIsReplacedAndIdsGetNewTails() throws {
        let out = try written(#"{"model":"gpt-x-2024","id":"chatcmpl-AbCdEfGh12"}"#, style: .compact, model: "gpt-x", name: "acme-1")
        #expect(out.hasPrefix(#"{"model":"acme-1-2024","id":"chatcmpl-"#))
        #expect(!out.contains("AbCdEfGh12"))
        #expect(out.count == #"{"model":"acme-1-2024","id":"chatcmpl-AbCdEfGh12"}"#.count)
    }

    @Test func freeTextBecomesInventedWordsAndConversationsTakeTheRowsLength() throws {
        let json = #"{"messages":[{"role":"system","content":"Be brief and kind."},{"role":"user","content":"Secret plan for Tuesday"}]}"#
        let node = try TemplateNode.parse(Array(json.utf8), model: nil)
        var shape = RowShape()
        shape.turns = 5
        var writer = BodyWriter(style: .compact, random: SplitMix64(seed: 2), shape: shape, modelName: "m")
        writer.write(node)
        let out = String(decoding: writer.out, as: UTF8.self)
        #expect(!out.contains("Secret") && !out.contains("brief"))
        #expect(out.components(separatedBy: #""role":"#).count - 1 == 6)
        #expect(out.components(separatedBy: #""role":"system""#).count - 1 == 1)
    }

    @Test func corruptionsDamageBodiesAsNamed() {
        var random = SplitMix64(seed: 3)
        let body = Array(#"{"a":"llama3.1:8b \"x:1","n":12}"#.utf8)
        #expect(LogGenerator.corrupt(body, .empty, random: &random).isEmpty)
        #expect(LogGenerator.corrupt(body, .bom, random: &random).starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: LogGenerator.corrupt(body, .nan, random: &random), as: UTF8.self) == #"{"a":"llama3.1:8b \"x:1","n":NaN}"#, "never inside a string")
        #expect(LogGenerator.corrupt(body, .truncated, random: &random).count < body.count)
        #expect(LogGenerator.corrupt(body, .invalidUTF8, random: &random).contains(0xFF))
        #expect(LogGenerator.corrupt(body, .tooDeep, random: &random).prefix(100_000).allSatisfy { $0 == UInt8(ascii: "[") })
    }
}
