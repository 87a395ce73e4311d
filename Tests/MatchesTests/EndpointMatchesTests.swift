import Catalog
import Dispatch
import Testing
@testable import Matches

@Suite("EndpointMatches")
struct EndpointMatchesTests {
    static let endpoints = [
        "/v1/chat/completions", "/v1beta/models/{model}:generateContent", "/v1beta/models/{model}:streamGenerateContent",
        "/model/{model}/converse", "/openai/deployments/{deployment}/chat/completions", "/api/chat", "/api/generate",
        "/v1/embeddings", "/proxy/openai/v1/embeddings", "/embeddings", "/v1/messages", "/v1/responses/{id}", "/", "",
    ]

    @Test("each entry's match is the one the entry computes itself", arguments: endpoints)
    func matchesTheEntries(endpoint: String) {
        let entries = FixtureSamples.catalog.entries
        let memo = EndpointMatches(entries: entries)
        let expected = entries.map { $0.endpointMatch(endpoint) }
        #expect(memo.matches(endpoint) == expected)
        #expect(memo.matches(endpoint) == expected)
        #expect(memo.count == 1)
    }

    @Test("stays within its capacity, and threads sharing it all get the same answers")
    func boundedAndShared() {
        let entries = FixtureSamples.catalog.entries
        let memo = EndpointMatches(entries: entries, capacity: 4)
        let expected = Self.endpoints.map { endpoint in entries.map { $0.endpointMatch(endpoint) } }
        let results = Results(count: Self.endpoints.count * 8)
        DispatchQueue.concurrentPerform(iterations: Self.endpoints.count * 8) { index in
            let position = index % Self.endpoints.count
            results.set(index, memo.matches(Self.endpoints[position]) == expected[position])
        }
        #expect(results.all)
        #expect(memo.count <= 4)
    }

    /// Flags written by concurrent iterations, one slot each.
    final class Results: @unchecked Sendable {
        private var flags: [Bool]
        private let lock = SemaphoreLock()
        init(count: Int) { flags = Array(repeating: false, count: count) }
        func set(_ index: Int, _ value: Bool) { lock.run { flags[index] = value } }
        var all: Bool { lock.run { flags.allSatisfy { $0 } } }
    }

    /// A lock from Dispatch (the test target does not import Foundation).
    final class SemaphoreLock: @unchecked Sendable {
        private let semaphore = DispatchSemaphore(value: 1)
        func run<T>(_ body: () -> T) -> T {
            semaphore.wait()
            defer { semaphore.signal() }
            return body()
        }
    }
}
