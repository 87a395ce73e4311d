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

    @Test(arguments: [
        "https://api.openai.com/v1/chat/completions", "https://API.Groq.com:443/openai/v1/chat/completions?x=1",
        "http://user:pw@10.0.0.7:8000/v1/completions#frag", "http://[::1]:8080/v1/embeddings", "http://[::1/x",
        "http://[fe80::1]/x", "http://a@b@c:1/x", "api.anthropic.com/v1/messages", "/v1/messages", "//cdn.example/x?y",
        "https://example.com", "https://example.com?q=1", "https://example.com#top", "", "/", "//", "://", "x://",
        "host:8080", "HOST.Example.COM", "https://h/p://q", "https://h/a@b:c", "ftp://h/%41", "https://h//double//",
        "https://exämple.com/v1", "https://example.com/caf\u{e9}", "/v1/\u{301}x",
    ])
    func byteParseFindsWhatTheGeneralParseFinds(url: String) {
        let general = TargetURL(general: url)
        let parsed = TargetURL(url)
        #expect(parsed.host == general.host)
        #expect(parsed.path == general.path)
        if let fast = TargetURL.ascii(url) { #expect(fast == general) }
    }

    @Test func nonASCIIURLsTakeTheGeneralParse() {
        #expect(TargetURL.ascii("https://exämple.com/v1") == nil)
        #expect(TargetURL("https://EXÄMPLE.com/v1").host == "exämple.com")
    }
}
