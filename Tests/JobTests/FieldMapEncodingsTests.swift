import Catalog
import Testing
@testable import Job
import Sampling
import SQLiteStore
import Store

@Suite struct FieldMapEncodingsTests {
    @Test func encodesEveryCatalogMapAsTheMapItselfDoes() throws {
        let catalog = try Catalog.builtin()
        var encodings = FieldMapEncodings()
        for entry in catalog.entries {
            let expected = try entry.fieldMap.encodedJSONString()
            #expect(encodings.json(entry.fieldMap) == expected)
            // Served from the memo the second time, still the same text.
            #expect(encodings.json(entry.fieldMap) == expected)
        }
        #expect(encodings.count == Set(catalog.entries.map(\.fieldMap)).count)
    }

    @Test func mapsWithTokenEvidenceAreEncodedAsTheMapItselfDoesAndShareTheBareMapsEntry() throws {
        let catalog = try Catalog.builtin()
        var encodings = FieldMapEncodings()
        let learned = TokenEvidence(source: .learned, samples: 40, agreeing: 39, rule: "total = input + output + reasoning")
        let odd = TokenEvidence(source: .catalog, samples: 0, agreeing: 0, rule: #"no "total" bound / é"#)
        for entry in catalog.entries {
            for (plain, stream) in [(learned, nil), (nil, odd), (odd, learned)] as [(TokenEvidence?, TokenEvidence?)] {
                var map = entry.fieldMap
                map.tokenEvidence = plain
                map.streamTokenEvidence = stream
                #expect(encodings.json(map) == (try map.encodedJSONString()), "\(entry.id)")
            }
        }
        let bare = Set(catalog.entries.map { entry in
            var map = entry.fieldMap
            map.tokenEvidence = nil
            map.streamTokenEvidence = nil
            return map
        })
        #expect(encodings.count == bare.count, "one entry per map without its evidence")
    }

    @Test func aChangedMapIsEncodedAfresh() throws {
        let catalog = try Catalog.builtin()
        let entry = try #require(catalog.entries.first)
        var encodings = FieldMapEncodings()
        var changed = entry.fieldMap
        changed.schemaID = FieldMap.heuristicSchemaID
        #expect(encodings.json(entry.fieldMap) == (try entry.fieldMap.encodedJSONString()))
        #expect(encodings.json(changed) == (try changed.encodedJSONString()))
        #expect(encodings.json(changed) != encodings.json(entry.fieldMap))
    }

    @Test func staysWithinItsCapacity() throws {
        let catalog = try Catalog.builtin()
        var encodings = FieldMapEncodings(capacity: 2)
        for entry in catalog.entries {
            #expect(encodings.json(entry.fieldMap) == (try entry.fieldMap.encodedJSONString()))
            #expect(encodings.count <= 2)
        }
    }

    /// One change per nested field of a map (schema id, a role's paths, item paths, event,
    /// tokens, confidence, finish reasons, stream framing).
    static let changes: [(String, @Sendable (inout FieldMap) -> Void)] = [
        ("schema id", { $0.schemaID += "-2" }),
        ("a role's first path", { map in
            let role = map.roles.keys.sorted()[0]
            map.roles[role]!.paths.insert(JSONPath(components: [.key("other"), .index(1)]), at: 0)
        }),
        ("a role's index", { map in
            let role = map.roles.keys.sorted()[0]
            map.roles[role]!.paths = [JSONPath(components: [.key("choices"), .index(2)])]
        }),
        ("a role's item paths", { map in
            let role = map.roles.keys.sorted()[0]
            map.roles[role]!.item = ["text": [JSONPath(components: [.wildcard, .key("text")])]]
        }),
        ("a role's event", { map in
            let role = map.roles.keys.sorted()[0]
            map.roles[role]!.event = "delta"
        }),
        ("a role's token convention", { map in
            let role = map.roles.keys.sorted()[0]
            map.roles[role]!.tokens = .separate
        }),
        ("a role's confidence", { map in
            let role = map.roles.keys.sorted()[0]
            map.roles[role]!.confidence = 0.25
        }),
        ("a role removed", { map in map.roles.removeValue(forKey: map.roles.keys.sorted()[0]) }),
        ("a finish reason", { $0.finishReasons["halted"] = "stop" }),
        ("the stream framing", { $0.stream = StreamFraming(format: .ndjson, done: nil, eventKey: "type") }),
    ]

    @Test(arguments: changes.indices)
    func aMapThatDiffersInOneNestedFieldGetsItsOwnJSON(change: Int) throws {
        let catalog = try Catalog.builtin()
        let entry = try #require(catalog.entries.first { !$0.fieldMap.roles.isEmpty })
        var encodings = FieldMapEncodings()
        var changed = entry.fieldMap
        Self.changes[change].1(&changed)
        try #require(changed != entry.fieldMap, "\(Self.changes[change].0)")
        #expect(encodings.json(entry.fieldMap) == (try entry.fieldMap.encodedJSONString()))
        #expect(encodings.json(changed) == (try changed.encodedJSONString()))
        #expect(encodings.json(entry.fieldMap) == (try entry.fieldMap.encodedJSONString()))
        #expect(encodings.count == 2)
    }

    @Test func equalMapsBuiltInAnotherOrderShareOneEntry() throws {
        let catalog = try Catalog.builtin()
        let entry = try #require(catalog.entries.first { $0.fieldMap.roles.count > 2 })
        var rebuilt = FieldMap(
            schemaID: entry.fieldMap.schemaID, stream: entry.fieldMap.stream, requestForms: entry.fieldMap.requestForms,
            plainText: entry.fieldMap.plainText)
        for (role, binding) in entry.fieldMap.roles.sorted(by: { $0.key > $1.key }) { rebuilt.roles[role] = binding }
        for (raw, canonical) in entry.fieldMap.finishReasons.sorted(by: { $0.key > $1.key }) {
            rebuilt.finishReasons[raw] = canonical
        }
        try #require(rebuilt == entry.fieldMap)
        var encodings = FieldMapEncodings()
        #expect(encodings.json(entry.fieldMap) == (try entry.fieldMap.encodedJSONString()))
        #expect(encodings.json(rebuilt) == (try entry.fieldMap.encodedJSONString()))
        #expect(encodings.count == 1)
    }
}
