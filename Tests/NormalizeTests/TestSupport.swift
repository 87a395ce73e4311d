import TestSupport
import Catalog
import Demo
import Foundation
import Normalize

/// The repository's catalog and fixtures, found from this file's path.
enum Fixtures {
    static let catalog: Catalog? = try? Catalog.load(directory: Repository.schemas)
    static let manifest: FixtureManifest? = try? FixtureManifest.load(directory: Repository.fixtures)

    /// Exchanges whose API has a catalog entry, by name.
    static let mappedExchangeNames: [String] = (manifest?.exchanges ?? []).filter { exchange in
        guard let api = exchange.api else { return false }
        return catalog?.entry(id: api) != nil
    }.map(\.name)

    /// Streamed exchanges with a plain twin.
    static let twinNames: [String] = {
        guard let data = try? Data(contentsOf: Repository.fixtures.appendingPathComponent("manifest.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let exchanges = object["exchanges"] as? [[String: Any]]
        else { return [] }
        return exchanges.compactMap { exchange in
            guard let name = exchange["name"] as? String, let twin = exchange["same_as"] as? String else { return nil }
            return "\(name)|\(twin)"
        }
    }()

    static func exchange(_ name: String) throws -> FixtureExchange {
        guard let found = manifest?.exchanges.first(where: { $0.name == name }) else { throw TestFailure("no exchange \(name)") }
        return found
    }

    static func normalizer(for api: String) throws -> Normalizer {
        guard let entry = catalog?.entry(id: api) else { throw TestFailure("no catalog entry \(api)") }
        return Normalizer(entry: entry)
    }

    /// Normalizes a manifest exchange with its API's catalog entry.
    static func normalize(_ name: String) throws -> (NormalizedRecord, FixtureExchange, CatalogEntry) {
        let exchange = try exchange(name)
        guard let api = exchange.api, let entry = catalog?.entry(id: api), let manifest else {
            throw TestFailure("no catalog entry for \(name)")
        }
        let request = try exchange.request.map { try manifest.bytes($0) }
        let response = try exchange.response.map { try manifest.bytes($0) }
        let record = Normalizer(entry: entry).normalize(
            request: request, response: response, status: exchange.status,
            requestContentType: exchange.requestContentType, responseContentType: exchange.responseContentType)
        return (record, exchange, entry)
    }
}

extension Normalizer {
    /// Normalizes JSON text bodies (tests).
    func normalize(request: String?, response: String?, status: Int? = 200, responseContentType: String? = nil) -> NormalizedRecord {
        normalize(request: request.map { Array($0.utf8) }, response: response.map { Array($0.utf8) }, status: status,
                  responseContentType: responseContentType)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
