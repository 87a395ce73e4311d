import Testing
@testable import Catalog

@Suite struct EndpointMatchTests {
    @Test("patterns match templated paths segment by segment, or by a two-literal suffix", arguments: [
        ("/v1/chat/completions", "/v1/chat/completions", CatalogEntry.EndpointMatch.exact),
        ("/v1/chat/completions", "/v1/chat/completions/", .exact),
        ("/v1/chat/completions", "/v1/chat/completions?api-version=2024", .exact),
        ("/v1/chat/completions", "/api/v1/chat/completions", .suffix),
        ("/v1/chat/completions", "/openai/v1/chat/completions", .suffix),
        ("/chat/completions", "/openai/deployments/{deployment}/chat/completions", .suffix),
        ("/openai/deployments/{deployment}/chat/completions", "/openai/deployments/gpt4o-prod/chat/completions", .exact),
        ("/v1beta/models/{model}:generateContent", "/v1beta/models/{model}:generateContent", .exact),
        ("/v1beta/models/{model}:streamGenerateContent", "/v1beta/models/{model}:streamGenerateContent", .exact),
        ("/model/{model}/converse", "/model/{model}:0/converse", .exact),
        ("/api/chat", "/node-3/api/chat", .suffix),
        ("/v1/embeddings", "/proxy/v1/embeddings", .suffix),
    ] as [(String, String, CatalogEntry.EndpointMatch)])
    func matches(pattern: String, path: String, expected: CatalogEntry.EndpointMatch) {
        #expect(CatalogEntry.endpointMatch(pattern: pattern, path: path) == expected)
    }

    @Test("non-matching paths are refused", arguments: [
        ("/v1beta/models/{model}:generateContent", "/v1beta/models/{model}:streamGenerateContent"),
        ("/v1beta/models/{model}:streamGenerateContent", "/v1beta/models/{model}:generateContent"),
        ("/v1beta/models/{model}:generateContent", "/v1beta/models/{model}"),
        ("/v1/chat/completions", "/v1/completions"),
        ("/v1/completions", "/v1/chat/completions"),
        ("/embeddings", "/proxy/embeddings"),
        ("/v1/chat/completions", "/chat/completions"),
        ("/api/chat", "/api/generate"),
        ("/v1/responses", "/v1/responses/{id}"),
        ("/v1/models/literal", "/v1/models/{model}"),
    ])
    func refuses(pattern: String, path: String) {
        #expect(CatalogEntry.endpointMatch(pattern: pattern, path: path) == nil)
    }

    @Test("an entry reports its best match over all its patterns")
    func entryBest() {
        let entry = CatalogEntry(id: "t", title: "t", provider: "p", operation: "chat",
                                 endpoints: ["/v1/chat/completions", "/chat/completions"], fieldMap: FieldMap(schemaID: "t"))
        #expect(entry.endpointMatch("/chat/completions") == .exact)
        #expect(entry.endpointMatch("/openai/v1/chat/completions") == .suffix)
        #expect(entry.matchesEndpoint("/gw/chat/completions"))
        #expect(!entry.matchesEndpoint("/v1/embeddings"))
    }
}
