#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Shape {
    /// Share of parent values a path or type needs to count in `structureHash`.
    public static let structureHashThreshold = 0.05

    /// A fingerprint of the structure, stable across runs and machines: FNV-1a 64 over the
    /// canonical listing of paths present in at least 5% of their parents, each with the JSON
    /// types making at least 5% of its values (sorted, one `path\ttypes\n` line each). Counts,
    /// ranges and values do not enter it, so more samples of the same API keep the same hash.
    public var structureHash: UInt64 {
        asciiStructureHash() ?? listingStructureHash()
    }

    /// `structureHash` from the `String` lines of `canonicalListing()`.
    func listingStructureHash() -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for line in canonicalListing() {
            for byte in line.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }

    /// `structureHash` over the same lines built as bytes in one buffer and sorted by their
    /// bytes, or nil when a listed key has a byte past ASCII (then `String` order, which
    /// compares normalised scalars, and `String(decoding:)`'s repairs are left to the listing).
    /// For ASCII text, byte order is `String` order, so the hash is the listing's.
    ///
    /// Reads the arena and the key bytes through pointers and writes the lines into a raw buffer
    /// (no captured arrays: no exclusivity checks, no uniqueness checks per byte); lines are
    /// sorted by an insertion sort comparing eight bytes at a time (a shape lists a few dozen
    /// paths), the library's sort past `insertionSortLimit` lines.
    func asciiStructureHash() -> UInt64? {
        nodes.withUnsafeBufferPointer { nodes -> UInt64? in
            keyBytes.withUnsafeBufferPointer { keys -> UInt64? in
                Self.asciiStructureHash(nodes: nodes, keys: keys, documentCount: documentCount)
            }
        }
    }

    /// Lines up to which `asciiStructureHash` sorts by insertion.
    static let insertionSortLimit = 48

    private static func asciiStructureHash(nodes: UnsafeBufferPointer<Node>, keys: UnsafeBufferPointer<UInt8>, documentCount: Int) -> UInt64? {
        var text = LineBuffer(capacity: 48 * min(nodes.count, 64) + 64)
        defer { text.deallocate() }
        // Per listed line: where it starts in `text` and its length.
        var lines: [(start: Int32, length: Int32)] = []
        lines.reserveCapacity(min(nodes.count, 256))
        // Pending nodes, each with its parent's line (start, path length) and nothing else: the
        // step is rendered from the node itself.
        var stack: [(index: Int32, parentStart: Int32, parentPath: Int32)] = [(0, -1, 0)]
        let base = nodes.baseAddress!
        while let (index, parentStart, parentPath) = stack.popLast() {
            let node = base + Int(index)
            if index != 0 {
                // `parentCount(of:)`, from the pointers.
                let parent = base + Int(node.pointee.parent)
                let parentCount =
                    parent.pointee.items == index ? max(parent.pointee.lengthSum, node.pointee.count)
                    : node.pointee.isMapValue ? max(parent.pointee.membersSum, node.pointee.count)
                    : parent.pointee.objects
                let presence = parentCount > 0 ? min(1, Double(node.pointee.count) / Double(parentCount)) : 0
                guard presence >= Self.structureHashThreshold else { continue }
            }
            let start = text.count
            if parentStart < 0 {
                text.append(0x24)  // $
            } else {
                text.appendCopy(from: Int(parentStart), count: Int(parentPath))
                let parent = base + Int(node.pointee.parent)
                if parent.pointee.items == index {
                    text.append(0x5B, 0x2A, 0x5D)  // [*]
                } else if parent.pointee.isMap {
                    text.append(0x2E, 0x2A)  // .*
                } else {
                    let key = UnsafeBufferPointer(rebasing: keys[Int(node.pointee.keyOffset)..<Int(node.pointee.keyOffset + node.pointee.keyLength)])
                    guard Self.appendStep(key, to: &text) else { return nil }
                }
            }
            let pathLength = text.count - start
            text.append(0x09)
            let count = node.pointee.count
            let floor = Self.structureHashThreshold * Double(max(1, count))
            var first = true
            @inline(__always) func type(_ name: StaticString, _ count: Int) {
                guard count > 0 && Double(count) >= floor else { return }
                if !first { text.append(0x7C) }  // |
                first = false
                text.append(name)
            }
            type("null", node.pointee.nulls)
            type("boolean", node.pointee.booleans)
            type("integer", node.pointee.integers)
            type("number", node.pointee.fractions)
            type("string", node.pointee.strings)
            type("object", node.pointee.objects)
            type("array", node.pointee.arrays)
            let isMap = node.pointee.isMap
            if isMap { text.append("\tmap") }
            text.append(0x0A)
            lines.append((Int32(start), Int32(text.count - start)))
            let here = Int32(start), path = Int32(pathLength)
            let firstChild = node.pointee.firstChild
            if isMap, firstChild >= 0 {
                stack.append((firstChild, here, path))
            } else {
                var child = firstChild
                while child >= 0 {
                    stack.append((child, here, path))
                    child = base[Int(child)].nextSibling
                }
            }
            let items = node.pointee.items
            if items >= 0 { stack.append((items, here, path)) }
        }
        let bytes = UnsafePointer(text.base)
        if lines.count <= Self.insertionSortLimit {
            lines.withUnsafeMutableBufferPointer { lines in
                for sorted in lines.indices.dropFirst() {
                    let line = lines[sorted]
                    var slot = sorted
                    while slot > 0, Self.lineBefore(line, lines[slot - 1], in: bytes) {
                        lines[slot] = lines[slot - 1]
                        slot -= 1
                    }
                    lines[slot] = line
                }
            }
        } else {
            lines.sort { Self.lineBefore($0, $1, in: bytes) }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for line in lines {
            var byte = bytes + Int(line.start)
            let end = byte + Int(line.length)
            while byte < end {
                hash ^= UInt64(byte.pointee)
                hash = hash &* 0x0000_0100_0000_01B3
                byte += 1
            }
        }
        return hash
    }

    /// True when line `a` sorts before line `b` by their bytes (a proper prefix first): eight
    /// bytes at a time, big-endian, then byte by byte.
    @inline(__always)
    private static func lineBefore(_ a: (start: Int32, length: Int32), _ b: (start: Int32, length: Int32), in bytes: UnsafePointer<UInt8>) -> Bool {
        let shorter = Int(min(a.length, b.length))
        let left = UnsafeRawPointer(bytes + Int(a.start)), right = UnsafeRawPointer(bytes + Int(b.start))
        var offset = 0
        while offset + 8 <= shorter {
            let x = UInt64(bigEndian: left.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let y = UInt64(bigEndian: right.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            if x != y { return x < y }
            offset += 8
        }
        while offset < shorter {
            let x = left.load(fromByteOffset: offset, as: UInt8.self), y = right.load(fromByteOffset: offset, as: UInt8.self)
            if x != y { return x < y }
            offset += 1
        }
        return a.length < b.length
    }

    /// Appends `ShapePath.step(.key(key))` for an ASCII key, as bytes; false for a key with a
    /// byte past ASCII.
    static func appendStep(_ key: UnsafeBufferPointer<UInt8>, to text: inout LineBuffer) -> Bool {
        var identifier = !key.isEmpty && !(key[0] >= 0x30 && key[0] <= 0x39)
        for byte in key {
            if byte >= 0x80 { return false }
            if !(((byte | 0x20) &- 0x61) < 26 || (byte &- 0x30) < 10 || byte == 0x5F) { identifier = false }
        }
        if identifier {
            text.append(0x2E)
            text.append(key)
            return true
        }
        text.append(0x5B, 0x27)  // ['
        for byte in key {
            switch byte {
            case 0x5C: text.append(0x5C, 0x5C)
            case 0x27: text.append(0x5C, 0x27)
            case ..<0x20:
                let hex: StaticString = "0123456789abcdef"
                text.append("\\u00")
                text.append(hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 15)])
            default: text.append(byte)
            }
        }
        text.append(0x27, 0x5D)  // ']
        return true
    }

    /// `structureHash` as 16 lowercase hex digits.
    public var structureHashHex: String {
        let hex = String(structureHash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The lines `structureHash` is computed over: for each path (as its `ShapePath` text) whose
    /// presence in its parent is at least the threshold, the types making at least the threshold
    /// of its values; the paths under an absent-enough path are left out.
    ///
    /// Read from the node arena directly (no `ShapeNode` views): the job hashes every key's shapes.
    public func canonicalListing() -> [String] {
        var lines: [String] = []
        var stack: [(index: Int32, path: String)] = [(0, "$")]
        while let (index, path) = stack.popLast() {
            let node = nodes[Int(index)]
            if index != 0 {
                let parentCount = parentCount(of: index)
                let presence = parentCount > 0 ? min(1, Double(node.count) / Double(parentCount)) : 0
                guard presence >= Self.structureHashThreshold else { continue }
            }
            let floor = Self.structureHashThreshold * Double(max(1, node.count))
            var types: [String] = []
            for (type, count) in [
                (JSONValueType.null, node.nulls), (.boolean, node.booleans), (.integer, node.integers),
                (.number, node.fractions), (.string, node.strings), (.object, node.objects), (.array, node.arrays),
            ] where count > 0 && Double(count) >= floor {
                types.append(type.rawValue)
            }
            lines.append("\(path)\t\(types.joined(separator: "|"))\(node.isMap ? "\tmap" : "")\n")
            if node.isMap, node.firstChild >= 0 {
                stack.append((node.firstChild, path + ShapePath.step(.mapValue)))
            } else {
                var child = node.firstChild
                while child >= 0 {
                    stack.append((child, path + ShapePath.step(.key(keyString(child)))))
                    child = nodes[Int(child)].nextSibling
                }
            }
            if node.items >= 0 { stack.append((node.items, path + ShapePath.step(.items))) }
        }
        return lines.sorted()
    }
}

/// The bytes of `Shape.asciiStructureHash`'s lines: a raw, growable buffer owned by one call
/// (freed with `deallocate()`), so appending checks neither uniqueness nor exclusivity.
struct LineBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var capacity = self.capacity * 2
        while capacity < needed { capacity *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        fresh.initialize(from: base, count: count)
        base.deallocate()
        base = fresh
        self.capacity = capacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base[count] = first
        base[count + 1] = second
        count += 2
    }

    @inline(__always)
    mutating func append(_ first: UInt8, _ second: UInt8, _ third: UInt8) {
        reserve(3)
        base[count] = first
        base[count + 1] = second
        base[count + 2] = third
        count += 3
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a copy of the `count` bytes at `offset` (earlier in the buffer).
    @inline(__always)
    mutating func appendCopy(from offset: Int, count: Int) {
        reserve(count)
        (base + self.count).update(from: base + offset, count: count)
        self.count += count
    }
}
