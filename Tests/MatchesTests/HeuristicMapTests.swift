import Catalog
import Foundation
import Matches
import Shapes
import Testing

@Suite("Heuristic field map")
struct HeuristicMapTests {
    let matcher = Matcher(catalog: FixtureSamples.catalog)

    @Test("a made-up API gets a heuristic map that finds its tokens, text, finish reason, messages, model and system prompt",
          arguments: FixtureSamples.madeUp.madeUp)
    func madeUpAPIsAreMappedByStructure(api: MadeUpFixtures.MadeUpAPI) throws {
        let result = matcher.match(api.shapes(), endpoint: api.path, model: api.model)
        #expect(result.schemaID == FieldMap.heuristicSchemaID, "\(result.reasons)")
        #expect(result.fieldMap.schemaID == FieldMap.heuristicSchemaID)
        #expect(result.status != .unmappable, "\(result.reasons)")
        #expect(result.reasons.count <= Matcher.maximumReasons)
        for (role, path) in api.expectRoles.sorted(by: { $0.key < $1.key }) {
            let binding = try #require(result.fieldMap.roles[role], "\(role) not found; \(result.reasons)")
            #expect(binding.paths.first?.description == path, "\(role)")
            let confidence = try #require(binding.confidence)
            #expect(confidence > 0 && confidence <= 1)
        }
        let messages = try #require(result.fieldMap[.inputMessages])
        for (key, path) in api.expectMessageItem {
            #expect(messages.item?[key]?.first?.description == path, "message \(key)")
        }
        #expect(result.runnerUp != nil)
        #expect(result.candidates.contains { $0.id == FieldMap.heuristicSchemaID })
    }

    @Test("a made-up API is mapped while its token counts meet the deciding bar; above them, the counts are left out, named, and the map is low confidence",
          arguments: FixtureSamples.madeUp.madeUp)
    func tokenThresholdIsExact(api: MadeUpFixtures.MadeUpAPI) throws {
        let shapes = api.shapes()
        let first = matcher.match(shapes, endpoint: api.path, model: api.model)
        #expect(first.status == .mapped, "\(first.reasons)")
        let streamOnly = !shapes.kinds.contains(.response)
        let tokens: [Role] = streamOnly ? [.streamInputTokens, .streamOutputTokens] : [.inputTokens, .outputTokens]
        let confidences = try tokens.map { try #require(first.fieldMap[$0]?.confidence) }
        let atBoundary = MatchThresholds(heuristicCoreRole: confidences.min()!)
        let mapped = Matcher(catalog: FixtureSamples.catalog, thresholds: atBoundary).match(shapes, endpoint: api.path, model: api.model)
        #expect(mapped.status == .mapped, "\(mapped.reasons)")
        #expect(tokens.allSatisfy { mapped.fieldMap[$0] != nil })
        let above = MatchThresholds(heuristicCoreRole: confidences.max()! + 0.01)
        let low = Matcher(catalog: FixtureSamples.catalog, thresholds: above).match(shapes, endpoint: api.path, model: api.model)
        #expect(low.status == .lowConfidence, "\(low.reasons)")
        #expect(low.schemaID == FieldMap.heuristicSchemaID)
        #expect(tokens.allSatisfy { low.fieldMap[$0] == nil })
        let leftOut = try #require(low.reasons.first { $0.hasPrefix("left out of the map:") })
        #expect(tokens.allSatisfy { leftOut.contains($0.rawValue) })
    }

    @Test("heuristic finish-reason mappings only name values the catalog names")
    func finishReasonsStayCatalogNamed() throws {
        let known = Set(FixtureSamples.catalog.entries.flatMap(\.fieldMap.finishReasons.keys)).union(FieldMap.canonicalFinishReasons)
        for api in FixtureSamples.madeUp.madeUp {
            let result = matcher.match(api.shapes(), endpoint: api.path, model: api.model)
            #expect(result.fieldMap.finishReasons.keys.allSatisfy(known.contains), "\(result.fieldMap.finishReasons.keys.sorted())")
        }
    }

    @Test("a mixed shape of two known APIs never gets a mapped heuristic map")
    func mixedShapeHeuristicIsNotMapped() {
        let a = FixtureSamples.exchange("openai.chat_completions/plain")
        let b = FixtureSamples.exchange("anthropic.messages/plain")
        let shapes = FixtureSamples.shapes([FixtureSamples.row(a), FixtureSamples.row(b)], model: a.model)
        let result = matcher.match(shapes, endpoint: "/custom/llm", model: a.model)
        #expect(result.status != .mapped, "\(result.schemaID) \(result.reasons)")
    }
}

/// The heuristic rules are not tuned to the made-up fixtures: with the catalog emptied, they find
/// the roles of real chat APIs where the catalog says they are.
@Suite("Heuristic field map without a catalog")
struct HeuristicGeneralisationTests {
    let bare = Matcher(catalog: Catalog(entries: [], providers: FixtureSamples.catalog.providers, directory: FixtureSamples.fixtures))

    @Test("the heuristic finds known chat APIs' token counts and output text at the catalog's paths",
          arguments: ["openai.chat_completions", "openai.completions", "anthropic.messages", "google.generate_content",
                      "aws.bedrock_converse", "openai.responses", "cohere.chat_v2"])
    func findsCatalogPaths(api: String) throws {
        let exchanges = FixtureSamples.exchanges(api: api)
        let result = bare.match(FixtureSamples.shapes(of: exchanges), endpoint: exchanges[0].path, model: exchanges[0].model)
        #expect(result.schemaID == FieldMap.heuristicSchemaID)
        let entry = try #require(FixtureSamples.catalog.entry(id: api))
        for role in [Role.inputTokens, .outputTokens, .outputText] {
            // A filter (Gemini's `[?@.thought != true]`) is a wildcard for structure: the
            // heuristic, which reads structure, is expected at the path the filter narrows.
            let expected = try #require(entry.fieldMap[role]).paths.map(Self.unfiltered)
            let found = try #require(result.fieldMap[role], "\(role) not found in \(api)")
            #expect(found.paths.allSatisfy(expected.contains), "\(role): \(found.paths) not in \(expected)")
        }
    }

    /// `path` with each filter step read as `[*]`.
    static func unfiltered(_ path: JSONPath) -> JSONPath {
        JSONPath(components: path.components.map { component in
            if case .filter = component { return .wildcard }
            return component
        })
    }
}
