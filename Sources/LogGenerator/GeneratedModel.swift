import Demo
import Logs

/// One model of a generated log: its name, the APIs it is served on (one route per API), the hosts
/// serving it, and the habits of the client that calls it.
struct GeneratedModel: Sendable {
    /// One API the model is served on.
    struct Route: Sendable {
        var family: Int
        var variant: Int
        /// Path for plain requests, and for streamed ones (Gemini streams on another action).
        var path: String
        var streamPath: String
        var hosts: [String]
        /// Share of the model's rows on this route.
        var weight: Double
        var edit: TopLevelEdit
        /// Truth key indices for the plain and streamed endpoints.
        var plainKey = 0
        var streamKey = 0
    }

    var name: String
    var routes: [Route]
    var requestStyle: JSONStyle
    var responseStyle: JSONStyle
    /// Typical words in a free-text value, and turns in a conversation.
    var textWords: Int
    var turns: Int
    var dimension: Int
    var errorRate: Double
    var streamRate: Double
    var boundary: [UInt8]
}

extension LogGenerator {
    /// The share of models per API, before every API gets at least one model.
    static let apiWeights: [String: Double] = [
        "openai.chat_completions": 36, "anthropic.messages": 12, "google.generate_content": 8, "ollama.chat": 6,
        "ollama.generate": 3, "openai.embeddings": 6, "openai.responses": 5, "openai.completions": 2,
        "cohere.chat_v2": 3, "cohere.embed": 2, "cohere.rerank": 1.5, "aws.bedrock_converse": 4,
        "openai.audio_transcriptions": 3, "openai.images_generations": 1.5,
    ]

    /// Top-level request members a client may leave out.
    static let optionalKeys: Set<String> = [
        "temperature", "top_p", "seed", "user", "stop", "n", "presence_penalty", "frequency_penalty", "stream_options",
        "logprobs", "top_logprobs", "keep_alive", "options", "safetySettings", "generationConfig", "inferenceConfig",
        "top_k", "metadata", "parallel_tool_calls", "service_tier", "dimensions", "language", "max_output_tokens",
        "truncate", "return_documents", "size", "quality",
    ]

    /// Members some clients add, by API (raw JSON values).
    static let extraKeys: [String: [(String, [String])]] = [
        "openai.chat_completions": [
            ("temperature", ["0.2", "0.7", "1"]), ("top_p", ["0.9", "1"]), ("seed", ["42", "7"]),
            ("user", ["\"u-4821\"", "\"svc-batch\""]), ("n", ["1"]), ("presence_penalty", ["0", "0.5"]),
        ],
        "openai.completions": [("temperature", ["0", "0.5"]), ("top_p", ["1"])],
        "anthropic.messages": [("temperature", ["0", "0.4", "1"]), ("top_k", ["40"])],
        "ollama.chat": [("keep_alive", ["\"5m\"", "\"30m\""])],
        "ollama.generate": [("keep_alive", ["\"5m\""])],
    ]

    static let alternateHosts = [
        "api.together.xyz", "api.deepseek.com", "api.x.ai", "llm-proxy.internal.example:8443", "gpu-box-7.internal:8000",
    ]

    /// Builds the models for `options` from the catalog: deterministic for the seed.
    static func plan(catalog: TemplateCatalog, options: Options) -> (models: [GeneratedModel], keys: [LogKey], keyAPIs: [String]) {
        var random = SplitMix64(seed: options.seed ^ 0x9E37_79B9_7F4A_7C15)
        let families = catalog.families
        // Every API at least once, the rest by weight; then shuffled so ranks are mixed.
        var assignment = Array(families.indices.prefix(options.models))
        let weights = families.map { apiWeights[$0.api] ?? 1 }
        let total = weights.reduce(0, +)
        while assignment.count < options.models {
            var roll = random.nextDouble() * total
            var chosen = families.count - 1
            for (index, weight) in weights.enumerated() {
                roll -= weight
                if roll < 0 { chosen = index; break }
            }
            assignment.append(chosen)
        }
        for index in stride(from: assignment.count - 1, to: 0, by: -1) {
            assignment.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }

        var used: [String: Int] = [:]
        var keys: [LogKey] = []
        var keyAPIs: [String] = []
        var keyIndex: [LogKey: Int] = [:]
        func key(_ model: String, _ path: String, api: String) -> Int {
            let logKey = LogKey(model: model, endpoint: Endpoint.template(path: TargetURL(path).path, model: model))
            if let index = keyIndex[logKey] { return index }
            keyIndex[logKey] = keys.count
            keys.append(logKey)
            keyAPIs.append(api)
            return keys.count - 1
        }
        let words = InventedWords.shared.raw.prefix(400)
        var models: [GeneratedModel] = []
        for familyIndex in assignment {
            let family = families[familyIndex]
            let variant = Int(random.next() % UInt64(family.variants.count))
            let fixtureModel = catalog.templates[family.variants[variant][0]].fixtureModel!
            let count = used[fixtureModel, default: 0]
            used[fixtureModel] = count + 1
            let name = count == 0
                ? fixtureModel
                : fixtureModel + "-ft-" + String(decoding: words[Int(random.next() % UInt64(words.count))], as: UTF8.self) + "\(count)"
            var routes = [route(family: familyIndex, variant: variant, name: name, catalog: catalog, random: &random)]
            // Some Ollama models answer on both of Ollama's APIs: two keys, two APIs.
            if family.api.hasPrefix("ollama."), random.nextDouble() < 0.4,
                let other = families.firstIndex(where: { $0.api.hasPrefix("ollama.") && $0.api != family.api }) {
                var second = route(family: other, variant: 0, name: name, catalog: catalog, random: &random)
                second.hosts = routes[0].hosts
                second.weight = 0.3
                routes.append(second)
            }
            for index in routes.indices {
                let api = families[routes[index].family].expectedSchema
                routes[index].plainKey = key(name, routes[index].path, api: api)
                routes[index].streamKey = key(name, routes[index].streamPath, api: api)
            }
            func style() -> JSONStyle {
                let layout = random.nextDouble()
                return JSONStyle(
                    indent: layout < 0.7 ? 0 : layout < 0.9 ? 2 : 4, spaced: layout >= 0.45 && layout < 0.7,
                    escapesNonASCII: random.nextDouble() < 0.35, escapesSlash: random.nextDouble() < 0.1)
            }
            let requestStyle = style()
            let responseStyle = style()
            let streams = random.nextDouble() >= 0.15
            let boundaries = ["----WebKitFormBoundary", "------------------------", "gm-boundary-"]
            let alphabet = BodyWriter.alphanumerics
            let boundary = Array(boundaries[Int(random.next() % 3)].utf8) + (0..<16).map { _ in alphabet[Int(random.next() % 62)] }
            models.append(GeneratedModel(
                name: name, routes: routes, requestStyle: requestStyle, responseStyle: responseStyle,
                textWords: 32 + Int(100 * random.nextDouble() * random.nextDouble()),
                turns: 1 + Int(random.next() % 4),
                dimension: [128, 256, 256, 384, 512, 768, 1024, 1536][Int(random.next() % 8)],
                errorRate: 0.01 + 0.06 * random.nextDouble(),
                streamRate: streams ? min(1, options.streamFraction * (0.3 + 1.4 * random.nextDouble())) : 0,
                boundary: boundary))
        }
        return (models, keys, keyAPIs)
    }

    /// Where the plain requests of an API streamed on `plainPath` go: Gemini streams on
    /// `:streamGenerateContent` (as SSE), Bedrock on `/converse-stream` and
    /// `/invoke-with-response-stream`; others on the same path.
    static func streamPath(plainPath: String) -> String {
        for (plain, stream) in streamSuffixes where plainPath.hasSuffix(plain) {
            return String(plainPath.dropLast(plain.count)) + stream
        }
        return plainPath
    }

    /// The inverse of `streamPath(plainPath:)` (query left out).
    static func plainPath(streamPath: String) -> String {
        let path = streamPath.split(separator: "?", maxSplits: 1).first.map(String.init) ?? streamPath
        for (plain, stream) in streamSuffixes {
            let bare = stream.split(separator: "?", maxSplits: 1).first.map(String.init) ?? stream
            if path.hasSuffix(bare) { return String(path.dropLast(bare.count)) + plain }
        }
        return streamPath
    }

    static let streamSuffixes: [(plain: String, stream: String)] = [
        (":generateContent", ":streamGenerateContent?alt=sse"), ("/converse", "/converse-stream"),
        ("/invoke", "/invoke-with-response-stream"),
    ]

    /// True for a path whose streams are AWS binary event streams (Bedrock).
    static func streamsEventStreams(_ streamPath: String) -> Bool {
        streamPath.hasSuffix("/converse-stream") || streamPath.hasSuffix("/invoke-with-response-stream")
    }

    static func route(
        family familyIndex: Int, variant: Int, name: String, catalog: TemplateCatalog, random: inout SplitMix64
    ) -> GeneratedModel.Route {
        let family = catalog.families[familyIndex]
        let exchanges = family.variants[variant].map { catalog.templates[$0] }
        let first = exchanges.first { !$0.stream } ?? exchanges[0]
        let fixtureModel = first.fixtureModel ?? name
        var path = first.path.replacingOccurrences(of: fixtureModel, with: name)
        if first.stream { path = plainPath(streamPath: path) }
        let streamPath = Self.streamPath(plainPath: path)
        var hosts: [String] = []
        for exchange in exchanges {
            let own = exchange.path.replacingOccurrences(of: fixtureModel, with: name)
            guard (exchange.stream ? plainPath(streamPath: own) : own) == path else { continue }
            if !hosts.contains(exchange.host) { hosts.append(exchange.host) }
        }
        // Several nodes serve one model.
        if hosts[0].hasPrefix("ollama-node-") {
            let count = 2 + Int(random.next() % 7)
            let start = Int(random.next() % 8)
            hosts = (0..<count).map { "ollama-node-\((start + $0) % 8 + 1).lan:11434" }
        } else if hosts[0].hasPrefix("vllm-node-") {
            hosts = (1...4).map { "vllm-node-\($0).internal:8000" }
        } else if path == "/v1/chat/completions", random.nextDouble() < 0.25 {
            hosts.append(alternateHosts[Int(random.next() % UInt64(alternateHosts.count))])
        }
        // The client's habits with optional members.
        var edit = TopLevelEdit()
        if case .json(.object(let members)) = catalog.templates[family.variants[variant][0]].request {
            for member in members {
                let key = String(decoding: member.key, as: UTF8.self)
                if optionalKeys.contains(key), random.nextDouble() < 0.35 { edit.dropped.insert(key) }
            }
        }
        if family.api == "openai.chat_completions" {
            switch random.nextDouble() {
            case ..<0.45: edit.renamed = ["max_completion_tokens": "max_tokens"]
            case ..<0.85: edit.renamed = ["max_tokens": "max_completion_tokens"]
            default: edit.dropped.formUnion(["max_tokens", "max_completion_tokens"])
            }
        }
        for (key, values) in extraKeys[family.api] ?? [] where random.nextDouble() < 0.3 {
            edit.added.append((key, Array(values[Int(random.next() % UInt64(values.count))].utf8)))
        }
        return GeneratedModel.Route(
            family: familyIndex, variant: variant, path: path, streamPath: streamPath, hosts: hosts, weight: 1, edit: edit)
    }
}
