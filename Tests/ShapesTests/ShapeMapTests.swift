import Shapes
import Testing

@Suite("Shape maps")
struct ShapeMapTests {
    static let tokens = [" Hello", " Hi", "Hello", " there", ",", " world", "!", " the", " a", " an", " I", " you", " we",
                         "ing", " Bonjour", " Hey", " Greetings", "Hel", " hello", " HELLO"]

    @Test("collapses token → logprob objects (legacy top_logprobs) into one map value")
    func topLogprobs() throws {
        var items: [String] = []
        for index in 0..<10 {
            let keys = (0..<4).map { Self.tokens[(index * 3 + $0) % Self.tokens.count] }
            items.append("{" + keys.map { #""\#($0)": -\#(Double($0.count) / 10)"# }.joined(separator: ",") + "}")
        }
        let document = #"{"choices": [{"logprobs": {"tokens": [" Hello"], "top_logprobs": [\#(items.joined(separator: ","))]}}]}"#
        let s = shape([document, document])
        let map = try #require(s["$.choices[*].logprobs.top_logprobs[*]"])
        #expect(map.isMap)
        #expect(map.keys.isEmpty)
        let value = try #require(s["$.choices[*].logprobs.top_logprobs[*].*"])
        #expect(value.typeSet == [.number])
        #expect(s.pathCount < 12)
        #expect(!s.textTree().contains("Hello"))
    }

    @Test("keeps logprobs.content[].top_logprobs arrays of {token, logprob} as objects")
    func chatLogprobs() throws {
        let entry = #"{"token": " Hi", "logprob": -0.1, "bytes": [72, 105]}"#
        let document = #"{"logprobs": {"content": [{"token": " Hi", "logprob": -0.1, "top_logprobs": [\#(entry), \#(entry)]}]}}"#
        let s = shape([document])
        let item = try #require(s["$.logprobs.content[*].top_logprobs[*]"])
        #expect(!item.isMap)
        #expect(item.keys == ["bytes", "logprob", "token"])
    }

    @Test("collapses an object keyed by ids across documents")
    func idKeyedAcrossDocuments() throws {
        let documents = (0..<30).map { index in
            #"{"object": "list", "data": {"file-\#(index)a": {"bytes": \#(index), "status": "ok"}, "file-\#(index)b": {"bytes": 1, "status": "ok"}}}"#
        }
        let s = shape(documents)
        let data = try #require(s["$.data"])
        #expect(data.isMap)
        let value = try #require(s["$.data.*"])
        #expect(value.count == 60)
        #expect(value.keys == ["bytes", "status"])
        #expect(s["$.data.*.status"]?.isRequired == true)
        #expect(!s.jsonSchema().contains("file-1a"))
        #expect(s.jsonSchema().contains("additionalProperties"))
    }

    @Test("collapses an object keyed by UUIDs in a single document")
    func uuidKeyed() throws {
        let keys = (0..<14).map { index in
            let hex = String(index * 7919 + 0x1000_0000, radix: 16)
            return "\(hex)-1111-2222-3333-\(String(repeating: "0", count: 10))\(String(index + 16, radix: 16))"
        }
        let document = "{\"items\": {" + keys.map { #""\#($0)": {"n": 1}"# }.joined(separator: ",") + "}}"
        let s = shape([document])
        #expect(s["$.items"]?.isMap == true)
    }

    @Test("does not collapse a wide object with stable field names")
    func wideStruct() {
        let fields = (0..<20).map { #""field_\#(String(UnicodeScalar(97 + $0)!))": \#($0)"# }.joined(separator: ",")
        let s = shape(Array(repeating: "{\(fields)}", count: 10))
        #expect(s["$"]?.isMap == false)
        #expect(s["$"]?.keys.count == 20)
    }

    @Test("merging a map into an object with a few keys collapses the object too")
    func mergeMapIntoObject() throws {
        let small = shape([#"{"data": {"file-1a": {"bytes": 1}}}"#])
        #expect(small["$.data"]?.isMap == false)
        var merged = small
        merged.merge(shape((0..<30).map { #"{"data": {"file-\#($0)x": {"bytes": \#($0)}, "file-\#($0)y": {"bytes": 2}}}"# }))
        let data = try #require(merged["$.data"])
        #expect(data.isMap)
        #expect(merged["$.data.*"]?.count == 61)
        #expect(merged["$.data.*.bytes"]?.isRequired == true)
        #expect(merged.documentCount == 31)
    }
}
