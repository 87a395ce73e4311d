import Catalog
import Demo
import Foundation
import Logs

/// One case of the conformance suite: a logged row and the field map to apply to it.
struct ConformanceCase {
    /// The directory name under the suite (`openai.chat_completions+plain`, `rule+negative_index`).
    var name: String
    /// Where the case comes from and what it shows.
    var about: String
    var targetURL: String
    var model: String
    var status: Int?
    var request: [UInt8]?
    var response: [UInt8]?
    /// The stored JSON of the map to pin, or nil when the job maps the key itself (heuristic maps).
    var fieldMap: String?

    /// The key the row falls under.
    var endpoint: String { Endpoint.template(path: TargetURL(targetURL).path, model: model) }

    /// The map of `entry` in its stored form.
    static func storedMap(_ entry: CatalogEntry) throws -> String {
        try entry.fieldMap.encodedJSONString()
    }

    /// The directory name for a fixture name (`api/variant`).
    static func directoryName(_ fixture: String) -> String {
        fixture.replacingOccurrences(of: "/", with: "+")
    }

    /// A case per fixture exchange, with its API's catalog map (an exchange no API owns, such as
    /// a proxy's HTML 502, gets the map of the endpoint it was sent to, chat completions).
    static func fixtureCases(_ manifest: FixtureManifest, catalog: Catalog) throws -> [ConformanceCase] {
        try manifest.exchanges.map { exchange in
            let api = exchange.api ?? "openai.chat_completions"
            guard let entry = catalog.entry(id: api) else {
                throw FixtureError(message: "fixture \(exchange.name) speaks \(api), which the catalog does not have")
            }
            guard let model = exchange.model else {
                throw FixtureError(message: "fixture \(exchange.name) names no model")
            }
            return ConformanceCase(
                name: directoryName(exchange.name), about: "Fixtures/manifest.json exchange \(exchange.name) with the \(api) map",
                targetURL: url(host: exchange.host, path: exchange.path), model: model, status: exchange.status,
                request: try exchange.request.map { try manifest.bytes($0) },
                response: try exchange.response.map { try manifest.bytes($0) },
                fieldMap: try storedMap(entry))
        }
    }

    /// A case per corrupt body, as the response to the plain OpenAI chat request.
    static func corruptCases(_ manifest: FixtureManifest, catalog: Catalog) throws -> [ConformanceCase] {
        guard let entry = catalog.entry(id: "openai.chat_completions"),
              let plain = manifest.exchanges.first(where: { $0.name == "openai.chat_completions/plain" })
        else { throw FixtureError(message: "the corrupt cases need openai.chat_completions/plain and its catalog entry") }
        return try manifest.corrupt.map { corrupt in
            let stem = ((corrupt.file as NSString).lastPathComponent as NSString).deletingPathExtension
            return ConformanceCase(
                name: "corrupt+" + stem, about: "Fixtures/\(corrupt.file) (\(corrupt.reason)) as a chat completions response",
                targetURL: url(host: plain.host, path: plain.path), model: "corrupt-" + stem, status: 200,
                request: try plain.request.map { try manifest.bytes($0) }, response: try manifest.bytes(corrupt.file),
                fieldMap: try storedMap(entry))
        }
    }

    /// A case per exchange of `Fixtures/made_up.json`; the job derives their maps by structure.
    static func madeUpCases(manifest: FixtureManifest) throws -> [ConformanceCase] {
        try manifest.outsideCatalog.map { exchange in
            ConformanceCase(
                name: directoryName(exchange.name), about: "Fixtures/made_up.json exchange \(exchange.name) with the heuristic map the job derives",
                targetURL: url(host: exchange.host, path: exchange.path), model: exchange.model ?? "", status: exchange.status,
                request: try exchange.request.map { try manifest.bytes($0) },
                response: try exchange.response.map { try manifest.bytes($0) },
                fieldMap: nil)
        }
    }

    /// A case per rule of `rules.json`.
    static func ruleCases(_ rules: ConformanceRules, manifest: FixtureManifest, catalog: Catalog) throws -> [ConformanceCase] {
        try rules.rules.filter { $0.pending == nil }.map { rule in
            guard let entry = catalog.entry(id: rule.map.from) else {
                throw FixtureError(message: "rule \(rule.name): no catalog entry '\(rule.map.from)'")
            }
            var map = try JSONDecoder().decode(FixtureValue.self, from: entry.fieldMap.encodedJSON())
            if let patch = rule.map.patch { map = map.merged(with: patch) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return ConformanceCase(
                name: "rule+" + rule.name, about: rule.about, targetURL: rule.targetURL, model: rule.model, status: rule.status,
                request: try rule.request?.bytes(manifest), response: try rule.response?.bytes(manifest),
                fieldMap: String(decoding: try encoder.encode(map), as: UTF8.self))
        }
    }

    static func url(host: String, path: String) -> String {
        let scheme = host.hasSuffix(":11434") || host.contains(".internal") || host.hasSuffix(".lan") || host.contains(".lan:") ? "http" : "https"
        return "\(scheme)://\(host)\(path)"
    }
}
