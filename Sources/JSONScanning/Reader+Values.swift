/// Values and containers: the document loop, objects, arrays and the literals.
extension Reader {
    /// Reads one document: a value, then after each value the containers it closes, until the
    /// outermost one closes (then only whitespace may follow).
    @inlinable
    mutating func scanDocument<A: ArrayReading>(
        into visitor: inout A.Visitor, arrays: A.Type, nesting: inout Nesting
    ) throws(JSONScanError) {
        repeat {
            while try readValue(into: &visitor, nesting: &nesting) {}
        } while try closeContainers(into: &visitor, arrays: A.self, nesting: &nesting)
    }

    /// Reads the value at the cursor. True when it opened a container that has a first member
    /// or element (reported: its key, or `element(0)`), whose value is read next; false after a
    /// scalar or an empty container.
    @inlinable @inline(__always)
    mutating func readValue<V: JSONVisitor>(into visitor: inout V, nesting: inout Nesting) throws(JSONScanError) -> Bool {
        skipWhitespace()
        guard index < end else { throw error(.unexpectedEnd) }
        switch base[index] {
        case UInt8(ascii: "{"):
            return try openObject(into: &visitor, nesting: &nesting)
        case UInt8(ascii: "["):
            return try openArray(into: &visitor, nesting: &nesting)
        case UInt8(ascii: "\""):
            index += 1
            let token = try readString()
            visitor.string(token)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try readNumber()
            visitor.number(token)
        case UInt8(ascii: "t"):
            try expectLiteral(0x74_72_75_65, length: 4)
            visitor.bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral(0x66_61_6C_73_65, length: 5)
            visitor.bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral(0x6E_75_6C_6C, length: 4)
            visitor.null()
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error(.nonFiniteNumber)
        default:
            throw error(.unexpectedCharacter)
        }
        return false
    }

    /// `{` at the cursor: an empty object is reported whole; otherwise the object is pushed and
    /// its first key read (true).
    @inlinable @inline(__always)
    mutating func openObject<V: JSONVisitor>(into visitor: inout V, nesting: inout Nesting) throws(JSONScanError) -> Bool {
        try nesting.makeRoom(at: index)
        index += 1
        visitor.beginObject()
        skipWhitespace()
        guard index < end else { throw error(.unexpectedEnd) }
        if base[index] == UInt8(ascii: "}") {
            index += 1
            visitor.endObject(memberCount: 0)
            return false
        }
        nesting.push(-1)
        try readKey(into: &visitor)
        return true
    }

    /// `[` at the cursor: an empty array is reported whole; otherwise the array is pushed and
    /// its first element reported (true).
    @inlinable @inline(__always)
    mutating func openArray<V: JSONVisitor>(into visitor: inout V, nesting: inout Nesting) throws(JSONScanError) -> Bool {
        try nesting.makeRoom(at: index)
        index += 1
        visitor.beginArray()
        skipWhitespace()
        guard index < end else { throw error(.unexpectedEnd) }
        if base[index] == UInt8(ascii: "]") {
            index += 1
            visitor.endArray(count: 0)
            return false
        }
        nesting.push(0)
        visitor.element(0)
        return true
    }

    /// After a value: closes containers until one goes on. True when another value follows (its
    /// key, or its element, reported), false when the document ended.
    @inlinable @inline(__always)
    mutating func closeContainers<A: ArrayReading>(
        into visitor: inout A.Visitor, arrays: A.Type, nesting: inout Nesting
    ) throws(JSONScanError) -> Bool {
        while true {
            skipWhitespace()
            if nesting.depth == 0 {
                if index < end { throw error(.trailingGarbage) }
                return false
            }
            guard index < end else { throw error(.unexpectedEnd) }
            let byte = base[index]
            let slot = nesting.top
            let top = slot.pointee
            if byte == UInt8(ascii: ",") {
                index += 1
                if top < 0 {
                    // An object: the slot holds -1 - (index of the current member).
                    slot.pointee = top &- 1
                    try readKey(into: &visitor)
                    return true
                }
                // Arrays of numbers (embedding vectors) are read in a loop of their own.
                if try readElements(A.self, into: &visitor, slot: slot, first: top &+ 1) { return true }
                continue
            }
            if byte == (top < 0 ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                index += 1
                nesting.depth &-= 1
                if top < 0 {
                    visitor.endObject(memberCount: 0 &- top)
                } else {
                    visitor.endArray(count: top &+ 1)
                }
                continue
            }
            throw error(.unexpectedCharacter)
        }
    }

    /// After a comma in an array: reports element `first` and reads on as `A` reads elements.
    /// True when the next element's value is to be read by `readValue` (`element` was
    /// reported), false after a number not followed by a comma (`closeContainers` goes on).
    @inlinable @inline(__always)
    mutating func readElements<A: ArrayReading>(
        _ arrays: A.Type, into visitor: inout A.Visitor, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> Bool {
        let (more, next) = try A.readElements(self, into: &visitor, slot: slot, first: first)
        index = next
        return more
    }

    /// The numbers after a comma in an array, one `element` and `number` event each, without
    /// going back through `readValue`: returns as `readElements` does.
    @inlinable @inline(__always)
    mutating func readNumbersOneByOne<V: JSONVisitor>(
        into visitor: inout V, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> Bool {
        var next = first
        while true {
            slot.pointee = next
            visitor.element(next)
            skipWhitespace()
            guard index < end, Self.startsNumber(base[index]) else { return true }
            let token = try readNumber()
            visitor.number(token)
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: ",") else { return false }
            index += 1
            next &+= 1
        }
    }

    @inlinable @inline(__always)
    mutating func expectLiteral(_ word: UInt64, length: Int) throws(JSONScanError) {
        index = try Self.expectLiteral(self, word, length: length)
    }

    @inlinable @inline(__always)
    mutating func expectLiteralInline(_ word: UInt64, length: Int) throws(JSONScanError) {
        if index &+ 4 <= end {
            // One load for the four bytes (`true`, `null`, `fals`): big-endian order matches `word`.
            let four = UInt32(bigEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt32.self))
            if four == UInt32(truncatingIfNeeded: word >> (8 * UInt64(length - 4))),
                length == 4 || (index &+ 4 < end && base[index &+ 4] == UInt8(truncatingIfNeeded: word))
            {
                index &+= length
                return
            }
        }
        for offset in 0..<length {
            let expected = UInt8(truncatingIfNeeded: word >> (8 * UInt64(length - 1 - offset)))
            guard index + offset < end else { throw error(.unexpectedEnd, at: end) }
            if base[index + offset] != expected { throw error(.unexpectedCharacter, at: index + offset) }
        }
        index += length
    }
}

/// How the scanner reads an array's elements after a comma: one by one for any visitor
/// (`ElementsOneByOne`), numbers summarised in runs for a `JSONNumberRunVisitor`
/// (`NumbersInRuns`). Out of line, with the reader by value (see `Reader+OutOfLine.swift`).
@usableFromInline
protocol ArrayReading {
    associatedtype Visitor: JSONVisitor
    /// `Reader.readElements`: whether a value follows, and the position reached.
    static func readElements(
        _ reader: Reader, into visitor: inout Visitor, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> (Bool, Int)
}

/// Every element reported as `element(_:)`, then its value's events.
@usableFromInline
enum ElementsOneByOne<Visitor: JSONVisitor>: ArrayReading {
    @inlinable @inline(never)
    static func readElements(
        _ reader: Reader, into visitor: inout Visitor, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> (Bool, Int) {
        var reader = reader
        let more = try reader.readNumbersOneByOne(into: &visitor, slot: slot, first: first)
        return (more, reader.index)
    }
}

/// The open containers: per container, -1 - (current member index) for an object, or the
/// current element index for an array. On the machine stack up to its first capacity, on the
/// heap (sized for the maximum depth) past it.
@usableFromInline
struct Nesting {
    @usableFromInline var slots: UnsafeMutablePointer<Int>
    @usableFromInline var depth = 0
    @usableFromInline var capacity: Int
    @usableFromInline let maximumDepth: Int
    @usableFromInline var onHeap = false

    @inlinable
    init(slots: UnsafeMutablePointer<Int>, capacity: Int, maximumDepth: Int) {
        self.slots = slots
        self.capacity = capacity
        self.maximumDepth = maximumDepth
    }

    /// The innermost container's slot.
    @inlinable var top: UnsafeMutablePointer<Int> { @inline(__always) get { slots + (depth &- 1) } }

    /// Room for one more container, opened at `offset`: `.tooDeep` past the maximum depth.
    @inlinable @inline(__always)
    mutating func makeRoom(at offset: Int) throws(JSONScanError) {
        if depth >= maximumDepth { throw JSONScanError(.tooDeep, offset: offset) }
        if depth >= capacity { moveToHeap() }
    }

    @inlinable @inline(__always)
    mutating func push(_ slot: Int) {
        slots[depth] = slot
        depth &+= 1
    }

    @inlinable @inline(never)
    mutating func moveToHeap() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: maximumDepth)
        bigger.update(from: slots, count: depth)
        release()
        slots = bigger
        capacity = maximumDepth
        onHeap = true
    }

    /// Frees the heap slots, if any.
    @inlinable
    mutating func release() {
        if onHeap { slots.deallocate() }
        onHeap = false
    }
}
