#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONScanning

/// String values: lengths, formats, the closed set of values and the watched values.
extension ShapeBuilder {
    mutating func string(_ token: JSONStringToken) {
        flushRun()
        if stack.count == 1 {
            if root.awaiting == 1 { root.hasError = true }
            if root.awaiting == 2, token.equals(literal: "error") { root.typeIsError = true }
        }
        let node = current
        guard node >= 0 else { return }
        let length = token.utf8Count
        touch(node)
        // A value already in the closed set has its format cached: constants are not re-guessed.
        // (`observeEnum` adds closed-set entries, never nodes: `target` stays valid.)
        let format: StringFormat
        let target = nodeBase + Int(node)
        if !target.pointee.enumGivenUp {
            // Most strings repeat the value last seen here: tried first, then the whole set.
            let hint = target.pointee.enumHint
            if hint >= 0, let cached = enumEntryFormat(hint, ifEqualTo: token) {
                pendingEnum.append(hint)
                format = cached
            } else {
                format = observeEnum(node, token)
            }
        } else if target.pointee.strings >= Self.formatGuessLimit, target.pointee.formats[.none] == target.pointee.strings {
            format = .none  // free text: no format in the first strings, none guessed any more
        } else {
            format = StringFormat.guess(token)
        }
        Self.count(&target.pointee, serial: shape.serial)
        target.pointee.strings &+= 1
        let length32 = Int32(clamping: length)
        target.pointee.stringMin = min(target.pointee.stringMin, length32)
        target.pointee.stringMax = max(target.pointee.stringMax, length32)
        target.pointee.stringSum &+= length
        target.pointee.formats.addOne(format)
        if length >= shape.watchedMinimumLength, length <= shape.watchedMaximumLength { observeWatched(node, token) }
    }

    /// Binary data (a multipart file): a string with format `binary`, never read.
    mutating func binary() {
        flushRun()
        let node = current
        guard node >= 0 else { return }
        reach(node)
        let i = Int(node)
        shape.nodes[i].strings += 1
        shape.nodes[i].formats.add(.binary)
        shape.nodes[i].enumGivenUp = true
        shape.nodes[i].stringMin = min(shape.nodes[i].stringMin, 0)
    }

    /// Counts `token` in the closed set of `node` (at commit) and returns its format: cached
    /// for a known value, guessed for a new one. Gives the set up past its bounds.
    mutating func observeEnum(_ node: Int32, _ token: JSONStringToken) -> StringFormat {
        let i = Int(node)
        let length = token.utf8Count
        guard length <= ShapeLimits.enumMaximumValueLength else {
            nodeBase[i].enumGivenUp = true
            return StringFormat.guess(token)
        }
        let head = nodeBase[i].enumHead
        if head >= 0 {
            let found = shape.enumEntries.withUnsafeBufferPointer { entries in
                shape.enumBytes.withUnsafeBytes { bytes in Self.findEnumEntry(head, token, entries: entries, bytes: bytes) }
            }
            if found >= 0 {
                pendingEnum.append(found)
                nodeBase[i].enumHint = found
                return shape.enumEntries[Int(found)].format
            }
        }
        let format = StringFormat.guess(token)
        guard Int(nodeBase[i].enumDistinct) < ShapeLimits.enumMaximumValues else {
            nodeBase[i].enumGivenUp = true
            return format
        }
        let offset = Int32(shape.enumBytes.count)
        token.withDecodedBytes { shape.enumBytes.append(contentsOf: $0) }
        let index = Int32(shape.enumEntries.count)
        shape.enumEntries.append(EnumEntry(
            offset: offset, length: Int32(shape.enumBytes.count) - offset, count: 0, next: head, format: format))
        nodeBase[i].enumHead = index
        nodeBase[i].enumDistinct += 1
        nodeBase[i].enumHint = index
        pendingEnum.append(index)
        return format
    }

    /// The cached format of closed-set entry `entry` when its value equals `token` (compared in
    /// place; nil for a token with escapes, left to `observeEnum`).
    @inline(__always)
    func enumEntryFormat(_ entry: Int32, ifEqualTo token: JSONStringToken) -> StringFormat? {
        let length = token.utf8Count
        if token.hasEscapes { return nil }
        return shape.enumEntries.withUnsafeBufferPointer { entries -> StringFormat? in
            let e = entries.baseAddress! + Int(entry)
            guard Int(e.pointee.length) == length else { return nil }
            if length == 0 { return e.pointee.format }
            let same = shape.enumBytes.withUnsafeBytes { bytes in
                Shape.bytesEqual(bytes.baseAddress! + Int(e.pointee.offset), token.raw.baseAddress!, length)
            }
            return same ? e.pointee.format : nil
        }
    }

    /// The entry of the list starting at `head` whose value equals `token`, or -1: lengths
    /// first, then the bytes in place (decoded only when the token has escapes).
    @inline(__always)
    static func findEnumEntry(
        _ head: Int32, _ token: JSONStringToken, entries: UnsafeBufferPointer<EnumEntry>, bytes: UnsafeRawBufferPointer
    ) -> Int32 {
        let length = token.utf8Count
        var entry = head
        while entry >= 0 {
            let e = entries.baseAddress! + Int(entry)
            if Int(e.pointee.length) == length {
                if length == 0 { return entry }
                let stored = bytes.baseAddress! + Int(e.pointee.offset)
                if token.hasEscapes {
                    if token.equals(UnsafeRawBufferPointer(start: stored, count: length)) { return entry }
                } else if Shape.bytesEqual(stored, token.raw.baseAddress!, length) {
                    return entry
                }
            }
            entry = e.pointee.next
        }
        return -1
    }

    /// Notes the watched values `token` equals (counted at commit): the values are read in
    /// place, through one buffer of the list (no copy of a value, no bounds checks).
    mutating func observeWatched(_ node: Int32, _ token: JSONStringToken) {
        let length = token.utf8Count
        shape.watched.withUnsafeBufferPointer { watched in
            let width = watched.count
            for index in 0..<width where watched[index].count == length {
                let same = watched[index].withUnsafeBytes { value in
                    token.hasEscapes ? token.equals(value) : length == 0 || Shape.bytesEqual(value.baseAddress!, token.raw.baseAddress!, length)
                }
                if same { pendingWatch.append(node &* Int32(truncatingIfNeeded: width) &+ Int32(truncatingIfNeeded: index)) }
            }
        }
    }
}
