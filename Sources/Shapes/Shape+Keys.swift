extension Shape {
    /// Compares `count` bytes in place: words for keys of 4 bytes or more, no call to libc.
    @inlinable @inline(__always)
    static func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        if count >= 8 {
            var offset = 0
            while offset + 8 <= count {
                if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                    return false
                }
                offset += 8
            }
            return offset == count
                || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for offset in 0..<count where a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) {
            return false
        }
        return true
    }

    /// The first eight bytes of `key`, zero-padded, read without going past its end: keys of 4 to
    /// 7 bytes as two overlapping 4-byte words, keys of 1 to 3 bytes as their first, middle and
    /// last byte (overlapping bytes are equal, so OR-ing them is exact).
    @inlinable @inline(__always)
    static func keyPrefix(_ key: UnsafeRawBufferPointer) -> UInt64 {
        let count = key.count
        guard count > 0, let p = key.baseAddress else { return 0 }
        if count >= 8 { return p.loadUnaligned(as: UInt64.self) }
        if count >= 4 {
            let low = UInt64(p.loadUnaligned(as: UInt32.self))
            let high = UInt64(p.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return low | high << UInt64((count - 4) << 3)
        }
        let middle = count >> 1
        return UInt64(p.load(as: UInt8.self))
            | UInt64(p.load(fromByteOffset: middle, as: UInt8.self)) << UInt64(middle << 3)
            | UInt64(p.load(fromByteOffset: count - 1, as: UInt8.self)) << UInt64((count - 1) << 3)
    }

    /// True when node `index`'s key equals `key`.
    @inlinable
    func keyMatches(_ index: Int32, _ key: UnsafeRawBufferPointer) -> Bool {
        let i = Int(index)
        guard Int(nodes[i].keyLength) == key.count else { return false }
        if key.isEmpty { return true }
        let offset = Int(nodes[i].keyOffset)
        return keyBytes.withUnsafeBytes { bytes in
            Self.bytesEqual(bytes.baseAddress! + offset, key.baseAddress!, key.count)
        }
    }
}
