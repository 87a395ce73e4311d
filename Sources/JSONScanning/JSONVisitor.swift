/// Receives the events of a `JSONScanner`, in document order.
///
/// Visitors are generic parameters of `JSONScanner.scan(into:)`, so calls are specialised and
/// inlined (no existential dispatch). Tokens point into the scanned buffer and are valid only
/// during the scan. Every method but the value callbacks has an empty default.
///
/// Nesting: `key(_:)` is called before each member's value, `element(_:)` before each array
/// element's value with its index, so a visitor always knows where it stands; `JSONPathTracker`
/// keeps that stack for visitors that want it.
public protocol JSONVisitor {
    /// An object opens (`{`).
    mutating func beginObject()
    /// The key of the next member; the member's value follows.
    mutating func key(_ key: JSONStringToken)
    /// The object closes (`}`). Called by the default `endObject(memberCount:)`.
    mutating func endObject()
    /// The object closes (`}`) after `memberCount` members. The scanner calls this one; its
    /// default calls `endObject()`, so a visitor implements whichever it needs.
    mutating func endObject(memberCount: Int)
    /// An array opens (`[`).
    mutating func beginArray()
    /// The next array element, at `index`, follows.
    mutating func element(_ index: Int)
    /// The array closes (`]`). Called by the default `endArray(count:)`.
    mutating func endArray()
    /// The array closes (`]`) after `count` elements. The scanner calls this one; its default
    /// calls `endArray()`.
    mutating func endArray(count: Int)
    /// A string value.
    mutating func string(_ token: JSONStringToken)
    /// A number value.
    mutating func number(_ token: JSONNumberToken)
    /// `true` or `false`.
    mutating func bool(_ value: Bool)
    /// `null`.
    mutating func null()
}

extension JSONVisitor {
    @inlinable @inline(__always) public mutating func beginObject() {}
    @inlinable @inline(__always) public mutating func key(_ key: JSONStringToken) {}
    @inlinable @inline(__always) public mutating func endObject() {}
    @inlinable @inline(__always) public mutating func endObject(memberCount: Int) { endObject() }
    @inlinable @inline(__always) public mutating func beginArray() {}
    @inlinable @inline(__always) public mutating func element(_ index: Int) {}
    @inlinable @inline(__always) public mutating func endArray() {}
    @inlinable @inline(__always) public mutating func endArray(count: Int) { endArray() }
    @inlinable @inline(__always) public mutating func string(_ token: JSONStringToken) {}
    @inlinable @inline(__always) public mutating func number(_ token: JSONNumberToken) {}
    @inlinable @inline(__always) public mutating func bool(_ value: Bool) {}
    @inlinable @inline(__always) public mutating func null() {}
}

/// A visitor that ignores everything: `scan(into:)` with it validates a document.
public struct JSONValidatingVisitor: JSONVisitor {
    @inlinable public init() {}
}
