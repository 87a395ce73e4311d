import Catalog
import Foundation
import Logs
import Normalize
import TestSupport
import Testing

/// The Swift normalizer, through the `Normalize` library, against every case of the language-neutral
/// conformance suite (`Tests/Conformance/cases/`): the record it makes from a case's field map and
/// bodies is the one `gateway-mapper normalize --id N --json` printed for that row.
@Suite struct ConformanceCaseTests {
    static let root = Repository.root.appendingPathComponent("Tests/Conformance/cases")
    static let catalog = try? Catalog.builtin()

    /// Every case directory, by name.
    static let names: [String] = {
        let children = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return children.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).appendingPathComponent("row.json").path) }.sorted()
    }()

    static func jsonObject(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The record the library makes for one case, as a JSON object.
    static func record(case directory: URL) throws -> [String: Any] {
        let row = try jsonObject(Data(contentsOf: directory.appendingPathComponent("row.json")))
        let fieldMap = try Data(contentsOf: directory.appendingPathComponent("field_map.json"))
        let request = try? Data(contentsOf: directory.appendingPathComponent("request.bin"))
        let response = try? Data(contentsOf: directory.appendingPathComponent("response.bin"))
        let url = TargetURL(try #require(row["target_url"] as? String))
        let map = try FieldMap.decode(from: fieldMap)
        // What normalize adds from the catalog: the entry's operation and the host's provider.
        let normalizer = Normalizer(
            fieldMap: map, operation: catalog?.entry(id: map.schemaID)?.operation,
            provider: catalog?.providers.provider(forHost: url.host).name)
        let record = normalizer.normalize(
            request: request, response: response, status: row["status"] as? Int,
            targetURL: row["target_url"] as? String, loggedModel: row["model"] as? String)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try jsonObject(encoder.encode(record))
    }

    /// A JSON value's bytes with sorted keys, to compare values of any type.
    static func canonical(_ value: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
    }

    @Test func theSuiteHoldsACaseForEveryCatalogEntry() throws {
        let catalog = try #require(Self.catalog)
        var covered = Set<String>()
        for name in Self.names {
            let data = try Data(contentsOf: Self.root.appendingPathComponent(name).appendingPathComponent("field_map.json"))
            covered.insert(try FieldMap.decode(from: data).schemaID)
        }
        let missing = catalog.entries.map(\.id).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "no conformance case for \(missing.joined(separator: ", "))")
        #expect(covered.contains(FieldMap.heuristicSchemaID))
    }

    @Test(arguments: names)
    func theLibraryMakesTheRecordNormalizePrinted(name: String) throws {
        let directory = Self.root.appendingPathComponent(name)
        let expected = try Self.jsonObject(Data(contentsOf: directory.appendingPathComponent("expected.json")))
        let want = try #require(expected["record"] as? [String: Any])
        let got = try Self.record(case: directory)
        let keys = Set(want.keys).union(got.keys).sorted()
        let differing = keys.filter { key in
            switch (want[key], got[key]) {
            case (nil, nil): false
            case (let a?, let b?): Self.canonical(a) != Self.canonical(b)
            default: true
            }
        }
        #expect(differing.isEmpty, "\(name): the library differs from normalize on \(differing.joined(separator: ", "))")
    }
}
