import Testing
@testable import Shapes

@Suite("ScratchStack")
struct ScratchStackTests {
    @Test("pushes and pops in order, growing past its first capacity")
    func pushPop() {
        var stack = ScratchStack<Int32>(capacity: 2)
        stack.reset()
        for value in 0..<100 { stack.append(Int32(value)) }
        #expect(stack.count == 100)
        #expect(stack.last == 99)
        #expect(stack[10] == 10)
        var popped: [Int32] = []
        while !stack.isEmpty { popped.append(stack.removeLast()) }
        #expect(popped == (0..<100).reversed().map(Int32.init))
    }

    @Test("a copy reset for its own document never writes into the original's buffer")
    func copiesAreIndependentAfterReset() {
        var original = ScratchStack<Int32>(capacity: 4)
        original.reset()
        original.append(1)
        original.append(2)
        var copy = original
        copy.reset()
        copy.append(7)
        #expect(original.count == 2)
        #expect(original[0] == 1)
        #expect(original.last == 2)
        #expect(copy.count == 1)
        #expect(copy.last == 7)
    }

    @Test("emptying keeps the buffer; renewing gives an empty stack a buffer of its own")
    func emptyAndRenew() {
        var original = ScratchStack<Int32>(capacity: 2)
        for value in 0..<5 { original.append(Int32(value)) }
        let grown = original.base
        original.empty()
        #expect(original.count == 0)
        #expect(original.base == grown)
        original.append(9)
        #expect(original.last == 9)
        var copy = original
        copy.renew()
        #expect(copy.count == 0)
        #expect(copy.base != original.base)
        #expect(copy.capacity == original.capacity)
        copy.append(7)
        #expect(original.count == 1)
        #expect(original.last == 9)
        #expect(copy.last == 7)
    }

    @Test("nodes are saved and read back whole")
    func nodes() {
        var journal = ScratchStack<Node>(capacity: 1)
        journal.reset()
        var node = Node(parent: 3)
        node.count = 41
        node.stringMax = 12
        node.formats.add(.uuid, 5)
        withUnsafePointer(to: node) { journal.append(from: $0) }
        journal.append(Node(parent: 4))
        #expect(journal[0].parent == 3)
        #expect(journal[0].count == 41)
        #expect(journal[0].stringMax == 12)
        #expect(journal[0].formats[.uuid] == 5)
        #expect(journal.last.parent == 4)
    }
}
