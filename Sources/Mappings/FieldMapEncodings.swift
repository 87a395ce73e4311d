import Catalog

/// A worker's memo of field maps already encoded as stored JSON. Most keys resolve to one of a
/// few catalog maps, and `JSONEncoder` costs more per key than matching the key's shapes.
///
/// Bounded: past `capacity` maps the memo is emptied and refilled.
struct FieldMapEncodings: Sendable {
    let capacity: Int
    private(set) var encoded: [FieldMap: String] = [:]

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// `map.encodedJSONString()`, encoded once per distinct map; nil when encoding fails.
    mutating func json(_ map: FieldMap) -> String? {
        if let known = encoded[map] { return known }
        guard let text = try? map.encodedJSONString() else { return nil }
        if encoded.count >= capacity { encoded.removeAll(keepingCapacity: true) }
        encoded[map] = text
        return text
    }
}
