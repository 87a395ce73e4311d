import Logs
import Testing
@testable import Sampling

@Suite struct TargetCacheTests {
    static let urls: [(String, String)] = [
        ("https://api.openai.com/v1/chat/completions", "gpt-4o"),
        ("https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:streamGenerateContent?alt=sse", "gemini-1.5-flash"),
        ("https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1:0/converse", "anthropic.claude-3-haiku-20240307-v1:0"),
        ("https://corp.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-06-01", "gpt-4o"),
        ("http://ollama-node-1.lan:11434/api/chat", "llama3.1:8b"),
        ("/v1/responses/resp_67cb71b351908190a308f3859487620d", "gpt-4o"),
        ("", "gpt-4o"),
    ]

    @Test(arguments: urls)
    func resolvesAsParsingEveryRowWould(url: String, model: String) {
        var cache = TargetCache()
        let target = TargetURL(url)
        let expected = TargetCache.Resolved(
            host: target.host, path: target.path, endpoint: Endpoint.template(path: target.path, model: model))
        // First call computes, the second is served from the table: both as the parser says.
        #expect(cache.resolve(url, model: model) == expected)
        #expect(cache.resolve(url, model: model) == expected)
        #expect(cache.parsed(url).modelInPath == Endpoint.modelInPath(target.path))
        #expect(cache.endpoints.count == 1)
        #expect(cache.urls.count == 1)
    }

    @Test func theSameURLIsTemplatedPerModel() {
        var cache = TargetCache()
        let url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent"
        #expect(cache.resolve(url, model: "gemini-1.5-flash").endpoint == "/v1beta/models/{model}:generateContent")
        // Another model on the same URL: the path still names a model, templated the same way
        // here, but computed for that model rather than reused.
        #expect(cache.resolve(url, model: "other") == TargetCache.Resolved(
            host: "generativelanguage.googleapis.com", path: "/v1beta/models/gemini-1.5-flash:generateContent",
            endpoint: Endpoint.template(path: "/v1beta/models/gemini-1.5-flash:generateContent", model: "other")))
        #expect(cache.endpoints.count == 2)
        #expect(cache.urls.count == 1)
    }

    @Test func staysWithinItsCapacityWhenEveryURLIsNew() {
        var cache = TargetCache(capacity: 8)
        for id in 0..<100 {
            let resolved = cache.resolve("https://api.example.com/v1/threads/\(100_000 + id)/messages", model: "m")
            #expect(resolved.endpoint == "/v1/threads/{id}/messages")
            #expect(resolved.host == "api.example.com")
            #expect(cache.urls.count <= 8)
            #expect(cache.endpoints.count <= 8)
        }
    }
}
