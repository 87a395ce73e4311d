import Catalog
import Foundation
@testable import Matches
import Shapes
import Testing

@Suite("Defining paths")
struct DefiningPathsTests {
    static func labels(_ id: String) throws -> Set<String> {
        let entry = try #require(FixtureSamples.catalog.entry(id: id))
        return Set(DefiningPaths(entry).paths.map(\.label))
    }

    @Test("an entry's defining paths are its required containers, the required members of its required arrays and the content its roles read")
    func definingPathsComeFromTheSchema() throws {
        #expect(try Self.labels("openai.embeddings") == [
            "request $.input", "response $.data", "response $.data[*].index", "response $.data[*].embedding",
        ])
        let chat = try Self.labels("openai.chat_completions")
        #expect(chat.isSuperset(of: ["request $.messages", "response $.choices", "response $.choices[*].message", "response_stream message $.choices"]))
        let rerank = try Self.labels("voyage.rerank")
        #expect(rerank.isSuperset(of: ["request $.documents", "response $.data", "response $.data[*].relevance_score"]))
        // A required scalar no role reads as content (the query) is not defining.
        #expect(!rerank.contains("request $.query"))
        #expect(try Self.labels("mistral.fim_completions").contains("request $.prompt"))
    }

    @Test("tags, the model, ids, finish reasons and token counts never define an API: hosts and clients move or drop them")
    func callMetadataIsNotDefining() throws {
        let chat = try Self.labels("openai.chat_completions")
        for label in ["request $.model", "response $.model", "response $.id", "response $.object", "response $.choices[*].finish_reason"] {
            #expect(!chat.contains(label), "\(label)")
        }
        #expect(try !Self.labels("openai.embeddings").contains("response $.data[*].object"))
        #expect(try !Self.labels("aws.bedrock_invoke_titan").contains("response $.inputTextTokenCount"))
    }

    @Test("a body whose defining path is absent keeps at most half its score, is never mapped to that entry, and the reason names the path")
    func absentDefiningPathCapsTheScore() throws {
        let full = FixtureSamples.catalog
        let catalog = Catalog(entries: full.entries.filter { $0.id != "voyage.rerank" }, providers: full.providers)
        let rerank = FixtureSamples.exchange("voyage.rerank/plain")
        let shapes = FixtureSamples.shapes(of: [rerank])
        let matcher = Matcher(catalog: catalog)
        let result = matcher.match(shapes, endpoint: rerank.path, model: rerank.model)
        // By structure alone it may be: a rerank's lone usage total is its input count.
        #expect(result.status != .mapped || result.schemaID == FieldMap.heuristicSchemaID, "\(result.schemaID) \(result.reasons)")
        let embeddings = try #require(matcher.candidates(shapes: shapes.shapes, endpoint: rerank.path, model: rerank.model).first { $0.id == "openai.embeddings" })
        #expect(embeddings.confidence <= 0.5)
        let line = try #require(embeddings.reasons.first { $0.hasPrefix("paths that define openai.embeddings absent") })
        #expect(line.contains("response $.data[*].embedding (0%)"), "\(line)")
    }

    @Test("a response wrapped in a list (the HF Inference API's) carries the paths its schema's items require")
    func wrappedResponsesCarryTheirPaths() throws {
        let entry = try #require(FixtureSamples.catalog.entry(id: "huggingface.tgi_generate"))
        let exchange = FixtureSamples.exchange("huggingface.tgi_generate/plain")
        let wrapped = FixtureSamples.Row(
            request: FixtureSamples.bytes(exchange.request!), response: Array("[".utf8) + FixtureSamples.bytes(exchange.response!) + Array("]".utf8),
            status: 200)
        let shapes = FixtureSamples.shapes([wrapped], model: exchange.model)
        let input = MatchInput(shapes: shapes.shapes, endpoint: exchange.path, model: exchange.model)
        let presence = DefiningPaths(entry).presence(in: input, views: MatchViews(input, names: PropertyNames([:])))
        #expect(presence.presence == 1, "\(presence.short)")
    }
}
