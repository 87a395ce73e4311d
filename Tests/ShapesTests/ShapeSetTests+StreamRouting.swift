@testable import Shapes
import Testing

/// Stream events routed to their shapes by `event:` name, through the names the set keeps
/// (`streamSlots`) and past them.
@Suite("ShapeSet stream routing")
struct ShapeSetStreamRoutingTests {
    @Test("each event name gets its own shape, unnamed events and message share one, however many names", arguments: [1, 5, 15, 16, 17, 40])
    func routesByName(names: Int) {
        var set = ShapeSet()
        var expected: [String: Int] = [:]
        var seen: Set<String?> = []
        for body in 0..<6 {
            var text = ""
            for event in 0..<(names + 3) {
                let number = (event + body) % (names + 2)
                let name: String? = number == names ? nil : number == names + 1 ? "message" : "name_\(number)_" + String(repeating: "x", count: number % 20)
                if let name { text += "event: \(name)\n" }
                text += "data: {\"n\":\(number)}\n\n"
                expected[name ?? "message", default: 0] += 1
                seen.insert(name)
            }
            set.add(request: nil, response: Array(text.utf8), status: 200)
        }
        var documents: [String: Int] = [:]
        for kind in set.kinds {
            guard case .responseStream(let event) = kind else { continue }
            documents[event] = set[kind]?.documentCount
        }
        #expect(documents == expected)
        #expect(set.kinds.count == expected.count)
        #expect(seen.count == names + 2)
        #expect(set.streamSlots.count == min(seen.count, ShapeSet.StreamSlot.kept))
    }
}
