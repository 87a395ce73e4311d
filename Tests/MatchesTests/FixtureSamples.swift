import TestSupport
import Catalog
import Demo
import Foundation
import Matches
import Shapes
import Testing

/// Fixture bodies as a key's samples: every exchange of a group fed through `ShapeSet` enough
/// times (≥ 20 rows) for closed sets to be captured, as the job would over a night of logs.
enum FixtureSamples {
    static let fixtures = Repository.fixtures

    static let manifest: FixtureManifest = {
        do { return try FixtureManifest.load(directory: fixtures) } catch { fatalError("\(error)") }
    }()

    static let catalog: Catalog = {
        do { return try Catalog.load(directory: Repository.schemas) } catch { fatalError("\(error)") }
    }()

    static let madeUp: MadeUpFixtures = {
        do {
            let data = try Data(contentsOf: fixtures.appendingPathComponent("made_up.json"))
            return try JSONDecoder().decode(MadeUpFixtures.self, from: data)
        } catch { fatalError("Fixtures/made_up.json: \(error)") }
    }()

    /// The successful exchanges of the manifest, grouped by API id.
    static var successfulAPIs: [String] {
        Array(Set(manifest.exchanges.filter { $0.isSuccess && $0.api != nil && !$0.name.hasPrefix("errors/") }.compactMap(\.api))).sorted()
    }

    static func exchanges(api: String) -> [FixtureExchange] {
        manifest.exchanges.filter { $0.api == api && $0.isSuccess && !$0.name.hasPrefix("errors/") }
    }

    static func exchange(_ name: String) -> FixtureExchange {
        guard let exchange = manifest.exchanges.first(where: { $0.name == name }) else { fatalError("no exchange \(name)") }
        return exchange
    }

    /// A shape set from `rows` (request file, response file, status, content type), repeated
    /// until at least `minimumRows` rows were added; `arrayStreams` as the job sets it for the
    /// key's endpoint.
    static func shapes(_ rows: [Row], model: String?, minimumRows: Int = 24, arrayStreams: Bool = false) -> ShapeSet {
        var set = ShapeSet(watching: model.map { [$0] } ?? [], arrayStreams: arrayStreams)
        guard !rows.isEmpty else { return set }
        var added = 0
        while added < minimumRows {
            for row in rows {
                set.add(
                    request: row.request, response: row.response, status: row.status,
                    requestContentType: row.requestContentType, responseContentType: row.responseContentType)
                added += 1
            }
        }
        return set
    }

    /// One logged row's bodies.
    struct Row {
        var request: [UInt8]?
        var response: [UInt8]?
        var status: Int?
        var requestContentType: String? = nil
        var responseContentType: String? = nil
    }

    static func row(_ exchange: FixtureExchange) -> Row {
        Row(
            request: exchange.request.map(bytes), response: exchange.response.map(bytes), status: exchange.status,
            requestContentType: exchange.requestContentType, responseContentType: exchange.responseContentType)
    }

    static func bytes(_ file: String) -> [UInt8] {
        do { return try manifest.bytes(file) } catch { fatalError("\(error)") }
    }

    /// The shapes of a group of manifest exchanges, watching the first exchange's model.
    static func shapes(of exchanges: [FixtureExchange]) -> ShapeSet {
        shapes(exchanges.map(row), model: exchanges.first?.model,
               arrayStreams: exchanges.first.map { catalog.framesArrayStreams(endpoint: $0.path) } ?? false)
    }
}

/// `Fixtures/made_up.json`: APIs no catalog entry describes, with the roles a heuristic map
/// must find.
struct MadeUpFixtures: Decodable {
    var madeUp: [MadeUpAPI]

    enum CodingKeys: String, CodingKey { case madeUp = "made_up" }

    struct MadeUpAPI: Decodable, CustomTestStringConvertible {
        var api: String
        var host: String
        var path: String
        var model: String
        var exchanges: [Exchange]
        var expectRoles: [String: String]
        var expectMessageItem: [String: String]

        enum CodingKeys: String, CodingKey {
            case api, host, path, model, exchanges
            case expectRoles = "expect_roles"
            case expectMessageItem = "expect_message_item"
        }

        var testDescription: String { api }

        /// The key's shapes: every exchange, repeated to ≥ 24 rows.
        func shapes() -> ShapeSet {
            FixtureSamples.shapes(exchanges.map { exchange in
                FixtureSamples.Row(
                    request: FixtureSamples.bytes(exchange.request), response: FixtureSamples.bytes(exchange.response),
                    status: exchange.status, responseContentType: exchange.responseContentType)
            }, model: model)
        }
    }

    struct Exchange: Decodable {
        var name: String
        var status: Int
        var request: String
        var response: String
        var responseContentType: String?

        enum CodingKeys: String, CodingKey {
            case name, status, request, response
            case responseContentType = "response_content_type"
        }
    }
}
