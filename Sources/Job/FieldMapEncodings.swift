import Foundation
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
    ///
    /// Token evidence (sample counts, learned per key) would make every key's map distinct:
    /// the map is remembered without it, and its members are written in where the sorted keys
    /// put them, just before the last top-level key but one (`unknown_finish_reason`, always
    /// written; only `version` follows it).
    mutating func json(_ map: FieldMap) -> String? {
        guard map.tokenEvidence != nil || map.streamTokenEvidence != nil else { return remembered(map) }
        var bare = map
        bare.tokenEvidence = nil
        bare.streamTokenEvidence = nil
        guard let json = remembered(bare), let cut = json.range(of: #","unknown_finish_reason":"#, options: .backwards) else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var members = ""
        for (key, evidence) in [("stream_token_evidence", map.streamTokenEvidence), ("token_evidence", map.tokenEvidence)] {
            guard let evidence else { continue }
            guard let data = try? encoder.encode(evidence) else { return nil }
            members += #","\#(key)":"# + String(decoding: data, as: UTF8.self)
        }
        return String(json[..<cut.lowerBound]) + members + String(json[cut.lowerBound...])
    }

    /// The stored JSON of `map`, encoded once per distinct map.
    private mutating func remembered(_ map: FieldMap) -> String? {
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
