import Catalog
import Demo
import Foundation
import Matches
import Shapes
import Testing

/// APIs whose bodies look alike (a rerank list beside an embeddings list, FIM beside chat and
/// completions, a token count beside the messages it counts, the native bodies Bedrock's InvokeModel serves on one path): each recorded
/// exchange maps to its own entry, ahead of its look-alike by the margin, in both directions.
@Suite("Look-alike APIs")
struct LookAlikeTests {
    let matcher = Matcher(catalog: FixtureSamples.catalog)

    @Test("an exchange maps to its own entry, its look-alike trailing by at least the margin", arguments: [
        ("voyage.rerank/plain", "openai.embeddings"), ("openai.embeddings/voyage", "voyage.rerank"),
        ("openai.embeddings/float", "voyage.rerank"), ("cohere.rerank/jina", "openai.embeddings"),
        ("openai.embeddings/jina", "cohere.rerank"),
        ("openai.moderations/plain", "openai.chat_completions"), ("openai.chat_completions/plain", "openai.moderations"),
        ("openai.moderations/mistral", "openai.embeddings"),
        ("mistral.fim_completions/plain", "openai.completions"), ("openai.completions/plain", "mistral.fim_completions"),
        ("mistral.fim_completions/plain", "openai.chat_completions"), ("openai.chat_completions/mistral", "mistral.fim_completions"),
        ("google.batch_embed_contents/plain", "google.generate_content"), ("google.generate_content/plain", "google.batch_embed_contents"),
        ("google.embed_content/vertex", "google.generate_content"), ("google.embed_content/vertex", "google.batch_embed_contents"),
        ("cohere.chat_v1/plain", "cohere.chat_v2"), ("cohere.chat_v2/plain", "cohere.chat_v1"),
        ("cohere.generate/plain", "cohere.chat_v1"), ("ollama.generate/plain", "llamacpp.completion"),
        ("huggingface.tgi_generate/stream", "llamacpp.completion"), ("llamacpp.completion/stream", "huggingface.tgi_generate"),
        ("aws.bedrock_invoke_llama/plain", "aws.bedrock_invoke_mistral"), ("aws.bedrock_invoke_mistral/plain", "aws.bedrock_invoke_llama"),
        ("aws.bedrock_invoke_titan/plain", "aws.bedrock_invoke_llama"), ("cohere.generate/bedrock", "aws.bedrock_invoke_mistral"),
        ("anthropic.messages/bedrock_invoke", "aws.bedrock_invoke_llama"),
        ("anthropic.count_tokens/plain", "anthropic.messages"), ("anthropic.messages/plain", "anthropic.count_tokens"),
        ("anthropic.count_tokens/plain", "openai.chat_completions"), ("openai.chat_completions/plain", "anthropic.count_tokens"),
    ])
    func mapsAheadOfItsLookAlike(name: String, lookAlike: String) throws {
        let exchange = FixtureSamples.exchange(name)
        let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: exchange.path, model: exchange.model)
        #expect(result.schemaID == exchange.api, "\(result.reasons)")
        #expect(result.status == .mapped, "\(result.reasons)")
        let other = try #require(result.candidates.first { $0.id == lookAlike })
        #expect(result.confidence - other.confidence >= MatchThresholds.standard.margin, "\(lookAlike) \(other.confidence)")
    }

    @Test("with its own entry left out of the catalog, an API's exchanges are mapped to no other entry",
          arguments: FixtureSamples.successfulAPIs)
    func unknownToTheCatalogIsMappedToNoOtherEntry(api: String) {
        let full = FixtureSamples.catalog
        let matcher = Matcher(catalog: Catalog(entries: full.entries.filter { $0.id != api }, providers: full.providers))
        for exchange in FixtureSamples.exchanges(api: api) {
            let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: exchange.path, model: exchange.model)
            #expect(result.status != .mapped || result.schemaID == FieldMap.heuristicSchemaID,
                    "\(exchange.name) → \(result.schemaID) \(result.confidence) \(result.reasons)")
        }
    }

    /// `manifest.json`'s `pending` list: recorded exchanges waiting for framing or other work,
    /// each naming what blocks it (`blocked_by`).
    struct PendingList<Item: Decodable>: Decodable { var pending: [Item] }
    struct Blocker: Decodable {
        var blockedBy: String
        enum CodingKeys: String, CodingKey { case blockedBy = "blocked_by" }
    }

    static let pending: [(exchange: FixtureExchange, blockedBy: String)] = {
        do {
            let data = try Data(contentsOf: FixtureSamples.fixtures.appendingPathComponent("manifest.json"))
            let exchanges = try JSONDecoder().decode(PendingList<FixtureExchange>.self, from: data).pending
            let blockers = try JSONDecoder().decode(PendingList<Blocker>.self, from: data).pending
            return zip(exchanges, blockers).map { ($0, $1.blockedBy) }
        } catch { fatalError("Fixtures/manifest.json pending: \(error)") }
    }()

    static var pendingNames: [String] { pending.map(\.exchange.name) }

    @Test("a pending exchange held back by work outside the matcher maps to its API; one the framer cannot read yet maps to no other API",
          arguments: pendingNames)
    func pendingExchanges(name: String) throws {
        let (exchange, blockedBy) = try #require(Self.pending.first { $0.exchange.name == name })
        let bytes = { (file: String) in try FixtureSamples.manifest.bytes(file) }
        let row = FixtureSamples.Row(
            request: try exchange.request.map(bytes), response: try exchange.response.map(bytes), status: exchange.status,
            requestContentType: exchange.requestContentType, responseContentType: exchange.responseContentType)
        let result = matcher.match(FixtureSamples.shapes([row], model: exchange.model), endpoint: exchange.path, model: exchange.model)
        switch blockedBy {
        case "log_generator", "endpoint_templating":
            #expect(result.schemaID == exchange.api, "\(result.reasons)")
            #expect(result.status == .mapped, "\(result.reasons)")
        default:
            #expect(result.status != .mapped || result.schemaID == exchange.api, "\(result.schemaID) \(result.reasons)")
        }
    }
}
