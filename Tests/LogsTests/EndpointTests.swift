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

    @Test(arguments: [
        ("/hf-inference/models/google/flan-t5-xxl", "google/flan-t5-xxl", "/hf-inference/models/{model}"),
        ("/models/meta-llama/Llama-3.1-8B-Instruct/v1/chat/completions", "meta-llama/Llama-3.1-8B-Instruct",
         "/models/{model}/v1/chat/completions"),
        ("/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0/converse",
         "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0", "/model/{model}/converse"),
        ("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse",
         "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0", "/model/{model}/converse"),
        ("/model/us.anthropic.claude-3-5-haiku-20241022-v1:0/invoke", "us.anthropic.claude-3-5-haiku-20241022-v1:0", "/model/{model}/invoke"),
        ("/v1/publishers/anthropic/models/claude-3-5-sonnet@20240620:streamRawPredict", "claude-3-5-sonnet@20240620",
         "/v1/publishers/anthropic/models/{model}:streamRawPredict"),
        ("/v1beta/models/google/gemma-2:generateContent", "google/gemma-2", "/v1beta/models/{model}:generateContent"),
    ] as [(String, String?, String)])
    func aModelIdWithSlashesColonsOrAtSignsIsOneKey(path: String, model: String?, expected: String) {
        #expect(Endpoint.template(path: path, model: model) == expected)
    }

    @Test func aPathNamesAKnownModelWithSlashesWholeAndFallsBackToOneSegment() {
        let path = "/hf-inference/models/google/flan-t5-xxl"
        #expect(Endpoint.modelInPath(path, known: ["google/flan-t5-xxl", "gpt-4o"]) == "google/flan-t5-xxl")
        #expect(Endpoint.modelInPath("/v1beta/models/google/gemma-2:generateContent", known: ["google/gemma-2"]) == "google/gemma-2")
        #expect(Endpoint.modelInPath(path) == "google", "without the known model, the segment after models/")
    }

    @Test func oneKeyCollectsTheSameAPIAcrossHosts() {
        let hosts = ["http://ollama-node-1.lan:11434", "http://ollama-node-7.lan:11434"]
        let endpoints = Set(hosts.map { Endpoint.template(path: TargetURL($0 + "/api/chat").path, model: "llama3.1:8b") })
        #expect(endpoints == ["/api/chat"])
    }
}
