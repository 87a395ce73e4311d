import Shapes
import Testing

@Suite("Shape privacy")
struct ShapePrivacyTests {
    @Test("no string value outside a closed enum appears in a shape or its exports")
    func noCanaries() throws {
        var canaries: [String] = []
        func canary() -> String {
            let value = "CANARY\(canaries.count)x\(UInt32.random(in: 0...UInt32.max))"
            canaries.append(value)
            return value
        }
        var set = ShapeSet()
        for _ in 0..<40 {
            let request = #"{"model": "m", "messages": [{"role": "user", "content": "\#(canary())"}], "user": "\#(canary())", "metadata": {"k": "\#(canary())"}}"#
            let stream = [
                "event: delta", #"data: {"type": "delta", "text": "\#(canary())", "id": "\#(canary())"}"#, "",
                #"data: {"type": "done", "note": "\#(canary())"}"#, "", "data: [DONE]", "",
            ].joined(separator: "\n")
            set.add(request: Array(request.utf8), response: Array(stream.utf8), status: 200)
            let error = #"{"error": {"message": "\#(canary())", "type": "invalid_request_error"}}"#
            set.add(request: nil, response: Array(error.utf8), status: 400)
            set.add(request: nil, response: Array("\(canary()) as plain text".utf8), status: 502)
            set.add(request: nil, response: Array(#"{"truncated": "\#(canary())"#.utf8), status: 200)
        }
        var outputs = [String(describing: set)]
        for kind in set.kinds {
            let shape = try #require(set[kind])
            outputs += [shape.description, shape.textTree(), shape.jsonSchema(), "\(shape.canonicalListing())"]
            shape.forEachPath { node in
                outputs.append("\(node) \(node.keys)")
            }
        }
        let everything = outputs.joined(separator: "\n")
        #expect(everything.contains("invalid_request_error"))  // a legitimately closed enum value
        #expect(everything.contains("$.messages[*].role"))
        for value in canaries {
            #expect(!everything.contains(value), "a canary value leaked")
        }
        #expect(!everything.contains("CANARY"))
    }
}
