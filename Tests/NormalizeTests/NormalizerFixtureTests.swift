import Catalog
import Demo
import Foundation
import Normalize
import Testing

/// Every manifest exchange whose API has a catalog entry, normalized with that entry's field map,
/// yields every value its `expect` block names.
@Suite struct NormalizerFixtureTests {
    /// Exchanges where the catalog's roles (not the normalizer) miss a value; see the report.
    static let knownCatalogGaps: [String: String] = [:]

    @Test("a fixture exchange normalizes to the values its manifest expects", arguments: Fixtures.mappedExchangeNames)
    func fixtureMatchesExpectations(name: String) throws {
        let (record, exchange, entry) = try Fixtures.normalize(name)
        let problems = Self.mismatches(record, exchange.expect ?? [:], entry: entry)
        if let gap = Self.knownCatalogGaps[name] {
            withKnownIssue(Comment(rawValue: gap)) {
                #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
            }
        } else {
            #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
        }
        #expect(record.isStream == (exchange.stream ?? false))
        #expect(!record.issues.contains { if case .unreadableBody = $0.kind { true } else { false } }, "\(record.issues)")
    }

    @Test("a streamed exchange and its plain twin normalize to the same text, finish reason and tokens", arguments: Fixtures.twinNames)
    func streamMatchesPlainTwin(pair: String) throws {
        let names = pair.split(separator: "|").map(String.init)
        let (streamed, _, _) = try Fixtures.normalize(names[0])
        let (plain, _, _) = try Fixtures.normalize(names[1])
        #expect(streamed.isStream && !plain.isStream)
        #expect(streamed.outputText == plain.outputText)
        #expect(streamed.finishReasons == plain.finishReasons)
        #expect(streamed.canonicalFinishReasons == plain.canonicalFinishReasons)
        if let gap = NormalizerFixtureTests.knownCatalogGaps[names[0]] {
            withKnownIssue(Comment(rawValue: gap)) {
                #expect(streamed.inputTokens == plain.inputTokens && streamed.outputTokens == plain.outputTokens)
            }
        } else {
            #expect(streamed.inputTokens == plain.inputTokens)
            #expect(streamed.outputTokens == plain.outputTokens)
            #expect(streamed.totalTokens == plain.totalTokens)
        }
        #expect(streamed.toolCalls == plain.toolCalls)
        #expect(streamed.responseModel == plain.responseModel)
    }

    @Test("a streamed xAI answer whose map makes the stream's reasoning separate reports OpenTelemetry's output count (completion + reasoning)")
    func streamedReasoningSeparateIsAdded() throws {
        let (raw, exchange, entry) = try Fixtures.normalize("openai.chat_completions/xai_reasoning_stream")
        #expect(raw.outputTokens == 1, "the catalog's convention (OpenAI's) takes the completion count as it is")
        var map = entry.fieldMap
        // As the mapper writes what the stream's totals showed: on the links that read stream events.
        let reasoning = try #require(map[.reasoningTokens])
        map[.reasoningTokens]?.fallbacks = reasoning.fallbacks?.map { link in
            var link = link
            if link.body == .responseStream { link.tokens = .separate }
            return link
        }
        let manifest = try #require(Fixtures.manifest)
        let record = Normalizer(fieldMap: map).normalize(
            request: try exchange.request.map { try manifest.bytes($0) }, response: try exchange.response.map { try manifest.bytes($0) },
            status: 200, responseContentType: exchange.responseContentType)
        #expect(record.isStream)
        #expect(record.outputTokens == Int64(1 + 290))
        #expect(record.reasoningTokens == 290 && record.totalTokens == 303 && record.inputTokens == 12 && record.cacheReadTokens == 11)
        // The plain answer's binding was left alone: a plain body still reads OpenAI's way.
        #expect(map[.reasoningTokens]?.tokens == .subsetOfOutput)
    }

    /// Differences between a record and an `expect` block, as readable lines.
    static func mismatches(_ record: NormalizedRecord, _ expect: [String: FixtureValue], entry: CatalogEntry) -> [String] {
        var problems: [String] = []
        func check<T: Equatable>(_ key: String, _ actual: T?, _ expected: T?) {
            if actual != expected { problems.append("\(key): expected \(String(describing: expected)), got \(String(describing: actual))") }
        }
        let map = entry.fieldMap
        for (key, value) in expect {
            switch key {
            case "response_model": check(key, record.responseModel, value.string)
            case "response_id": check(key, record.responseID, value.string)
            case "finish_reason":
                check(key, record.finishReasons.first, value.string)
                check("canonical finish_reason", record.canonicalFinishReasons.first, value.string.flatMap { map.canonicalFinishReason($0) })
            case "input_tokens":
                // The fixture holds the provider's own count; the record follows OpenTelemetry.
                var expected = value.int
                if map[.inputTokens]?.tokens == .excludesCached, let raw = expected {
                    let read = map[.cacheReadTokens]?.tokens == .separate ? (expect["cache_read_tokens"]?.int ?? 0) : 0
                    let created = map[.cacheCreationTokens]?.tokens == .separate ? (expect["cache_creation_tokens"]?.int ?? 0) : 0
                    expected = raw + read + created
                }
                check(key, record.inputTokens, expected)
            case "output_tokens":
                var expected = value.int
                if map[.reasoningTokens]?.tokens == .separate, let raw = expected { expected = raw + (expect["reasoning_tokens"]?.int ?? 0) }
                check(key, record.outputTokens, expected)
            case "total_tokens": check(key, record.totalTokens, value.int)
            case "cache_read_tokens": check(key, record.cacheReadTokens, value.int)
            case "cache_creation_tokens": check(key, record.cacheCreationTokens, value.int)
            case "reasoning_tokens": check(key, record.reasoningTokens, value.int)
            case "search_units": check(key, record.searchUnits, value.int)
            case "output_text": check(key, record.outputText, value.string)
            case "reasoning_text" where map[.outputReasoning] != nil: check(key, record.outputReasoning, value.string)
            case "system": check(key, record.systemInstructions, value.string)
            case "input_message_count": check(key, Int64(record.inputMessages.count), value.int)
            case "embedding_count": check(key, record.embeddingCount.map(Int64.init), value.int)
            case "embedding_dimension": check(key, record.embeddingDimension.map(Int64.init), value.int)
            case "error_type": check(key, record.errorType, value.string)
            case "error_message": check(key, record.errorMessage, value.string)
            case "error_code":
                let expected: String? = switch value {
                case .string(let text): text
                case .int(let number): String(number)
                default: nil
                }
                check(key, record.errorCode, expected)
            case "tool_calls":
                guard case .array(let calls) = value else { continue }
                let expected = calls.map { call -> NormalizedToolCall in
                    guard case .object(let fields) = call else { return NormalizedToolCall() }
                    return NormalizedToolCall(id: fields["id"]?.string, name: fields["name"]?.string, arguments: fields["arguments"]?.string)
                }
                // A call without an expected id is compared without its id.
                let actual = zip(record.toolCalls, expected).map { pair in
                    NormalizedToolCall(id: pair.1.id == nil ? nil : pair.0.id, name: pair.0.name, arguments: pair.0.arguments)
                }
                check(key, record.toolCalls.count == expected.count ? actual : record.toolCalls, expected)
            default:
                // reasoning_text (for maps without a reasoning role), image_count, result_count, status, tool_plan, billed_*: no role.
                continue
            }
        }
        return problems.sorted()
    }
}
