import Demo
import Framing

/// One fixture exchange, parsed once into templates the generator re-writes for every row.
struct ExchangeTemplate: Sendable {
    enum Request: Sendable {
        case json(TemplateNode)
        case multipart(MultipartTemplate)
        case none
    }

    enum Response: Sendable {
        case json(TemplateNode)
        case stream(StreamTemplate)
        /// A plain-text transcription: invented words.
        case text
        /// Bytes kept as written (an HTML error page).
        case raw([UInt8])
        /// A body of an API outside the catalog, kept as recorded: which of its counts is which
        /// is what the job must find, so they are never re-drawn (they must still add up).
        case verbatim([UInt8], framing: StreamTemplate.Framing?)
        case none
    }

    var name: String
    var api: String?
    /// The schema id the job must map its key to (`heuristic` outside the catalog).
    var expectedSchema: String?
    var isOutsideCatalog: Bool
    var host: String
    var path: String
    var fixtureModel: String?
    var status: Int?
    var stream: Bool
    var request: Request
    var response: Response

    var isErrorFixture: Bool { name.hasPrefix("errors/") }
    /// How the response streams, when it does.
    var streamFraming: StreamTemplate.Framing? {
        switch response {
        case .stream(let template): template.framing
        case .verbatim(_, let framing): framing
        default: nil
        }
    }
    var isSuccess: Bool { (status ?? 0) < 400 && !isErrorFixture }

    init(_ exchange: FixtureExchange, manifest: FixtureManifest) throws {
        name = exchange.name
        api = exchange.api
        expectedSchema = exchange.expectedSchema
        isOutsideCatalog = exchange.isOutsideCatalog
        host = exchange.host
        path = exchange.path
        fixtureModel = exchange.model
        status = exchange.status
        stream = exchange.stream ?? false
        if let file = exchange.request {
            let bytes = try manifest.bytes(file)
            if let multipart = MultipartTemplate.parse(bytes), exchange.requestContentType?.hasPrefix("multipart") == true {
                request = .multipart(multipart)
            } else {
                request = .json(try Self.json(bytes, file: file, model: exchange.model))
            }
        } else {
            request = .none
        }
        if let file = exchange.response {
            let bytes = try manifest.bytes(file)
            let type = exchange.responseContentType ?? ""
            let framing = Self.framing(contentType: type, stream: stream, bytes: bytes)
            if exchange.isOutsideCatalog {
                response = .verbatim(bytes, framing: stream ? framing : nil)
            } else if let framing {
                response = .stream(StreamTemplate.parse(bytes, framing: framing, model: exchange.model))
            } else if type.hasPrefix("text/plain") {
                response = .text
            } else if type.hasPrefix("text/html") {
                response = .raw(bytes)
            } else {
                response = .json(try Self.json(bytes, file: file, model: exchange.model))
            }
        } else {
            response = .none
        }
    }

    /// How a recorded response streams, from its content type (a JSON array when the exchange
    /// streams one); nil for a plain body.
    static func framing(contentType type: String, stream: Bool, bytes: [UInt8]) -> StreamTemplate.Framing? {
        if type.contains("event-stream") { return .sse }
        if type.contains("vnd.amazon.eventstream") { return .eventStream }
        if stream, bytes.withUnsafeBytes(BodyFramer.startsWithArray) { return .jsonArray }
        if type.contains("ndjson") || type.contains("stream+json") { return .ndjson }
        return nil
    }

    static func json(_ bytes: [UInt8], file: String, model: String?) throws -> TemplateNode {
        do {
            return try TemplateNode.parse(bytes, model: model)
        } catch {
            throw FixtureError(message: "fixture \(file) is not valid JSON (\(error)); the generator re-writes fixture bodies")
        }
    }
}

/// The fixture exchanges of one catalog API, grouped into variants (one per fixture model: the
/// habits of one client), with the error exchanges that API's hosts send.
struct APIFamily: Sendable {
    var api: String
    /// The schema id its keys must be mapped to (`heuristic` for an API outside the catalog).
    var expectedSchema: String
    /// True when every exchange streams (an API with no plain answers).
    var streamsOnly: Bool
    /// Indices into the template list, per fixture model.
    var variants: [[Int]]
    /// Every successful exchange of the API.
    var exchanges: [Int]
    /// Error exchanges (4xx/5xx JSON bodies) of this API or its provider.
    var errors: [Int]
    /// Errors sent under status 200.
    var errorsIn200: [Int]

    /// Exchanges of one variant that stream (or not).
    func choices(variant: Int, stream: Bool, templates: [ExchangeTemplate]) -> [Int] {
        variants[variant].filter { templates[$0].stream == stream }
    }
}

/// Every template and family the generator draws from.
struct TemplateCatalog: Sendable {
    var templates: [ExchangeTemplate]
    var families: [APIFamily]
    /// HTML error pages (a proxy's 502).
    var htmlErrors: [Int]

    init(manifest: FixtureManifest) throws {
        templates = try (manifest.exchanges + manifest.outsideCatalog).map { try ExchangeTemplate($0, manifest: manifest) }
        var order: [String] = []
        var byAPI: [String: [Int]] = [:]
        for (index, template) in templates.enumerated() where template.isSuccess {
            guard let api = template.api, template.fixtureModel != nil else { continue }
            if byAPI[api] == nil { order.append(api) }
            byAPI[api, default: []].append(index)
        }
        let templates = templates
        htmlErrors = templates.indices.filter { templates[$0].api == nil && templates[$0].isErrorFixture }
        families = order.map { api in
            let exchanges = byAPI[api]!
            var variantOrder: [String] = []
            var variants: [String: [Int]] = [:]
            for index in exchanges {
                let model = templates[index].fixtureModel!
                if variants[model] == nil { variantOrder.append(model) }
                variants[model, default: []].append(index)
            }
            // Errors of the API itself, else of its provider (`openai.embeddings` → `openai.*`).
            let provider = api.split(separator: ".").first.map(String.init) ?? api
            let own = templates.indices.filter {
                templates[$0].isErrorFixture && templates[$0].api == api && (templates[$0].status ?? 0) >= 400
            }
            let related = templates.indices.filter {
                templates[$0].isErrorFixture && (templates[$0].status ?? 0) >= 400
                    && (templates[$0].api?.hasPrefix(provider + ".") ?? false)
            }
            let in200 = templates.indices.filter {
                templates[$0].isErrorFixture && (templates[$0].status ?? 0) < 400
                    && (templates[$0].api?.hasPrefix(provider + ".") ?? false)
            }
            return APIFamily(
                api: api, expectedSchema: templates[exchanges[0]].expectedSchema ?? api,
                streamsOnly: exchanges.allSatisfy { templates[$0].stream }, variants: variantOrder.map { variants[$0]! }, exchanges: exchanges,
                errors: own.isEmpty ? related : own, errorsIn200: in200)
        }
    }
}
