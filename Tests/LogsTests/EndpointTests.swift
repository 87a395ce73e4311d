import Testing
@testable import Logs

@Suite struct EndpointTests {
    @Test(arguments: [
        ("/v1/chat/completions", "gpt-4o", "/v1/chat/completions"),
        ("/v1beta/models/gemini-1.5-flash:generateContent", "gemini-1.5-flash", "/v1beta/models/{model}:generateContent"),
        ("/v1beta/models/gemini-1.5-flash:streamGenerateContent", "gemini-1.5-flash", "/v1beta/models/{model}:streamGenerateContent"),
        ("/v1beta/models/gemini-2.0-pro:generateContent", nil, "/v1beta/models/{model}:generateContent"),
        ("/v1beta/models%2Fgemini-1.5-flash:generateContent", "gemini-1.5-flash", "/v1beta/{model}:generateContent"),
        ("/model/anthropic.claude-3-haiku-20240307-v1:0/converse", "anthropic.claude-3-haiku-20240307-v1:0", "/model/{model}/converse"),
        ("/model/meta.llama3-8b-instruct-v1:0/converse", nil, "/model/{model}/converse"),
        ("/openai/deployments/gpt4o-prod/chat/completions", "gpt-4o", "/openai/deployments/{deployment}/chat/completions"),
        ("/api/chat", "llama3.1:8b", "/api/chat"),
        ("/v1/models", nil, "/v1/models"),
        ("/v1/responses/resp_67cb71b351908190a308f3859487620d", "gpt-4o", "/v1/responses/{id}"),
        ("/v1/threads/123456/messages", "gpt-4o", "/v1/threads/{id}/messages"),
        ("/v1/files/0b8a2f3c-3d0e-4a8c-9d3e-7c1f2b3a4d5e/content", nil, "/v1/files/{id}/content"),
    ] as [(String, String?, String)])
    func templatesModelsAndIdentifiers(path: String, model: String?, expected: String) {
        #expect(Endpoint.template(path: path, model: model) == expected)
    }

    @Test(arguments: [
        ("/v1beta/models/gemini-1.5-flash:generateContent", "gemini-1.5-flash"),
        ("/model/anthropic.claude-3-haiku-20240307-v1:0/converse", "anthropic.claude-3-haiku-20240307-v1:0"),
        ("/openai/deployments/gpt4o-prod/chat/completions", "gpt4o-prod"),
        ("/v1/models", nil),
        ("/v1/chat/completions", nil),
    ] as [(String, String?)])
    func findsTheModelNamedByAPath(path: String, model: String?) {
        #expect(Endpoint.modelInPath(path) == model)
    }

    @Test func oneKeyCollectsTheSameAPIAcrossHosts() {
        let hosts = ["http://ollama-node-1.lan:11434", "http://ollama-node-7.lan:11434"]
        let endpoints = Set(hosts.map { Endpoint.template(path: TargetURL($0 + "/api/chat").path, model: "llama3.1:8b") })
        #expect(endpoints == ["/api/chat"])
    }

    /// Paths the byte-level rules take, and some they hand to the general path (`%`, non-ASCII).
    static let paths = [
        "/v1/chat/completions", "", "/", "//", "v1/chat", "/v1//chat///completions/", "/api/chat",
        "/v1beta/models/gemini-1.5-flash:generateContent", "/v1beta/models/gemini-1.5-flash:streamGenerateContent",
        "/v1beta/MODELS/gemini-2.0-pro:generateContent", "/v1beta/Models/x:ab", "/v1beta/models/x:abc",
        "/v1beta/models/gemini:generate-content", "/v1beta/models/:generateContent", "/v1beta/models/a::bcd",
        "/v1beta/models/gemini-1.5-flash", "/v1beta/tunedModels/my-tune:generateContent", "/engines/davinci/completions",
        "/model/anthropic.claude-3-haiku-20240307-v1:0/converse", "/model/meta.llama3-8b-instruct-v1:0/converse",
        "/openai/deployments/gpt4o-prod/chat/completions", "/openai/DEPLOYMENTS/gpt4o-prod", "/openai/deployments/x:abc",
        "/v1/models", "/v1/models/gpt-4o", "/v1/responses/resp_67cb71b351908190a308f3859487620d",
        "/v1/threads/123456/messages", "/v1/files/0b8a2f3c-3d0e-4a8c-9d3e-7c1f2b3a4d5e/content",
        "/v1/threads/thread_abc123def456/runs:cancel", "/v1/gpt-4o/chat", "/v1/gpt-4o:stream/chat", "/x/gpt-4o:s",
        "/v1beta/models%2Fgemini-1.5-flash:generateContent", "/v1/caf%C3%A9/chat", "/v1/café/chat", "/v1/ｍodels/x:abc",
        "/v1/\r\n/chat",
    ]
    static let models: [String?] = [nil, "", "gpt-4o", "gemini-1.5-flash", "x", "gpt4o-prod", "anthropic.claude-3-haiku-20240307-v1:0", "café", "\u{212A}"]

    @Test(arguments: paths, models)
    func byteRulesTemplateAsTheGeneralRulesDo(path: String, model: String?) {
        #expect(Endpoint.template(path: path, model: model) == Endpoint.generalTemplate(path: path, model: model))
        if let fast = Endpoint.asciiTemplate(path: path, model: model) {
            #expect(fast == Endpoint.generalTemplate(path: path, model: model))
        }
    }

    @Test(arguments: paths)
    func byteRulesFindTheModelInAPathAsTheGeneralRulesDo(path: String) {
        #expect(Endpoint.modelInPath(path) == Endpoint.generalModelInPath(path))
        if let fast = Endpoint.asciiModelInPath(path) { #expect(fast == Endpoint.generalModelInPath(path)) }
    }

    @Test(arguments: ["/v1/caf%C3%A9/chat", "/v1/café/chat", "/models%2Fx:abc"])
    func textThatIsNotPlainASCIITakesTheGeneralRules(path: String) {
        #expect(Endpoint.asciiTemplate(path: path, model: nil) == nil)
        #expect(Endpoint.asciiModelInPath(path) == nil)
    }

    @Test func aNonASCIIModelTakesTheGeneralRules() {
        // U+212A KELVIN SIGN is canonically equivalent to "K": `String` equality says so, bytes do not.
        #expect(Endpoint.asciiTemplate(path: "/v1/K/chat", model: "\u{212A}") == nil)
        #expect(Endpoint.template(path: "/v1/K/chat", model: "\u{212A}") == "/v1/{model}/chat")
    }
}
