/// The nodes of a shape: a growable buffer with value semantics (copy on write), like an array,
/// that also lends the builder a raw pointer for a whole document.
///
/// An `Array` checks uniqueness and bounds on every mutation; the builder mutates a node several
/// times per value it scans. `uniqueBase()` does the uniqueness check once per document and
/// hands out the base address, valid until the arena next grows (`append`) or is copied.
@usableFromInline
struct NodeArena: Sendable {
    @usableFromInline var storage: NodeStorage

    /// An arena holding `nodes`.
    @usableFromInline
    init(_ nodes: [Node]) {
        storage = NodeStorage(capacity: max(8, nodes.count))
        for node in nodes { storage.append(node) }
    }

    @inlinable var count: Int { storage.count }
    @inlinable var indices: Range<Int> { 0..<storage.count }

    @inlinable
    subscript(index: Int) -> Node {
        get {
            precondition(index >= 0 && index < storage.count, "node index out of range")
            return storage.base[index]
        }
        _modify {
            makeUnique()
            precondition(index >= 0 && index < storage.count, "node index out of range")
            yield &storage.base[index]
        }
    }

    /// Copies the storage when it is shared, so writes stay with this value.
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// The base address of the nodes, for writing: valid until the next `append` or copy.
    @inlinable
    mutating func uniqueBase() -> UnsafeMutablePointer<Node> {
        makeUnique()
        return storage.base
    }

    @inlinable
    mutating func append(_ node: Node) {
        makeUnique()
        storage.append(node)
    }

    /// Drops the nodes from `range.lowerBound` on.
    @inlinable
    mutating func removeSubrange(_ range: PartialRangeFrom<Int>) {
        precondition(range.lowerBound >= 0 && range.lowerBound <= storage.count, "node index out of range")
        guard range.lowerBound < storage.count else { return }
        makeUnique()
        (storage.base + range.lowerBound).deinitialize(count: storage.count - range.lowerBound)
        storage.count = range.lowerBound
    }

    @inlinable
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Node>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    @inlinable
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Node>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }
}

/// The buffer behind a `NodeArena`. Only a uniquely referenced storage is ever written, so its
/// fields need no dynamic exclusivity checks (as in the standard library's own buffers).
@usableFromInline
final class NodeStorage: @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<Node>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutablePointer<Node>.allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @usableFromInline
    func copy() -> NodeStorage {
        let fresh = NodeStorage(capacity: max(8, count))
        fresh.base.initialize(from: base, count: count)
        fresh.count = count
        return fresh
    }

    @usableFromInline
    func append(_ node: Node) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Node>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: node)
        count += 1
    }
}
