extension Shape {
    /// Share of parent values a path or type needs to count in `structureHash`.
    public static let structureHashThreshold = 0.05

    /// A fingerprint of the structure, stable across runs and machines: FNV-1a 64 over the
    /// canonical listing of paths present in at least 5% of their parents, each with the JSON
    /// types making at least 5% of its values (sorted, one `path\ttypes\n` line each). Counts,
    /// ranges and values do not enter it, so more samples of the same API keep the same hash.
    public var structureHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for line in canonicalListing() {
            for byte in line.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return hash
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
