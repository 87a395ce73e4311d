import Testing
@testable import Logs

@Suite struct TargetURLTests {
    @Test(arguments: [
        ("https://api.openai.com/v1/chat/completions", "api.openai.com", "/v1/chat/completions"),
        ("https://API.Groq.com:443/openai/v1/chat/completions?x=1", "api.groq.com", "/openai/v1/chat/completions"),
        ("http://ollama-node-1.lan:11434/api/chat", "ollama-node-1.lan", "/api/chat"),
        ("http://user:pw@10.0.0.7:8000/v1/completions#frag", "10.0.0.7", "/v1/completions"),
        ("http://[::1]:8080/v1/embeddings", "[::1]", "/v1/embeddings"),
        ("api.anthropic.com/v1/messages", "api.anthropic.com", "/v1/messages"),
        ("/v1/messages", "", "/v1/messages"),
        ("https://example.com", "example.com", "/"),
        ("", "", "/"),
    ])
    func parsesHostAndPath(url: String, host: String, path: String) {
        let parsed = TargetURL(url)
        #expect(parsed.host == host)
        #expect(parsed.path == path)
    }
}
