import Shapes
import Testing

@Suite("ShapeKind")
struct ShapeKindTests {
    @Test("has stable names", arguments: [
        (ShapeKind.request, "request"), (.response, "response"),
        (.responseStream(event: "message_start"), "response_stream:message_start"), (.error, "error"),
    ])
    func names(kind: ShapeKind, name: String) {
        #expect(kind.description == name)
    }

    @Test("sorts requests, responses, streams by event, then errors")
    func order() {
        let kinds: [ShapeKind] = [.error, .responseStream(event: "b"), .request, .responseStream(event: "a"), .response]
        #expect(kinds.sorted() == [.request, .response, .responseStream(event: "a"), .responseStream(event: "b"), .error])
    }
}
