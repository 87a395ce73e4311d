import Catalog
import Testing
@testable import Mappings

@Suite struct FieldMapEncodingsTests {
    @Test func encodesEveryCatalogMapAsTheMapItselfDoes() throws {
        let catalog = try TestLogs.catalog()
        var encodings = FieldMapEncodings()
        for entry in catalog.entries {
            let expected = try entry.fieldMap.encodedJSONString()
            #expect(encodings.json(entry.fieldMap) == expected)
            // Served from the memo the second time, still the same text.
            #expect(encodings.json(entry.fieldMap) == expected)
        }
        #expect(encodings.encoded.count == Set(catalog.entries.map(\.fieldMap)).count)
    }

    @Test func aChangedMapIsEncodedAfresh() throws {
        let catalog = try TestLogs.catalog()
        let entry = try #require(catalog.entries.first)
        var encodings = FieldMapEncodings()
        var changed = entry.fieldMap
        changed.schemaID = FieldMap.heuristicSchemaID
        #expect(encodings.json(entry.fieldMap) == (try entry.fieldMap.encodedJSONString()))
        #expect(encodings.json(changed) == (try changed.encodedJSONString()))
        #expect(encodings.json(changed) != encodings.json(entry.fieldMap))
    }

    @Test func staysWithinItsCapacity() throws {
        let catalog = try TestLogs.catalog()
        var encodings = FieldMapEncodings(capacity: 2)
        for entry in catalog.entries {
            #expect(encodings.json(entry.fieldMap) == (try entry.fieldMap.encodedJSONString()))
            #expect(encodings.encoded.count <= 2)
        }
    }
}
