import Foundation
@testable import Shapes

/// The ASCII structure hash as it was before the arena-pointer version (session 4): kept as the
/// oracle the faster one must equal on every shape, since stored hashes must never change.
extension Shape {
    /// `structureHash` over the same lines built as bytes in one buffer and sorted by their
    /// bytes, or nil when a listed key has a byte past ASCII (then `String` order, which
    /// compares normalised scalars, and `String(decoding:)`'s repairs are left to the listing).
    /// For ASCII text, byte order is `String` order, so the hash is the listing's.
    func referenceASCIIStructureHash() -> UInt64? {
        var text: [UInt8] = []
        text.reserveCapacity(64 * nodes.count)
        // Per listed line: where it starts in `text`, its length, and the length of its path.
        var lines: [(start: Int32, length: Int32)] = []
        lines.reserveCapacity(nodes.count)
        // Pending nodes, each with its parent's line (start, path length) and nothing else: the
        // step is rendered from the node itself.
        var stack: [(index: Int32, parentStart: Int32, parentPath: Int32)] = [(0, -1, 0)]
        return keyBytes.withUnsafeBufferPointer { keys -> UInt64? in
            while let (index, parentStart, parentPath) = stack.popLast() {
                let node = nodes[Int(index)]
                if index != 0 {
                    let parentCount = parentCount(of: index)
                    let presence = parentCount > 0 ? min(1, Double(node.count) / Double(parentCount)) : 0
                    guard presence >= Self.structureHashThreshold else { continue }
                }
                let start = text.count
                if parentStart < 0 {
                    text.append(0x24)  // $
                } else {
                    for offset in Int(parentStart)..<Int(parentStart + parentPath) { text.append(text[offset]) }
                    let parent = nodes[Int(node.parent)]
                    if parent.items == index {
                        text.append(0x5B); text.append(0x2A); text.append(0x5D)  // [*]
                    } else if parent.isMap {
                        text.append(0x2E); text.append(0x2A)  // .*
                    } else {
                        let key = UnsafeBufferPointer(rebasing: keys[Int(node.keyOffset)..<Int(node.keyOffset + node.keyLength)])
                        guard Self.referenceAppendStep(key, to: &text) else { return nil }
                    }
                }
                let pathLength = text.count - start
                text.append(0x09)
                let floor = Self.structureHashThreshold * Double(max(1, node.count))
                var first = true
                func type(_ name: StaticString, _ count: Int) {
                    guard count > 0 && Double(count) >= floor else { return }
                    if !first { text.append(0x7C) }  // |
                    first = false
                    text.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
                }
                type("null", node.nulls)
                type("boolean", node.booleans)
                type("integer", node.integers)
                type("number", node.fractions)
                type("string", node.strings)
                type("object", node.objects)
                type("array", node.arrays)
                if node.isMap { text.append(contentsOf: "\tmap".utf8) }
                text.append(0x0A)
                lines.append((Int32(start), Int32(text.count - start)))
                let here = Int32(start), path = Int32(pathLength)
                if node.isMap, node.firstChild >= 0 {
                    stack.append((node.firstChild, here, path))
                } else {
                    var child = node.firstChild
                    while child >= 0 {
                        stack.append((child, here, path))
                        child = nodes[Int(child)].nextSibling
                    }
                }
                if node.items >= 0 { stack.append((node.items, here, path)) }
            }
            return text.withUnsafeBufferPointer { bytes -> UInt64 in
                let base = bytes.baseAddress!
                lines.sort { a, b in
                    let shorter = Int(min(a.length, b.length))
                    let order = memcmp(base + Int(a.start), base + Int(b.start), shorter)
                    return order != 0 ? order < 0 : a.length < b.length
                }
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for line in lines {
                    for byte in UnsafeBufferPointer(start: base + Int(line.start), count: Int(line.length)) {
                        hash ^= UInt64(byte)
                        hash = hash &* 0x0000_0100_0000_01B3
                    }
                }
                return hash
            }
        }
    }

    /// Appends `ShapePath.step(.key(key))` for an ASCII key, as bytes; false for a key with a
    /// byte past ASCII.
    static func referenceAppendStep(_ key: UnsafeBufferPointer<UInt8>, to text: inout [UInt8]) -> Bool {
        var identifier = !key.isEmpty && !(key[0] >= 0x30 && key[0] <= 0x39)
        for byte in key {
            if byte >= 0x80 { return false }
            if !(((byte | 0x20) &- 0x61) < 26 || (byte &- 0x30) < 10 || byte == 0x5F) { identifier = false }
        }
        if identifier {
            text.append(0x2E)
            text.append(contentsOf: key)
            return true
        }
        text.append(0x5B); text.append(0x27)  // ['
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in key {
            switch byte {
            case 0x5C: text.append(0x5C); text.append(0x5C)
            case 0x27: text.append(0x5C); text.append(0x27)
            case ..<0x20:
                text.append(contentsOf: "\\u00".utf8)
                text.append(hex[Int(byte >> 4)]); text.append(hex[Int(byte & 15)])
            default: text.append(byte)
            }
        }
        text.append(0x27); text.append(0x5D)  // ']
        return true
    }
}
