import Catalog
import Shapes
import Testing
@testable import Matches

@Suite("StructureScorer")
struct StructureScorerTests {
    static func shape(_ documents: [String]) throws -> Shape {
        var shape = Shape()
        for document in documents {
            try Array(document.utf8).withUnsafeBytes { try shape.add(document: $0) }
        }
        return shape
    }

    static let nfc = "caf\u{E9}"
    static let nfd = "cafe\u{301}"
    static let schema = SchemaNode(
        types: [.object], properties: [nfc: SchemaNode(types: [.integer]), "n": SchemaNode(types: [.string])],
        required: [nfc, "n"])

    @Test("a member whose key is only canonically equivalent to the schema's name is not that property")
    func keysCompareByTheirBytes() throws {
        let exact = StructureScorer.compare(try Self.shape([#"{"\#(Self.nfc)": 1, "n": "x"}"#]), with: Self.schema)
        #expect(exact.fit == 1)
        #expect(exact.missing.isEmpty)
        let equivalent = StructureScorer.compare(try Self.shape([#"{"\#(Self.nfd)": 1, "n": "x"}"#]), with: Self.schema)
        #expect(equivalent.missing.map(\.description) == ["$['\(Self.nfc)']"])
        #expect(equivalent.fit < 1)
        #expect(equivalent.fit == 0.5)
        // Both spellings in one object: the property is the member with the same bytes (the
        // other one's string is never compared with the property's integer schema).
        let both = StructureScorer.compare(try Self.shape([#"{"\#(Self.nfd)": "s", "\#(Self.nfc)": 1, "n": "x"}"#]), with: Self.schema)
        #expect(both.missing.isEmpty)
        #expect(both.conflicts.isEmpty)
        #expect(both.fit == 1)
    }

    @Test("views shared across schemas give each schema the outcome fresh views give")
    func sharedViews() throws {
        let shape = try Self.shape([
            #"{"id": "a", "object": "list", "data": [{"embedding": [0.1, -0.2], "index": 0}], "usage": {"prompt_tokens": 3}}"#,
            #"{"id": "b", "object": "list", "data": [{"embedding": [0.3], "index": 0}], "model": "m"}"#,
        ])
        let schemas = FixtureSamples.catalog.entries.compactMap(\.response)
        let shared = ShapeViews(shape)
        for schema in schemas {
            let fresh = StructureScorer.compare(ShapeViews(shape), with: schema)
            let reused = StructureScorer.compare(shared, with: schema)
            #expect(reused.fit == fresh.fit)
            #expect(reused.coverage == fresh.coverage)
            #expect(reused.missing == fresh.missing)
            #expect(reused.extras == fresh.extras)
            #expect(reused.conflicts == fresh.conflicts)
        }
        #expect(schemas.count > 5)
    }
}
