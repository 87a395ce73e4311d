import Catalog
import Sampling
import Store

/// A worker's memo of field maps already encoded as stored JSON. Most keys resolve to one of a
/// few catalog maps, and `JSONEncoder` costs more per key than matching the key's shapes.
///
/// Maps are filed by schema id and compared, not keyed by `FieldMap`'s own `Hashable`
/// conformance: hashing a map hashes every nested dictionary element with a hasher of its own
/// (≈ 60,000 instructions for a map of 26 roles), and the few maps of one schema compare cheaper.
///
/// Bounded: past `capacity` maps the memo is emptied and refilled.
struct FieldMapEncodings: Sendable {
    let capacity: Int
    /// Maps remembered.
    private(set) var count = 0
    private var bySchema: [String: [(map: FieldMap, json: String)]] = [:]

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// `map.encodedJSONString()`, encoded once per distinct map; nil when encoding fails.
    mutating func json(_ map: FieldMap) -> String? {
        if let known = bySchema[map.schemaID] {
            for entry in known where entry.map == map { return entry.json }
        }
        guard let text = try? map.encodedJSONString() else { return nil }
        if count >= capacity {
            bySchema.removeAll(keepingCapacity: true)
            count = 0
        }
        bySchema[map.schemaID, default: []].append((map, text))
        count += 1
        return text
    }
}
