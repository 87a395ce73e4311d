import TestSupport
import Foundation
import Testing
@testable import Catalog

/// The catalog shipped in `schemas/`.
let shippedCatalogDirectory = Repository.schemas

@Suite struct CatalogTests {
    let catalog: Catalog

    /// Loaded once for the whole suite.
    static let shipped = Result { () throws(CatalogError) in try Catalog.load(directory: shippedCatalogDirectory) }

    init() throws {
        catalog = try Self.shipped.get()
    }

    @Test("token roles state their convention, and cache roles agree with the input count")
    func tokenConventions() {
        for entry in catalog.entries {
            let map = entry.fieldMap
            for role in [Role.inputTokens, .streamInputTokens] {
                guard let binding = map[role] else { continue }
                #expect(binding.tokens == .includesCached || binding.tokens == .excludesCached, "\(entry.id) \(role)")
            }
            let input = map[.inputTokens]?.tokens
            for role in [Role.cacheReadTokens, .cacheCreationTokens] {
                guard let cache = map[role]?.tokens else { continue }
                #expect(cache == (input == .excludesCached ? .separate : .subsetOfInput), "\(entry.id) \(role)")
            }
            if let reasoning = map[.reasoningTokens] {
                #expect(reasoning.tokens == .subsetOfOutput || reasoning.tokens == .separate, "\(entry.id)")
            }
        }
    }

    @Test("the shipped catalog loads and every entry has request and response schemas")
    func loads() throws {
        #expect(!catalog.entries.isEmpty)
        #expect(catalog.entries.map(\.id) == catalog.entries.map(\.id).sorted())
        for entry in catalog.entries {
            #expect(entry.request != nil, "\(entry.id) has no request schema")
            #expect(entry.response != nil, "\(entry.id) has no response schema")
            #expect(entry.error != nil, "\(entry.id) has no error schema")
            #expect(!entry.endpoints.isEmpty, "\(entry.id) has no endpoints")
            #expect(entry.fieldMap.schemaID == entry.id)
            #expect(entry.sourcePath.hasSuffix("/\(entry.id).json"))
        }
    }

    @Test("an entry's map reads forms and plain-text answers only where the entry declares them")
    func declaredFormsAndPlainText() throws {
        for entry in catalog.entries {
            let declaresForms = entry.id == "openai.audio_transcriptions"
            #expect(entry.fieldMap.requestForms == declaresForms, "\(entry.id)")
            #expect((entry.fieldMap.plainText != nil) == !entry.plainText.isEmpty, "\(entry.id)")
        }
        let transcriptions = try #require(catalog.entry(id: "openai.audio_transcriptions"))
        #expect(transcriptions.fieldMap.plainText?.request.values.first == ["text", "srt", "vtt"])
        // A stored version 1 map keeps version 1's implicit rules.
        let chat = try #require(catalog.entry(id: "openai.chat_completions")).fieldMap
        var stored = chat
        stored.version = 1
        stored.plainText = nil
        let upgraded = stored.upgradedFromVersion1()
        #expect(upgraded.requestForms && upgraded.plainText != nil)
    }

    static let requiredIDs = [
        "anthropic.count_tokens", "anthropic.messages", "aws.bedrock_converse", "aws.bedrock_invoke_llama", "aws.bedrock_invoke_mistral",
        "aws.bedrock_invoke_titan", "cohere.chat_v1", "cohere.chat_v2", "cohere.embed", "cohere.generate", "cohere.rerank",
        "google.batch_embed_contents", "google.embed_content", "google.generate_content", "huggingface.tgi_generate",
        "llamacpp.completion", "mistral.fim_completions", "ollama.chat", "ollama.generate", "openai.audio_transcriptions",
        "openai.chat_completions", "openai.completions", "openai.embeddings", "openai.images_generations",
        "openai.moderations", "openai.responses", "voyage.rerank",
    ]

    @Test("the shipped catalog holds every API the gateway reads")
    func requiredEntries() {
        #expect(Set(catalog.entries.map(\.id)).isSuperset(of: Self.requiredIDs))
    }

    @Test("real endpoint paths find their entry", arguments: [
        ("/v1/chat/completions", "openai.chat_completions"),
        ("/openai/deployments/{deployment}/chat/completions", "openai.chat_completions"),
        ("/api/v1/chat/completions", "openai.chat_completions"),
        ("/v1/completions", "openai.completions"),
        ("/v1/embeddings", "openai.embeddings"),
        ("/v1/responses", "openai.responses"),
        ("/v1/audio/transcriptions", "openai.audio_transcriptions"),
        ("/v1/images/generations", "openai.images_generations"),
        ("/v1/messages", "anthropic.messages"),
        ("/v1beta/models/{model}:generateContent", "google.generate_content"),
        ("/v1beta/models/{model}:streamGenerateContent", "google.generate_content"),
        ("/v1/projects/acme/locations/us-central1/publishers/google/models/{model}:generateContent", "google.generate_content"),
        ("/v2/chat", "cohere.chat_v2"),
        ("/v2/embed", "cohere.embed"),
        ("/v2/rerank", "cohere.rerank"),
        ("/api/chat", "ollama.chat"),
        ("/api/generate", "ollama.generate"),
        ("/model/{model}/converse", "aws.bedrock_converse"),
        ("/model/{model}/converse-stream", "aws.bedrock_converse"),
        ("/v1/chat", "cohere.chat_v1"),
        ("/v1/generate", "cohere.generate"),
        ("/generate", "huggingface.tgi_generate"),
        ("/generate_stream", "huggingface.tgi_generate"),
        ("/completion", "llamacpp.completion"),
        ("/v1beta/models/{model}:embedContent", "google.embed_content"),
        ("/v1beta/models/{model}:batchEmbedContents", "google.batch_embed_contents"),
        ("/v1/fim/completions", "mistral.fim_completions"),
        ("/v1/moderations", "openai.moderations"),
    ])

    func endpointLookup(path: String, id: String) {
        let found = catalog.entries(matchingEndpoint: path).map(\.id)
        #expect(found.first == id, "\(path) → \(found)")
    }

    @Test("Bedrock InvokeModel serves several native bodies on one path: every entry that speaks one lists it",
          arguments: ["anthropic.messages", "aws.bedrock_invoke_llama", "aws.bedrock_invoke_mistral", "aws.bedrock_invoke_titan", "cohere.generate"])
    func bedrockInvokeEntries(id: String) {
        #expect(catalog.entries(matchingEndpoint: "/model/{model}/invoke").map(\.id).contains(id))
    }

    @Test("raw finish reasons canonicalise per API", arguments: [
        ("anthropic.messages", "end_turn", "stop"), ("anthropic.messages", "max_tokens", "length"),
        ("anthropic.messages", "tool_use", "tool_call"), ("anthropic.messages", "refusal", "content_filter"),
        ("anthropic.messages", "pause_turn", "stop"), ("anthropic.messages", "stop_sequence", "stop"),
        ("google.generate_content", "STOP", "stop"), ("google.generate_content", "MAX_TOKENS", "length"),
        ("google.generate_content", "SAFETY", "content_filter"), ("google.generate_content", "RECITATION", "content_filter"),
        ("google.generate_content", "PROHIBITED_CONTENT", "content_filter"), ("google.generate_content", "MALFORMED_FUNCTION_CALL", "error"),
        ("aws.bedrock_converse", "guardrail_intervened", "content_filter"), ("aws.bedrock_converse", "content_filtered", "content_filter"),
        ("aws.bedrock_converse", "tool_use", "tool_call"),
        ("cohere.chat_v2", "COMPLETE", "stop"), ("cohere.chat_v2", "MAX_TOKENS", "length"), ("cohere.chat_v2", "TOOL_CALL", "tool_call"),
        ("cohere.chat_v2", "ERROR", "error"), ("cohere.chat_v2", "complete", "stop"),
        ("openai.chat_completions", "tool_calls", "tool_call"), ("openai.chat_completions", "function_call", "tool_call"),
        ("openai.responses", "max_output_tokens", "length"), ("ollama.chat", "length", "length"),
    ])
    func finishReasonPerAPI(id: String, raw: String, canonical: String) throws {
        let entry = try #require(catalog.entry(id: id))
        #expect(entry.canonicalFinishReason(raw) == canonical)
    }

    @Test("every entry binds the core roles")
    func coreRoles() throws {
        for entry in catalog.entries {
            for role in [Role.requestModel, .errorMessage] where !Self.modelInURL.contains(entry.id) || role != .requestModel {
                #expect(entry.binding(for: role) != nil, "\(entry.id) lacks \(role)")
            }
            if Self.generative.contains(entry.operation) {
                for role in [Role.inputMessages, .outputText, .inputTokens, .outputTokens, .responseFinishReasons]
                    where !(Self.tokensOutsideBody[entry.id]?.contains(role) ?? false) {
                    #expect(entry.binding(for: role) != nil, "\(entry.id) lacks \(role)")
                }
                #expect(!entry.fieldMap.finishReasons.isEmpty, "\(entry.id) has no finish reasons")
            }
        }
    }

    /// APIs whose model is in the URL, not the body (or nowhere: a TGI server serves one model).
    static let modelInURL: Set<String> = [
        "google.generate_content", "google.embed_content", "google.batch_embed_contents", "aws.bedrock_converse",
        "aws.bedrock_invoke_llama", "aws.bedrock_invoke_mistral", "aws.bedrock_invoke_titan", "huggingface.tgi_generate",
    ]
    /// Generative APIs whose plain response body carries no count for a token role (Bedrock reports them in
    /// `X-Amzn-Bedrock-*-Token-Count` headers; TGI's input count is in its stream's last event only).
    static let tokensOutsideBody: [String: Set<Role>] = [
        "aws.bedrock_invoke_mistral": [.inputTokens, .outputTokens],
        "huggingface.tgi_generate": [.inputTokens],
    ]
    static let generative: Set<String> = ["chat", "text_completion", "generate_content"]

    @Test("every role path is declared by the schema of the body it reads")
    func rolePathsResolve() throws {
        for entry in catalog.entries {
            for (name, binding) in entry.fieldMap.roles where binding.body.isLogged {
                let schemas: [(String, SchemaNode)]
                if binding.body == .responseStream {
                    schemas = binding.event == "*"
                        ? entry.streamEvents.map { ($0.key, $0.value) }
                        : [(binding.event!, try #require(entry.streamEvents[binding.event!]))]
                } else {
                    schemas = [(binding.body.rawValue, try #require(entry.schema(for: binding.body)))]
                }
                for path in binding.paths {
                    let found = schemas.compactMap { $0.1.node(at: path) }
                    #expect(!found.isEmpty, "\(entry.id): \(name) path \(path) not in \(schemas.map(\.0))")
                    for (key, relatives) in binding.item ?? [:] {
                        for relative in relatives {
                            let element = path.components.last == .wildcard ? found : found.flatMap(Self.elements)
                            #expect(element.contains { $0.node(at: relative) != nil },
                                    "\(entry.id): \(name) item \(key) \(relative) not in the element of \(path)")
                        }
                    }
                }
            }
        }
    }

    /// The nodes one element of an array-valued node can be: its items, its alternatives' items,
    /// or the node itself when it is not an array (a lone message, a system string or object).
    static func elements(of node: SchemaNode) -> [SchemaNode] {
        let items = [node.items].compactMap { $0 } + node.alternatives.compactMap(\.items)
        return items + [node] + node.alternatives
    }

    @Test("identifying constants agree with the schemas' enum or const values")
    func identifyAgreesWithSchemas() throws {
        for entry in catalog.entries {
            for (kind, constants) in entry.identify {
                for (path, values) in constants {
                    let nodes: [SchemaNode] = kind == .responseStream
                        ? Array(entry.streamEvents.values) : [try #require(entry.schema(for: kind))]
                    let allowed = Set(nodes.compactMap { $0.node(at: path)?.allowedStrings }.joined())
                    #expect(Set(values).isSubset(of: allowed), "\(entry.id) identify \(kind) \(path): \(values) vs \(allowed.sorted())")
                }
            }
        }
    }

    @Test("finish reason maps name only canonical values")
    func finishReasons() {
        for entry in catalog.entries {
            for value in entry.fieldMap.finishReasons.values {
                #expect(FieldMap.canonicalFinishReasons.contains(value))
            }
        }
    }

    @Test("entry lookup and endpoint lookup")
    func lookup() throws {
        let chat = try #require(catalog.entry(id: "openai.chat_completions"))
        #expect(chat.provider == "openai")
        #expect(catalog.entry(id: "nope") == nil)
        #expect(catalog.entries(matchingEndpoint: "/v1/chat/completions").first?.id == "openai.chat_completions")
        #expect(chat.canonicalFinishReason("tool_calls") == "tool_call")
    }

    @Test("the shipped provider table holds the product's approved domains")
    func providers() {
        let table: [(String, String)] = [
            ("api.openai.com", "openai"), ("api.anthropic.com", "anthropic"), ("api.together.xyz", "together"),
            ("myres.openai.azure.com", "azure.ai.openai"), ("api.endpoints.anyscale.com", "anyscale"),
            ("gateway.ai.cloudflare.com", "cloudflare"), ("api.lemonfox.ai", "lemonfox"), ("api.fireworks.ai", "fireworks"),
            ("api.perplexity.ai", "perplexity"), ("openrouter.ai", "openrouter"), ("api.groq.com", "groq"),
            ("api.mistral.ai", "mistral_ai"),
        ]
        for (host, name) in table {
            let result = catalog.providers.provider(forHost: host)
            #expect(result.name == name && result.approved, "\(host)")
        }
        #expect(catalog.providers.approved.count == table.count)
        let google = catalog.providers.provider(forHost: "generativelanguage.googleapis.com")
        #expect(google.name == "google" && !google.approved)
        #expect(catalog.providers.provider(forHost: "api.cohere.ai").name == "cohere")
        #expect(catalog.providers.provider(forHost: "bedrock-runtime.eu-west-1.amazonaws.com").name == "aws.bedrock")
        let unknown = catalog.providers.provider(forHost: "ollama-7.internal:11434")
        #expect(unknown.name == "ollama-7" && !unknown.approved)
    }
}

@Suite struct CatalogNamedValuesTests {
    @Test func theCatalogNamesItsConstantsFinishReasonsAndEventNames() throws {
        let catalog = try Catalog.builtin()
        let named = catalog.namedValues
        for value in ["chat.completion", "chat.completion.chunk", "end_turn", "tool_use", "stop", "assistant", "message_start", "content_block_delta"] {
            #expect(named.contains(value), "\(value)")
        }
        #expect(!named.contains("Hello"))
    }
}
