import Dispatch
import Foundation
import Testing
@testable import Catalog

@Suite struct ProviderLookupsTests {
    static let hosts = [
        "api.openai.com", "API.OpenAI.com:443", "https://api.openai.com/v1/chat", "myres.openai.azure.com",
        "evil-openrouter.ai", "bedrock-runtime.us-east-1.amazonaws.com", "us-central1-aiplatform.googleapis.com",
        "llm.acme.co.uk:8443", "localhost:11434", "[::1]:8080", "caf\u{E9}:8080", "cafe\u{301}:8080", "",
    ]

    @Test("each host gets the directory's own answer, asked once or again", arguments: hosts)
    func sameAnswers(host: String) {
        let lookups = ProviderLookups(ProviderDirectoryTests.directory)
        let expected = ProviderDirectoryTests.directory.provider(forHost: host)
        for _ in 0..<2 {
            let found = lookups.provider(forHost: host)
            #expect(found.name == expected.name)
            #expect(Array(found.name.utf8) == Array(expected.name.utf8))
            #expect(found.approved == expected.approved)
        }
        #expect(lookups.count == 1)
    }

    @Test("canonically equivalent spellings of a host are remembered apart, each keeping its bytes")
    func spellingsApart() {
        let lookups = ProviderLookups(ProviderDirectoryTests.directory)
        let composed = lookups.provider(forHost: "caf\u{E9}:8080")
        let decomposed = lookups.provider(forHost: "cafe\u{301}:8080")
        #expect(Array(composed.name.utf8) == Array("caf\u{E9}".utf8))
        #expect(Array(decomposed.name.utf8) == Array("cafe\u{301}".utf8))
        #expect(lookups.count == 2)
    }

    @Test("stays within its capacity, and threads sharing it all get the directory's answers")
    func boundedAndShared() {
        let lookups = ProviderLookups(ProviderDirectoryTests.directory, capacity: 4)
        let expected = Self.hosts.map { ProviderDirectoryTests.directory.provider(forHost: $0) }
        let wrong = Counter()
        DispatchQueue.concurrentPerform(iterations: Self.hosts.count * 8) { index in
            let host = Self.hosts[index % Self.hosts.count]
            let found = lookups.provider(forHost: host)
            let want = expected[index % Self.hosts.count]
            if found.name != want.name || found.approved != want.approved { wrong.add() }
        }
        #expect(wrong.value == 0)
        #expect(lookups.count <= 4)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
