@testable import Shapes
import Testing

@Suite("Number samples")
struct NumberSamplesTests {
    static let usage = [ShapePath([.key("usage"), .key("prompt_tokens")]), ShapePath([.key("usage"), .key("completion_tokens")]),
                        ShapePath([.key("usage"), .key("total_tokens")])]

    static func response(_ prompt: Int, _ completion: Int) -> String {
        #"{"id":"x","created":1700000000,"choices":[{"index":0,"text":"words"}],"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion)}}"#
    }

    @Test("a response's integers are kept together per document, by path, array items and strings left out")
    func keepsIntegersPerDocument() {
        var set = ShapeSet()
        set.add(request: nil, response: Array(Self.response(10, 5).utf8), status: 200)
        set.add(request: nil, response: Array(Self.response(7, 30).utf8), status: 200)
        let numbers = set[.response]!.numberSamples
        #expect(numbers.documentCount == 2)
        #expect(numbers.values(at: Self.usage) == [[10, 5, 15], [7, 30, 37]])
        #expect(!numbers.paths.contains { $0.components.contains(.items) })
        #expect(numbers.paths.contains(ShapePath([.key("created")])))
    }

    @Test("a stream's usage event is kept and its delta events, with too few integers outside arrays, are not")
    func streamUsageEventFillsTheSlots() {
        var set = ShapeSet()
        var body = ""
        for index in 0..<5 { body += "data: {\"created\":1,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w\(index)\"}}]}\n\n" }
        body += "data: {\"created\":1,\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":9,\"total_tokens\":13}}\n\ndata: [DONE]\n\n"
        set.add(request: nil, response: Array(body.utf8), status: 200, responseContentType: "text/event-stream")
        let numbers = set[.responseStream(event: "message")]!.numberSamples
        #expect(numbers.documentCount == 1)
        #expect(numbers.values(at: Self.usage) == [[4, 9, 13]])
    }

    @Test("a rejected document leaves no numbers; the kept documents stop at the bound; merging adds while there is room")
    func boundedAndRolledBack() {
        var set = ShapeSet()
        set.add(request: nil, response: Array(#"{"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"x":"#.utf8), status: 200)
        #expect(set[.response]?.numberSamples.documentCount ?? 0 == 0)
        for index in 0..<(NumberSamples.maximumDocuments + 10) {
            set.add(request: nil, response: Array(Self.response(index, 1).utf8), status: 200)
        }
        let numbers = set[.response]!.numberSamples
        #expect(numbers.documentCount == NumberSamples.maximumDocuments)
        #expect(numbers.values(at: Self.usage).first == [0, 1, 1])
        var other = ShapeSet()
        other.add(request: nil, response: Array(Self.response(3, 4).utf8), status: 200)
        var merged = other
        merged.merge(set)
        #expect(merged[.response]!.numberSamples.documentCount == NumberSamples.maximumDocuments)
        #expect(merged[.response]!.numberSamples.values(at: Self.usage).first == [3, 4, 7])
    }

    @Test("a document holds at most the first integers, each path once")
    func perDocumentBound() {
        var samples = NumberSamples()
        let paths = (0..<40).map { ShapePath([.key("n\($0)")]) }
        samples.add(document: paths.map { ($0, 1) } + [(paths[0], 9)])
        #expect(samples.paths.count == NumberSamples.maximumValues)
        samples.add(document: [(paths[0], 1)])
        #expect(samples.documentCount == 1)
    }
}
