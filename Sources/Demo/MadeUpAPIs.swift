import Foundation

/// `Fixtures/made_up.json`: APIs no catalog entry describes. The demo and the log generator plant
/// their traffic (the job must map those keys by structure alone, schema `heuristic`), and the
/// conformance suite checks the maps the job derives.
enum MadeUpAPIs {
    /// The file beside `manifest.json`.
    static let fileName = "made_up.json"
    /// The schema id a made-up API's keys must be mapped to.
    static let schemaID = "heuristic"

    struct File: Decodable {
        var madeUp: [API]
        enum CodingKeys: String, CodingKey { case madeUp = "made_up" }
    }

    struct API: Decodable {
        var api: String
        var host: String
        var path: String
        var model: String
        var exchanges: [Exchange]
    }

    struct Exchange: Decodable {
        var name: String
        var status: Int?
        var request: String?
        var response: String?
        var responseContentType: String?
        enum CodingKeys: String, CodingKey {
            case name, status, request, response
            case responseContentType = "response_content_type"
        }
    }

    /// The exchanges `data` declares, as fixture exchanges of their API; none without the file.
    static func exchanges(_ data: Data?, in directory: String) throws -> [FixtureExchange] {
        guard let data else { return [] }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw FixtureError(message: "\(directory)/\(fileName) is not valid: \(error)")
        }
        return file.madeUp.flatMap { api in
            api.exchanges.map { exchange in
                let type = exchange.responseContentType ?? ""
                return FixtureExchange(
                    name: exchange.name, api: api.api, host: api.host, path: api.path, model: api.model, status: exchange.status,
                    request: exchange.request, response: exchange.response, responseContentType: exchange.responseContentType,
                    stream: type.contains("event-stream") || type.contains("ndjson") ? true : nil, isOutsideCatalog: true)
            }
        }
    }
}
