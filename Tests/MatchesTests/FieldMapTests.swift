import Catalog
import Matches
import Shapes
import Testing

/// The field map of a catalog match: every role of the entry, the paths the samples show first.
@Suite("Matched field map")
struct FieldMapTests {
    let matcher = Matcher(catalog: FixtureSamples.catalog)

    @Test("stream and error roles come from the catalog before any stream or error was sampled, and are named unverified")
    func unsampledKindsAreKeptFromTheCatalog() throws {
        let plain = FixtureSamples.exchange("openai.chat_completions/plain")
        let stream = FixtureSamples.exchange("openai.chat_completions/stream")
        let error = FixtureSamples.exchange("errors/openai_429")
        let plainOnly = matcher.match(FixtureSamples.shapes(of: [plain]), endpoint: plain.path, model: plain.model)
        #expect(plainOnly.status == .mapped)
        let entry = try #require(FixtureSamples.catalog.entry(id: "openai.chat_completions"))
        #expect(plainOnly.fieldMap[.streamTextDelta] == entry.fieldMap[.streamTextDelta])
        #expect(plainOnly.fieldMap[.errorMessage] == entry.fieldMap[.errorMessage])
        #expect(plainOnly.reasons.contains { $0.contains("roles kept from the catalog unverified") })

        let all = matcher.match(FixtureSamples.shapes(of: [plain, stream, error]), endpoint: plain.path, model: plain.model)
        #expect(all.status == .mapped)
        let delta = try #require(all.fieldMap[.streamTextDelta])
        // The sampled path first, then the catalog's typed-parts path no sample showed.
        #expect(delta.paths.map(\.description) == ["$.choices[*].delta.content", "$.choices[*].delta.content[*].text"])
        #expect(all.fieldMap[.errorMessage]?.paths.map(\.description) == ["$.error.message"])
        #expect(all.fieldMap.stream == FixtureSamples.catalog.entry(id: "openai.chat_completions")?.fieldMap.stream)
    }

    @Test("a role's paths keep the catalog's order of preference among those sampled, and lose none")
    func pathsKeepPreferenceOrder() throws {
        let exchanges = FixtureSamples.exchanges(api: "openai.chat_completions")
        let result = matcher.match(FixtureSamples.shapes(of: exchanges), endpoint: exchanges[0].path, model: exchanges[0].model)
        let entry = try #require(FixtureSamples.catalog.entry(id: "openai.chat_completions"))
        for (name, binding) in result.fieldMap.roles {
            let catalogPaths = try #require(entry.fieldMap.roles[name]).paths
            let order = binding.paths.compactMap { catalogPaths.firstIndex(of: $0) }
            #expect(order.count == binding.paths.count, "\(name) gained a path")
            #expect(Set(binding.paths) == Set(catalogPaths), "\(name) lost a path")
        }
        #expect(result.fieldMap.finishReasons == entry.fieldMap.finishReasons)
    }

    @Test("roles whose paths the samples lack are kept from the catalog and named as not seen")
    func missingRolesAreReported() {
        let exchange = FixtureSamples.exchange("anthropic.messages/plain")
        let result = matcher.match(FixtureSamples.shapes(of: [exchange]), endpoint: exchange.path, model: exchange.model)
        #expect(result.fieldMap[.requestTopK]?.paths.map(\.description) == ["$.top_k"])
        #expect(result.reasons.contains { $0.hasPrefix("roles kept from the catalog, not seen in the samples:") && $0.contains("gen_ai.request.top_k") })
    }

    @Test("a stream whose event lines a proxy dropped still matches by the member that names events")
    func streamWithoutEventLinesMatchesByEventKey() throws {
        let exchange = FixtureSamples.exchange("anthropic.messages/stream")
        let original = String(decoding: FixtureSamples.bytes(try #require(exchange.response)), as: UTF8.self)
        let stripped = original.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("event:") }.joined(separator: "\n")
        var row = FixtureSamples.row(exchange)
        row.response = Array(stripped.utf8)
        let shapes = FixtureSamples.shapes([row], model: exchange.model)
        #expect(shapes.kinds.contains(.responseStream(event: "message")))
        let result = matcher.match(shapes, endpoint: exchange.path, model: exchange.model)
        #expect(result.schemaID == "anthropic.messages", "\(result.reasons)")
        #expect(result.status == .mapped, "\(result.reasons)")
        #expect(result.fieldMap[.streamTextDelta] != nil)
    }
}
