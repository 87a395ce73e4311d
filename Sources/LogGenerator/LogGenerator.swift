import Demo
import Foundation
import Logs

/// A realistic `request_logs` generator: Zipf-skewed traffic over many models on many hosts, every
/// API family of the catalog, per-client habits, streams, errors, NULL models and statuses,
/// uploads and corrupt bodies, with the truth of which API each key speaks.
///
/// Bodies are re-written from the `Fixtures/` templates for every row (invented words, new ids,
/// counts and vectors, the client's layout and escaping), never copied. Row `i` depends only on
/// the seed, the model count and `i`, so a database can be extended with the same seed stream.
public struct LogGenerator: Sendable {
    public struct Options: Sendable {
        public var rows = 100_000
        public var models = 300
        public var seed: UInt64 = 1
        /// Share of rows with a corrupt request or response body.
        public var badFraction = 0.01
        /// Share of rows that stream, on APIs that can (varies per model around this value).
        public var streamFraction = 0.3
        /// Share of rows the gateway logged without a model.
        public var nullModelFraction = 0.03
        /// Share of rows logged without a status.
        public var nullStatusFraction = 0.003
        /// Zipf exponent of traffic over model ranks.
        public var zipfExponent = 1.1

        public init() {}
    }

    /// What a corrupt body is.
    public enum Corruption: String, Sendable, CaseIterable {
        case truncated, empty, invalidUTF8 = "invalid_utf8", bom, nan, tooDeep = "too_deep"
    }

    /// One generated row, ready to insert.
    public struct Row: Sendable {
        public var createdAt: String
        public var targetURL: String
        public var provider: String?
        public var model: String?
        public var status: Int?
        public var request: [UInt8]?
        public var response: [UInt8]?
        /// The truth key the row counts for (a successful, intact exchange of its API), if any.
        public var truthKey: Int?
        public var streamed = false
        /// How the streamed response is framed (the catalog's format name), when the row streams.
        public var streamFormat: String?
        public var isError = false
        public var corruption: Corruption?
        public var isUpload = false
    }

    public let options: Options
    let catalog: TemplateCatalog
    let models: [GeneratedModel]
    /// Every (model, endpoint) key the plan can produce, and the API each speaks.
    public let keys: [LogKey]
    public let keyAPIs: [String]
    let cumulative: [Double]
    let start: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    public init(manifest: FixtureManifest, options: Options) throws {
        guard options.models >= 1, options.rows >= 0 else {
            throw FixtureError(message: "the generator needs at least one model and a row count of 0 or more")
        }
        self.options = options
        catalog = try TemplateCatalog(manifest: manifest)
        guard !catalog.families.isEmpty else {
            throw FixtureError(message: "\(manifest.directory.path)/manifest.json names no successful exchange to generate from")
        }
        let plan = Self.plan(catalog: catalog, options: options)
        models = plan.models
        keys = plan.keys
        keyAPIs = plan.keyAPIs
        var sum = 0.0
        cumulative = (0..<models.count).map { rank in
            sum += 1 / pow(Double(rank + 1), options.zipfExponent)
            return sum
        }
    }

    /// The model names, most trafficked first.
    public var modelNames: [String] { models.map(\.name) }

    /// A generator of row `index`, independent of every other row.
    static func rowRandom(seed: UInt64, index: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        return SplitMix64(seed: mixer.next())
    }

    /// Makes row `index` (0-based; the database id is `index + 1` when written from an empty table).
    public func row(_ index: Int) -> Row {
        var random = Self.rowRandom(seed: options.seed, index: index)
        let model = models[pickModel(random.nextDouble())]
        var route = model.routes[0]
        if model.routes.count > 1, random.nextDouble() < model.routes[1].weight { route = model.routes[1] }
        let (success, stream) = pickExchange(model: model, route: route, &random)
        let shape = rowShape(model: model, &random)
        let outcome = pickOutcome(family: catalog.families[route.family], success: success, model: model, &random)
        var (request, responseBody, isUpload) = writeBodies(
            model: model, route: route, success: success, outcome: outcome, shape: shape, &random)

        // Corrupt bodies, mostly responses.
        var corruption: Corruption?
        if random.nextDouble() < options.badFraction {
            let kind = Self.corruptionKind(random.nextDouble())
            corruption = kind
            if random.nextDouble() < 0.8 || request == nil {
                responseBody = Self.corrupt(responseBody ?? [], kind, random: &random)
            } else {
                request = Self.corrupt(request ?? [], kind, random: &random)
            }
        }

        let host = route.hosts[Int(random.next() % UInt64(route.hosts.count))]
        var path = stream ? route.streamPath : route.path
        // Gemini's array stream is what `:streamGenerateContent` answers without `alt=sse`.
        if success.streamFraming == .jsonArray { path = path.replacingOccurrences(of: "?alt=sse", with: "") }
        let scheme = host.hasSuffix(":11434") || host.contains(".internal") || host.hasSuffix(".lan") ? "http" : "https"
        let logsModel = random.nextDouble() >= options.nullModelFraction
        let logsStatus = random.nextDouble() >= options.nullStatusFraction
        let provider: String? = random.nextDouble() < 0.3 ? nil : Self.providerHeader(host)
        let counts = !outcome.isError && corruption == nil && logsStatus && outcome.status < 400
        return Row(
            createdAt: Self.timestamp(start + Int64(index) * 3 + Int64(random.next() % 3)),
            targetURL: scheme + "://" + host + path, provider: provider, model: logsModel ? model.name : nil,
            status: logsStatus ? outcome.status : nil, request: request, response: responseBody,
            truthKey: counts ? (stream ? route.streamKey : route.plainKey) : nil, streamed: stream && !outcome.isError,
            streamFormat: stream && !outcome.isError ? success.streamFraming?.name : nil,
            isError: outcome.isError, corruption: corruption, isUpload: isUpload)
    }

    /// Which exchange a row is: the model's own client mostly, sometimes another of the API's.
    func pickExchange(model: GeneratedModel, route: GeneratedModel.Route, _ random: inout SplitMix64) -> (ExchangeTemplate, stream: Bool) {
        let family = catalog.families[route.family]
        // A route streams the way its path does: Bedrock's stream paths in binary frames, others in text.
        let binary = Self.streamsEventStreams(route.streamPath)
        func fits(_ index: Int) -> Bool {
            let template = catalog.templates[index]
            return !template.stream || (template.streamFraming == .eventStream) == binary
        }
        let canStream = family.exchanges.contains { catalog.templates[$0].stream && fits($0) }
        let stream = canStream && (family.streamsOnly || random.nextDouble() < model.streamRate)
        var pool = family.choices(variant: route.variant, stream: stream, templates: catalog.templates).filter(fits)
        if pool.isEmpty || random.nextDouble() < 0.25 {
            pool = family.exchanges.filter { catalog.templates[$0].stream == stream && fits($0) }
        }
        if pool.isEmpty { pool = family.variants[route.variant] }
        return (catalog.templates[pool[Int(random.next() % UInt64(pool.count))]], stream)
    }

    /// Sizes for a row: a log-normal scale, so most bodies are small and a few are huge.
    func rowShape(model: GeneratedModel, _ random: inout SplitMix64) -> RowShape {
        let scale = exp(gaussian(&random) * 0.85)
        var shape = RowShape()
        shape.textWords = max(1, Int(Double(model.textWords) * scale))
        shape.turns = max(1, Int(Double(model.turns) * pow(scale, 0.7) * (0.5 + random.nextDouble())))
        shape.dimension = model.dimension
        shape.blobLength = min(180_000, max(256, Int(6_000 * exp(gaussian(&random) * 1.0))))
        return shape
    }

    /// What a row's response is: the exchange's own, or an error.
    struct Outcome {
        var response: ExchangeTemplate
        var status: Int
        var isError: Bool
    }

    /// Errors: the API's JSON errors, a proxy's HTML page, or an error body under 200.
    func pickOutcome(family: APIFamily, success: ExchangeTemplate, model: GeneratedModel, _ random: inout SplitMix64) -> Outcome {
        let roll = random.nextDouble()
        func pick(_ choices: [Int]) -> ExchangeTemplate { catalog.templates[choices[Int(random.next() % UInt64(choices.count))]] }
        if roll < model.errorRate, !family.errors.isEmpty {
            let response = pick(family.errors)
            return Outcome(response: response, status: response.status ?? 500, isError: true)
        } else if roll < model.errorRate + 0.004, !catalog.htmlErrors.isEmpty {
            let response = pick(catalog.htmlErrors)
            return Outcome(response: response, status: [502, 503, 504][Int(random.next() % 3)], isError: true)
        } else if roll < model.errorRate + 0.006, !family.errorsIn200.isEmpty {
            return Outcome(response: pick(family.errorsIn200), status: 200, isError: true)
        }
        return Outcome(response: success, status: success.status ?? 200, isError: false)
    }

    /// The request and response bodies of a row, written in the model's client habits.
    func writeBodies(
        model: GeneratedModel, route: GeneratedModel.Route, success: ExchangeTemplate, outcome: Outcome, shape: RowShape, _ random: inout SplitMix64
    ) -> (request: [UInt8]?, response: [UInt8]?, isUpload: Bool) {
        var request: [UInt8]?
        var writer = BodyWriter(style: model.requestStyle, random: random, shape: shape, modelName: model.name)
        var isUpload = false
        switch success.request {
        case .json(let node):
            writer.write(node, edit: route.edit)
            request = writer.out
        case .multipart(let template):
            template.write(into: &writer, boundary: model.boundary)
            request = writer.out
            isUpload = true
        case .none:
            request = nil
        }
        var responseWriter = BodyWriter(style: model.responseStyle, random: writer.random, shape: shape, modelName: model.name)
        switch outcome.response.response {
        case .json(let node):
            responseWriter.write(node)
        case .stream(let template):
            responseWriter.style = JSONStyle(escapesNonASCII: model.responseStyle.escapesNonASCII)
            template.write(into: &responseWriter, chunks: max(2, shape.textWords / 2))
        case .text:
            responseWriter.appendWords(shape.textWords * 2, escaped: false)
            responseWriter.out.append(0x0A)
        case .raw(let bytes):
            responseWriter.out = outcome.status == 502 ? bytes : Self.statusPage(bytes, status: outcome.status)
        case .verbatim(let bytes, _):
            responseWriter.out = bytes
        case .none:
            break
        }
        random = responseWriter.random
        return (request, outcome.response.response.isNone ? nil : responseWriter.out, isUpload)
    }

    func pickModel(_ unit: Double) -> Int {
        let target = unit * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// A standard normal draw (Box–Muller).
    func gaussian(_ random: inout SplitMix64) -> Double {
        let u = max(random.nextDouble(), 1e-12)
        let v = random.nextDouble()
        return sqrt(-2 * log(u)) * cos(2 * Double.pi * v)
    }

    static func providerHeader(_ host: String) -> String {
        let name = host.split(separator: ":").first.map(String.init) ?? host
        let parts = name.split(separator: ".")
        return parts.count >= 2 ? String(parts[parts.count - 2]) : name
    }

    /// The fixture's 502 page re-titled for another 5xx status.
    static func statusPage(_ bytes: [UInt8], status: Int) -> [UInt8] {
        let title = status == 503 ? "503 Service Temporarily Unavailable" : "504 Gateway Time-out"
        return Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "502 Bad Gateway", with: title).utf8)
    }

    /// `2026-01-01T00:00:00Z` for seconds since 1970, without a formatter.
    static func timestamp(_ seconds: Int64) -> String {
        let days = seconds / 86_400
        let rest = Int(seconds % 86_400)
        // Civil from days (Howard Hinnant).
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(Int(month)))-\(two(Int(day)))T\(two(rest / 3_600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}

extension ExchangeTemplate.Response {
    var isNone: Bool { if case .none = self { true } else { false } }
}
