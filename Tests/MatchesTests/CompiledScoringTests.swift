import Catalog
import Shapes
import Testing
@testable import Matches

/// The compiled scorer (compiled schemas, numbered shape views shared across schemas) against the
/// simple path it replaced (`ReferenceStructureScorer`), on every fixture's shapes and every
/// schema of the catalog: the same fit to the bit, the same coverage, the same paths.
@Suite("Compiled scoring")
struct CompiledScoringTests {
    /// Every body kind's shape of every fixture exchange, and of every made-up API.
    static let shapes: [Shape] = {
        var sets = FixtureSamples.manifest.exchanges.map { FixtureSamples.shapes(of: [$0]) }
        sets += FixtureSamples.madeUp.madeUp.map { $0.shapes() }
        return sets.flatMap { set in set.shapes.sorted { "\($0.key)" < "\($1.key)" }.map(\.value) }.filter { $0.documentCount > 0 }
    }()

    /// Every schema the matcher compares shapes with, and the unions of event schemas.
    static let schemas: [SchemaNode] = FixtureSamples.catalog.entries.flatMap { entry in
        var schemas = [entry.request, entry.response, entry.error].compactMap { $0 }
        schemas += entry.streamEvents.sorted { $0.key < $1.key }.map(\.value)
        if entry.streamEvents.count > 1 { schemas.append(SchemaNode(alternatives: entry.streamEvents.sorted { $0.key < $1.key }.map(\.value))) }
        return schemas
    }

    /// A path's steps, keys as their bytes.
    static func bytes(_ path: ShapePath) -> [[UInt8]] {
        path.components.map { component in
            switch component {
            case .key(let key): [0] + Array(key.utf8)
            case .items: [1]
            case .mapValue: [2]
            }
        }
    }

    static func expectSame(_ fast: StructureScorer.Outcome, _ simple: ReferenceStructureScorer.Outcome) {
        #expect(fast.fit.bitPattern == simple.fit.bitPattern)
        #expect(fast.coverage.bitPattern == simple.coverage.bitPattern)
        #expect(fast.missing.map(\.description) == simple.missing.map(\.description))
        #expect(fast.extras.map(\.description) == simple.extras.map(\.description))
        #expect(fast.conflicts.map(\.description) == simple.conflicts.map(\.description))
        #expect(fast.missing.map(bytes) == simple.missing.map(bytes))
        #expect(fast.extras.map(bytes) == simple.extras.map(bytes))
        #expect(fast.conflicts.map(bytes) == simple.conflicts.map(bytes))
    }

    /// `schemas` compiled with their property names numbered in one table, as a matcher does.
    static func numbered(_ schemas: [SchemaNode]) -> (PropertyNames, [CompiledSchema]) {
        var builder = PropertyNames.Builder()
        let compiled = schemas.map { CompiledSchema($0) { builder.number($0) } }
        return (PropertyNames(builder.numbers), compiled)
    }

    @Test("members looked up by numbered names score each fixture shape as the simple path does, with or without places")
    func sameOutcomesWithNumberedNames() {
        let (names, compiled) = Self.numbered(Self.schemas)
        #expect(names.count > 100)
        #expect(compiled.allSatisfy { $0.object?.numbered ?? true })
        for shape in Self.shapes {
            let views = ShapeViews(shape, names: names)
            for (schema, compiledSchema) in zip(Self.schemas, compiled) {
                let outcome = StructureScorer.compare(views, with: compiledSchema)
                Self.expectSame(outcome, ReferenceStructureScorer.compare(shape, with: schema))
                // Without places (a candidate not explained): the same fit and coverage.
                let bare = StructureScorer.compare(views, with: compiledSchema, recordingPlaces: false)
                #expect(bare.fit.bitPattern == outcome.fit.bitPattern && bare.coverage.bitPattern == outcome.coverage.bitPattern)
                #expect(bare.missingPlaces.isEmpty && bare.extraPlaces.isEmpty && bare.conflictPlaces.isEmpty)
            }
        }
    }

    @Test("each catalog schema scores each fixture shape as the simple path does, views shared across schemas")
    func sameOutcomes() {
        #expect(Self.shapes.count > 50)
        #expect(Self.schemas.count > 20)
        for shape in Self.shapes {
            let views = ShapeViews(shape)
            for schema in Self.schemas {
                Self.expectSame(StructureScorer.compare(views, with: CompiledSchema(schema)), ReferenceStructureScorer.compare(shape, with: schema))
            }
        }
    }

    @Test("a shape past the maximum depth, maps, arrays of arrays and members only equivalent by canonical equivalence score alike")
    func edgeShapes() throws {
        let nested = String(repeating: #"{"a":["#, count: 6) + #"{"b": 1, "m": {"x": 1, "y": "s"}}"# + String(repeating: "]}", count: 6)
        let documents = [
            nested,
            #"{"caf\#u{E9}": 1, "cafe\#u{301}": "s", "n": null, "arr": [[1, 2], [3]], "s": "text"}"#,
            #"{"caf\#u{E9}": 2, "n": "x", "arr": [], "s": 3, "extra": {"k": true}}"#,
        ]
        var shape = Shape()
        for document in documents {
            try Array(document.utf8).withUnsafeBytes { try shape.add(document: $0) }
        }
        let deep = SchemaNode(types: [.object], properties: ["a": SchemaNode(types: [.array], items: SchemaNode(types: [.object]))])
        var level = SchemaNode(types: [.object], properties: ["b": SchemaNode(types: [.string]), "m": SchemaNode(types: [.object], additionalProperties: SchemaNode(types: [.integer]))], required: ["b"])
        for _ in 0..<6 {
            level = SchemaNode(types: [.object], properties: ["a": SchemaNode(types: [.array], items: level)], required: ["a"])
        }
        let mixed = SchemaNode(
            types: [.object],
            properties: [
                "caf\u{E9}": SchemaNode(types: [.integer]), "n": SchemaNode(types: [.string], enumValues: ["x", "y"]),
                "arr": SchemaNode(types: [.array], items: SchemaNode(types: [.array], items: SchemaNode(types: [.number]))),
                "s": SchemaNode(alternatives: [SchemaNode(types: [.string], constValue: "text"), SchemaNode(types: [.integer])]),
            ],
            required: ["caf\u{E9}", "n", "missing"], allowsAdditionalProperties: false)
        let views = ShapeViews(shape)
        let schemas = [deep, level, mixed, SchemaNode(), SchemaNode(types: [.object], additionalProperties: SchemaNode(types: [.integer]))]
        for schema in schemas {
            Self.expectSame(StructureScorer.compare(views, with: CompiledSchema(schema)), ReferenceStructureScorer.compare(shape, with: schema))
        }
        // The same with numbered names: "café" precomposed and decomposed share a number, as
        // they share a dictionary key; a schema with a name the table lacks falls back to names.
        let (names, compiled) = Self.numbered(schemas)
        #expect(names.number("caf\u{E9}") == names.number("cafe\u{301}"))
        let numberedViews = ShapeViews(shape, names: names)
        for (schema, compiledSchema) in zip(schemas, compiled) {
            Self.expectSame(StructureScorer.compare(numberedViews, with: compiledSchema), ReferenceStructureScorer.compare(shape, with: schema))
        }
        let unnumbered = CompiledSchema(SchemaNode(types: [.object], properties: ["caf\u{E9}": SchemaNode(types: [.integer]), "other": SchemaNode()], required: ["other"])) {
            $0 == "other" ? -1 : names.number($0)
        }
        #expect(unnumbered.object?.numbered == false)
        Self.expectSame(
            StructureScorer.compare(numberedViews, with: unnumbered),
            ReferenceStructureScorer.compare(shape, with: SchemaNode(types: [.object], properties: ["caf\u{E9}": SchemaNode(types: [.integer]), "other": SchemaNode()], required: ["other"])))
    }
}
