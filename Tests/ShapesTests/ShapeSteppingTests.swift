import Testing
@testable import Shapes

@Suite struct ShapeSteppingTests {
    /// Shapes with objects, arrays of objects, maps (`.*` and a key on a map), nulls beside
    /// objects, keys that differ by one byte, and canonically equivalent keys with other bytes.
    static let shapes: [Shape] = [
        shape([
            #"{"a":{"b":[{"c":1},{"c":2,"d":null}]},"ab":"x","e\u0301":1,"é":2,"":0}"#,
            #"{"a":null,"k":[[1,2],[3]],"m":{"u1":{"x":1},"u2":{"x":2},"u3":{"x":3},"u4":{"x":4},"u5":{"x":5},"u6":{"x":6},"u7":{"x":7},"u8":{"x":8},"u9":{"x":9}}}"#,
        ]),
        shape([#"[{"a":1},{"b":[true]}]"#, #"[]"#]),
        shape([#""text""#]),
    ]

    /// The walk `node(at:)` made before it stepped with `child(of:_:)`: the oracle.
    static func walked(_ shape: Shape, _ path: ShapePath) -> Int32 {
        var index: Int32 = 0
        for component in path.components {
            let node = shape.nodes[Int(index)]
            switch component {
            case .items: index = node.items >= 0 ? node.items : node.isMap ? node.firstChild : -1
            case .mapValue: index = node.isMap ? node.firstChild : -1
            case .key(let key): index = node.isMap ? node.firstChild : shape.findChild(of: index, key: Array(key.utf8)) ?? -1
            }
            if index < 0 { return -1 }
        }
        return index
    }

    @Test("stepping from a node's number finds what a walk from the root finds", arguments: shapes)
    func steppingAgreesWithWalkingFromTheRoot(_ shape: Shape) throws {
        var visited = 0
        // Every path the shape has, and one step below each that may or may not exist.
        for node in shape.allPaths {
            var number = Shape.rootNumber
            for component in node.path.components {
                number = shape.child(of: number, component)
                try #require(number >= 0, "\(node.path)")
            }
            #expect(shape.view(ofNode: number, path: node.path).description == node.description)
            let summary = shape.summary(ofNode: number)
            #expect(summary.count == node.count)
            #expect(summary.parentCount == node.parentCount)
            #expect(summary.presence == node.presence)
            #expect(summary.isMap == node.isMap)
            #expect(summary.typeCounts == JSONValueType.allCases.map { node.count(of: $0) })
            #expect(shape.sortedKeys(ofNode: number) == node.keys)
            for extra in [ShapePath.Component.items, .mapValue, .key("c"), .key("x"), .key("zz"), .key("e\u{301}")] {
                let below = node.path.appending(extra)
                let stepped = shape.child(of: number, extra)
                #expect(stepped == Self.walked(shape, below), "\(below)")
                if stepped >= 0, let found = shape.node(at: below) {
                    #expect(shape.view(ofNode: stepped, path: below).description == found.description, "\(below)")
                    #expect(shape.view(ofNode: stepped, path: below).count == found.count, "\(below)")
                }
            }
            visited += 1
        }
        #expect(visited > 0)
        #expect(shape.child(of: -1, .items) == -1)
        #expect(shape.child(of: Int32.max, .items) == -1)
    }
}
