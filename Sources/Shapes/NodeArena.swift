#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
///
/// Nodes are plain values (`BitwiseCopyable`), so the buffer is C memory that grows with
/// `realloc`: in place when the heap has room after it, by remapping its pages once it is large
/// (glibc's `mremap`), instead of copying every node into freshly faulted pages each time the
/// arena doubles.
@usableFromInline
final class NodeStorage: @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<Node>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = capacity
        base = Self.allocate(nil, capacity: capacity)
    }

    deinit {
        free(base)
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
        if count == capacity { grow() }
        (base + count).initialize(to: node)
        count += 1
    }

    /// Doubles the capacity, keeping the nodes (moved by `realloc` when they cannot stay).
    @usableFromInline
    func grow() {
        base = Self.allocate(base, capacity: capacity * 2)
        capacity *= 2
    }

    /// `realloc(old, capacity nodes)` (a fresh buffer when `old` is nil), bound to `Node`.
    static func allocate(_ old: UnsafeMutablePointer<Node>?, capacity: Int) -> UnsafeMutablePointer<Node> {
        // malloc's alignment (16 bytes on the 64-bit targets) covers a node's.
        precondition(MemoryLayout<Node>.alignment <= 16, "a node needs more alignment than malloc gives")
        let (bytes, overflow) = MemoryLayout<Node>.stride.multipliedReportingOverflow(by: capacity)
        guard !overflow, let raw = realloc(old, bytes) else { fatalError("out of memory for \(capacity) shape nodes") }
        return raw.bindMemory(to: Node.self, capacity: capacity)
    }
}
