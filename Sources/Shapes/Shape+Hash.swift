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

    /// The lines `structureHash` is computed over.
    public func canonicalListing() -> [String] {
        var lines: [String] = []
        var excluded: [ShapePath] = []
        forEachPath { node in
            if excluded.contains(where: { node.path.components.starts(with: $0.components) }) { return }
            guard node.path == .root || node.presence >= Self.structureHashThreshold else {
                excluded.append(node.path)
                return
            }
            let types = node.typeSet.filter { Double(node.count(of: $0)) >= Self.structureHashThreshold * Double(max(1, node.count)) }
            lines.append("\(node.path)\t\(types.map(\.rawValue).joined(separator: "|"))\(node.isMap ? "\tmap" : "")\n")
        }
        return lines.sorted()
    }
}
