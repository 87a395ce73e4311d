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
}
