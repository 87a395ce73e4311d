import JSONScanning
import Testing

@Suite("JSONPathTracker")
struct JSONPathTrackerTests {
    struct PathVisitor: JSONVisitor {
        var tracker = JSONPathTracker()
        var paths: [String] = []
        mutating func beginObject() { tracker.enterContainer() }
        mutating func key(_ key: JSONStringToken) { tracker.key(key) }
        mutating func endObject() { tracker.exitContainer() }
        mutating func beginArray() { tracker.enterContainer() }
        mutating func element(_ index: Int) { tracker.element(index) }
        mutating func endArray() { tracker.exitContainer() }
        mutating func number(_ token: JSONNumberToken) { record() }
        mutating func string(_ token: JSONStringToken) { record() }
        mutating func record() {
            var path = "$"
            for component in tracker.components {
                switch component {
                case .key(let key): path += "." + key.decoded()
                case .index(let index): path += "[\(index)]"
                }
            }
            paths.append(path)
        }
    }

    @Test("gives the path of every value")
    func paths() throws {
        let bytes = Array(#"{"a": [1, {"b": "x"}], "c": 2, "d": [[3]]}"#.utf8)
        var visitor = PathVisitor()
        _ = try scan(bytes, into: &visitor).get()
        #expect(visitor.paths == ["$.a[0]", "$.a[1].b", "$.c", "$.d[0][0]"])
        #expect(visitor.tracker.depth == 0)
    }
}
