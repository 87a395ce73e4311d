import Catalog

/// A worker's memo of field maps already encoded as stored JSON. Most keys resolve to one of a
/// few catalog maps, and `JSONEncoder` costs more per key than matching the key's shapes.
///
/// Maps are filed by a cheap digest of their bytes (`digest(_:)`), not by `FieldMap`'s own
/// `Hashable` conformance: hashing a map hashes every nested dictionary element with a hasher of
/// its own (≈ 60,000 instructions for a map of 26 roles), and a dictionary of maps compares every map
/// it probes.
/// A digest names a bucket; a map found there is served only when it equals the one asked for.
///
/// Bounded: past `capacity` maps the memo is emptied and refilled.
struct FieldMapEncodings: Sendable {
    let capacity: Int
    /// Maps remembered.
    private(set) var count = 0
    private var buckets: [UInt64: [(map: FieldMap, json: String)]] = [:]

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// `map.encodedJSONString()`, encoded once per distinct map; nil when encoding fails.
    mutating func json(_ map: FieldMap) -> String? {
        let digest = Self.digest(map)
        if let bucket = buckets[digest] {
            for entry in bucket where entry.map == map { return entry.json }
        }
        guard let text = try? map.encodedJSONString() else { return nil }
        if count >= capacity {
            buckets.removeAll(keepingCapacity: true)
            count = 0
        }
        buckets[digest, default: []].append((map, text))
        count += 1
        return text
    }

    /// A digest of the map's text and numbers (UTF-8 bytes taken eight at a time; dictionaries
    /// summed, so their order does not count). Equal digests do not make maps equal: `json(_:)`
    /// compares.
    static func digest(_ map: FieldMap) -> UInt64 {
        var digest = Digest()
        digest.add(map.schemaID)
        digest.add(unordered: map.roles) { role, name, binding in
            role.add(name)
            role.add(binding)
        }
        digest.add(unordered: map.finishReasons) { reason, raw, canonical in
            reason.add(raw)
            reason.add(canonical)
        }
        if let stream = map.stream {
            digest.add(stream.format.rawValue)
            digest.add(stream.done)
            digest.add(stream.eventKey)
        } else {
            digest.add(UInt64.max)
        }
        return digest.value
    }

    /// A running 64-bit digest: each word xored in, then multiplied and folded.
    struct Digest {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add(_ word: UInt64) {
            value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
            value ^= value >> 29
        }

        mutating func add(_ number: Int) { add(UInt64(bitPattern: Int64(number))) }

        /// The dictionary's count, then the sum of its elements' own digests (`element` adds an
        /// element to a fresh digest), so the order the dictionary keeps does not count.
        mutating func add<Key, Value>(unordered dictionary: [Key: Value], _ element: (inout Digest, Key, Value) -> Void) {
            add(dictionary.count)
            var sum: UInt64 = 0
            for (key, value) in dictionary {
                var digest = Digest()
                element(&digest, key, value)
                sum &+= digest.value
            }
            add(sum)
        }

        /// The string's length, then its UTF-8 bytes, eight to a word.
        mutating func add(_ text: String) {
            let contiguous: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
                add(UnsafeRawBufferPointer(bytes))
                return true
            }
            if contiguous == nil { Array(text.utf8).withUnsafeBytes { add($0) } }
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            add(bytes.count)
            var offset = 0
            while offset + 8 <= bytes.count {
                add(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            if offset < bytes.count {
                var last: UInt64 = 0
                for byte in bytes[offset...].reversed() { last = last << 8 | UInt64(byte) }
                add(last)
            }
        }

        mutating func add(_ text: String?) {
            if let text { add(text) } else { add(UInt64.max) }
        }

        mutating func add(_ path: JSONPath) {
            add(path.components.count)
            for component in path.components {
                switch component {
                case .key(let key): add(0 as UInt64); add(key)
                case .index(let index): add(1 as UInt64); add(index)
                case .wildcard: add(2 as UInt64)
                }
            }
        }

        mutating func add(_ paths: [JSONPath]) {
            add(paths.count)
            for path in paths { add(path) }
        }

        mutating func add(_ binding: RoleBinding) {
            add(binding.body.rawValue)
            add(binding.event)
            add(binding.paths)
            if let item = binding.item {
                add(unordered: item) { member, name, paths in
                    member.add(name)
                    member.add(paths)
                }
            } else {
                add(UInt64.max)
            }
            add(binding.tokens?.rawValue)
            add(binding.confidence.map { $0.bitPattern } ?? 0x7FF8_DEAD_0000_0001)
        }
    }
}
