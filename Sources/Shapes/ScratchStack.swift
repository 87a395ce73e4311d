/// A stack of plain values a builder uses within one document (its open containers, its undo
/// journal), kept across documents without an `Array`'s uniqueness check on every push.
///
/// `reset()` starts each document: it empties the stack and gives a copied builder a buffer of
/// its own, so pushes within the document write only to this value's buffer.
@usableFromInline
struct ScratchStack<Element: BitwiseCopyable>: @unchecked Sendable {
    @usableFromInline var buffer: ScratchBuffer<Element>
    /// `buffer.base` and `buffer.capacity`, kept here: one load less per push and read.
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var capacity: Int
    @usableFromInline var count = 0

    @usableFromInline
    init(capacity: Int) {
        buffer = ScratchBuffer(capacity: max(1, capacity))
        base = buffer.base
        self.capacity = buffer.capacity
    }

    @inlinable var isEmpty: Bool { count == 0 }

    /// The top element; the stack must not be empty.
    @inlinable var last: Element {
        precondition(count > 0, "empty stack")
        return base[count - 1]
    }

    @inlinable
    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "stack index out of range")
        return base[index]
    }

    /// Empties the stack and makes its buffer unique to this value.
    @inlinable @inline(__always)
    mutating func reset() {
        count = 0
        if !isKnownUniquelyReferenced(&buffer) {
            buffer = ScratchBuffer(capacity: buffer.capacity)
            base = buffer.base
        }
    }

    /// Empties the stack and keeps its buffer: for a caller that knows the buffer is unique to
    /// this value (a `ShapeBuilder` whose `ScratchOwner` is unique), with no check of its own.
    @inlinable @inline(__always)
    mutating func empty() {
        count = 0
    }

    /// Empties the stack into a new buffer of the same capacity, unique to this value.
    @usableFromInline
    mutating func renew() {
        count = 0
        buffer = ScratchBuffer(capacity: buffer.capacity)
        base = buffer.base
    }

    @inlinable
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        base[count] = element
        count += 1
    }

    /// Writes the next slot through a pointer (no temporary for large elements).
    @inlinable
    mutating func append(from source: UnsafePointer<Element>) {
        if count == capacity { grow() }
        (base + count).update(from: source, count: 1)
        count += 1
    }

    /// Claims the next slot and returns it, uninitialised, for the caller to fill.
    @inlinable @inline(__always)
    mutating func appendUninitialized() -> UnsafeMutablePointer<Element> {
        if count == capacity { grow() }
        let slot = base + count
        count += 1
        return slot
    }

    @inlinable
    mutating func removeLast() -> Element {
        precondition(count > 0, "empty stack")
        count -= 1
        return base[count]
    }

    @usableFromInline
    mutating func grow() {
        let bigger = ScratchBuffer<Element>(capacity: capacity * 2)
        bigger.base.update(from: base, count: count)
        buffer = bigger
        base = bigger.base
        capacity = bigger.capacity
    }
}

/// The storage of a `ScratchStack`: uninitialised plain values, never shared while written.
@usableFromInline
final class ScratchBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}

/// A token a builder's scratch stacks share: their buffers are only ever shared by copying the
/// builder, which copies the token too (a new or grown buffer belongs to one value), so while
/// the token is unique to a builder, so are all its stacks' buffers: one uniqueness check for
/// all of them per document.
@usableFromInline
final class ScratchOwner: Sendable {
    @usableFromInline init() {}
}
