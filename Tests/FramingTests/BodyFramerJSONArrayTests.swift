import Testing
@testable import Framing

@Suite("BodyFramer JSON array streams")
struct BodyFramerJSONArrayTests {
    static func elements(_ text: String) -> (BodyFraming, [String]) {
        var texts: [String] = []
        let framing = Array(text.utf8).withUnsafeBytes { body in
            BodyFramer.frame(body, as: .jsonArray) { texts.append(String(decoding: $0.bytes, as: UTF8.self)) }
        }
        return (framing, texts)
    }

    @Test("each element of the top-level array is one document; commas and brackets inside values do not split")
    func elements() {
        let body = "[{\"a\":[1,2],\"s\":\"x],{\\\"y\"}\r\n,\r\n{\"b\":{\"c\":[{}]}} , [3,4],\"t\" ]\n"
        let (framing, texts) = Self.elements(body)
        #expect(texts == [#"{"a":[1,2],"s":"x],{\"y"}"#, #"{"b":{"c":[{}]}}"#, "[3,4]", #""t""#])
        #expect(framing.documents == 4 && framing.rejected.isEmpty && framing.skippedEmpty == 0)
    }

    @Test("the bytes alone say json: an array stream is the caller's choice")
    func formatStaysJSON() {
        #expect(Array("[{\"a\":1},\n{\"a\":2}]".utf8).withUnsafeBytes { BodyFramer.format(of: $0) } == .json)
        #expect(Array(" \n[1]".utf8).withUnsafeBytes { BodyFramer.startsWithArray($0) })
        #expect(!Array("{\"a\":[1]}".utf8).withUnsafeBytes { BodyFramer.startsWithArray($0) })
    }

    @Test("an empty array has no documents; a trailing comma's empty element is counted")
    func empties() {
        #expect(Self.elements("[ ]").1.isEmpty)
        let (framing, texts) = Self.elements("[{\"a\":1},]")
        #expect(texts == [#"{"a":1}"#])
        #expect(framing.skippedEmpty == 1)
    }

    @Test("a body ending inside the array passes on what it has and counts truncated")
    func truncated() {
        let (framing, texts) = Self.elements("[{\"a\":1},\n{\"b\":")
        #expect(texts == [#"{"a":1}"#, #"{"b":"#])
        #expect(framing.rejected == [.truncated: 1])
    }

    @Test("bytes after the closing bracket count trailing_garbage")
    func trailingGarbage() {
        let (framing, texts) = Self.elements("[1,2] x")
        #expect(texts == ["1", "2"])
        #expect(framing.rejected == [.trailingGarbage: 1])
    }

    @Test("a body that is not an array is one document")
    func notAnArray() {
        let (framing, texts) = Self.elements("{\"error\":{\"code\":400}}")
        #expect(texts == [#"{"error":{"code":400}}"#])
        #expect(framing.documents == 1)
    }
}
