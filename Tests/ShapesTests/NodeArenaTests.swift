import Testing
@testable import Shapes

@Suite("NodeArena")
struct NodeArenaTests {
    func arena(_ count: Int) -> NodeArena {
        var arena = NodeArena([Node(parent: -1)])
        for index in 1..<count { arena.append(Node(parent: Int32(index - 1))) }
        return arena
    }

    @Test("a copy keeps its nodes when the original is written, grown or cut")
    func copyOnWrite() {
        var original = arena(20)
        let copy = original
        original[3].count = 7
        original.append(Node(parent: 5))
        original.removeSubrange(10...)
        #expect(copy.count == 20)
        #expect(copy[3].count == 0)
        #expect(copy.indices.map { copy[$0].parent } == [-1] + (0..<19).map(Int32.init))
        #expect(original.count == 10)
        #expect(original[3].count == 7)
    }

    @Test("growing past the capacity keeps every node")
    func growth() {
        var nodes = arena(1)
        for index in 1..<1_000 {
            nodes.append(Node(parent: Int32(index)))
            nodes[index].count = index
        }
        #expect(nodes.count == 1_000)
        #expect(nodes.indices.allSatisfy { nodes[$0].count == $0 })
    }

    @Test("growing in place or by moving keeps every node's fields, and a copy made between doublings keeps its own", arguments: [8, 9, 17, 600, 5_000])
    func growthKeepsFields(count: Int) {
        var nodes = arena(1)
        var copies: [NodeArena] = []
        for index in 1..<count {
            nodes.append(Node(parent: Int32(index)))
            nodes[index].count = index
            nodes[index].fractionMax = Double(index) / 4
            if index.nonzeroBitCount == 1 { copies.append(nodes) }
        }
        #expect(nodes.count == count)
        #expect(nodes.indices.dropFirst().allSatisfy { nodes[$0].parent == Int32($0) && nodes[$0].count == $0 && nodes[$0].fractionMax == Double($0) / 4 })
        for copy in copies {
            #expect(copy.indices.dropFirst().allSatisfy { copy[$0].parent == Int32($0) && copy[$0].count == $0 })
        }
    }

    @Test("the lent base address writes only to a unique copy")
    func uniqueBase() {
        var original = arena(4)
        let copy = original
        let base = original.uniqueBase()
        base[2].count = 9
        #expect(original[2].count == 9)
        #expect(copy[2].count == 0)
        original.withUnsafeMutableBufferPointer { $0[1].count = 3 }
        #expect(original.withUnsafeBufferPointer { $0.map(\.count) } == [0, 3, 9, 0])
        #expect(copy.withUnsafeBufferPointer { $0.map(\.count) } == [0, 0, 0, 0])
    }

    @Test("a shape set copied between rows goes on independently of the original")
    func shapeSetCopies() {
        func add(_ set: inout ShapeSet, _ text: String) {
            set.add(request: nil, response: Array(text.utf8), status: 200)
        }
        var original = ShapeSet()
        add(&original, #"{"a": 1, "b": {"c": "x"}}"#)
        var copy = original
        add(&original, #"{"a": 2, "b": {"c": "y", "d": true}}"#)
        add(&copy, #"{"a": "s"}"#)
        add(&original, #"{"a": 3"#)  // truncated: rolled back in the original only
        let left = original[.response]!
        let right = copy[.response]!
        #expect(left.documentCount == 2)
        #expect(right.documentCount == 2)
        #expect(left.node(.key("b"), .key("d"))?.count == 1)
        #expect(right.node(.key("b"), .key("d")) == nil)
        #expect(left.node(.key("a"))?.types == [.integer: 2])
        #expect(right.node(.key("a"))?.types == [.integer: 1, .string: 1])
        #expect(original.rejected == ["truncated": 1])
        #expect(copy.rejected.isEmpty)
    }
}
