import Testing
@testable import Catalog

@Suite struct ProviderDirectoryTests {
    static let directory = ProviderDirectory(
        approved: [.init(provider: "openai", domains: ["api.openai.com"]),
                   .init(provider: "azure.ai.openai", domains: ["openai.azure.com"]),
                   .init(provider: "openrouter", domains: ["openrouter.ai"])],
        known: [.init(provider: "aws.bedrock", domains: ["bedrock-runtime.*.amazonaws.com"]),
                .init(provider: "google", domains: ["*-aiplatform.googleapis.com", "generativelanguage.googleapis.com"])])

    @Test("hosts resolve to a provider and approval", arguments: [
        ("api.openai.com", "openai", true),
        ("API.OpenAI.com:443", "openai", true),
        ("api.openai.com.", "openai", true),
        ("https://api.openai.com/v1/chat", "openai", true),
        ("myres.openai.azure.com", "azure.ai.openai", true),
        ("openrouter.ai", "openrouter", true),
        ("evil-openrouter.ai", "evil-openrouter", false),
        ("api.openai.com.evil.net", "evil", false),
        ("bedrock-runtime.us-east-1.amazonaws.com", "aws.bedrock", false),
        ("us-central1-aiplatform.googleapis.com", "google", false),
        ("generativelanguage.googleapis.com", "google", false),
        ("api.deepinfra.com", "deepinfra", false),
        ("llm.acme.co.uk:8443", "acme", false),
        ("10.0.0.7:11434", "10.0.0.7", false),
        ("localhost:11434", "localhost", false),
        ("[::1]:8080", "::1", false),
    ])
    func resolves(host: String, name: String, approved: Bool) {
        let result = Self.directory.provider(forHost: host)
        #expect(result.name == name)
        #expect(result.approved == approved)
    }
}
