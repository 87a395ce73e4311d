/// The current position in a document as a stack of keys and indexes, for visitors that need it.
///
/// Embed one in a visitor and forward the structural callbacks to it; at every value callback
/// `components` is the path to that value (`$` is the empty stack). Keys are tokens into the
/// scanned buffer, valid during the scan only. The storage is reused across documents.
public struct JSONPathTracker: @unchecked Sendable {
    /// One step of a path.
    public enum Component: @unchecked Sendable {
        /// A member of an object.
        case key(JSONStringToken)
        /// An element of an array.
        case index(Int)
    }

    /// The path to the value being visited, outermost first.
    public var components: [Component] { storage }
    @usableFromInline var storage: [Component] = []

    public init() {
        storage.reserveCapacity(16)
    }

    /// How many containers are open.
    @inlinable public var depth: Int { storage.count }

    /// Forward `beginObject()` and `beginArray()` here.
    @inlinable public mutating func enterContainer() { storage.append(.index(-1)) }
    /// Forward `key(_:)` here.
    @inlinable public mutating func key(_ key: JSONStringToken) { storage[storage.count - 1] = .key(key) }
    /// Forward `element(_:)` here.
    @inlinable public mutating func element(_ index: Int) { storage[storage.count - 1] = .index(index) }
    /// Forward `endObject()` and `endArray()` here.
    @inlinable public mutating func exitContainer() { storage.removeLast() }
    /// Empties the stack (before reusing the tracker for another document).
    public mutating func reset() { storage.removeAll(keepingCapacity: true) }
}
