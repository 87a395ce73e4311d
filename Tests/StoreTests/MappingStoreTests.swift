import TestSupport
import Foundation
import Testing
import SQLite
@testable import Store

@Suite struct MappingStoreTests {
    func makeStore(_ dir: TemporaryDirectory) throws -> MappingStore {
        let store = MappingStore(try Database(path: dir.path("m.db"), mode: .create))
        try store.migrate()
        return store
    }

    func record(_ model: String, schema: String = "openai.chat_completions", status: MappingStatus = .mapped,
                hash: String = "h1", lastLogID: Int64 = 10, samples: Int = 5) -> MappingRecord {
        MappingRecord(
            model: model, endpoint: "/v1/chat/completions", schemaID: schema, status: status, confidence: 0.9,
            fieldMap: "{\"schema_id\":\"\(schema)\"}", reasons: ["object = chat.completion"],
            providers: [ProviderSeen(host: "api.openai.com", provider: "openai", approved: true, rows: samples)],
            samples: samples, rejected: ["truncated": 1], lastLogID: lastLogID, structureHash: hash,
            mapperVersion: "test", updatedAt: "")
    }

    @Test func aNewKeyIsInsertedAsVersionOne() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        #expect(try store.save([record("m")], runID: 1) == [.inserted])
        let saved = try #require(try store.current(model: "m", endpoint: "/v1/chat/completions"))
        #expect(saved.version == 1)
        #expect(saved.providers.first?.host == "api.openai.com")
        #expect(saved.rejected == ["truncated": 1])
        #expect(saved.runID == 1)
    }

    @Test func aChangedMappingKeepsTheOldVersionInHistory() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        try store.save([record("m")], runID: 1)
        #expect(try store.save([record("m", schema: "heuristic", status: .lowConfidence, hash: "h2", lastLogID: 20)], runID: 2) == [.changed])
        let current = try #require(try store.current(model: "m", endpoint: "/v1/chat/completions"))
        #expect(current.version == 2)
        #expect(current.schemaID == "heuristic")
        let history = try store.history(model: "m", endpoint: "/v1/chat/completions")
        #expect(history.map(\.version) == [1])
        #expect(history.first?.schemaID == "openai.chat_completions")
    }

    @Test func newRowsThatFitOnlyMoveTheBookkeepingOn() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        try store.save([record("m")], runID: 1)
        #expect(try store.save([record("m", lastLogID: 99, samples: 50)], runID: 2) == [.refreshed])
        let current = try #require(try store.current(model: "m", endpoint: "/v1/chat/completions"))
        #expect(current.version == 1)
        #expect(current.lastLogID == 99)
        #expect(current.samples == 50)
        #expect(try store.history(model: "m", endpoint: "/v1/chat/completions").isEmpty)
    }

    @Test func anOverrideRowIsNeverReplacedByTheJob() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        try store.save([record("m", schema: "anthropic.messages", status: .override)], runID: nil)
        #expect(try store.save([record("m", schema: "openai.chat_completions", hash: "h9", lastLogID: 50)], runID: 3) == [.refreshed])
        let current = try #require(try store.current(model: "m", endpoint: "/v1/chat/completions"))
        #expect(current.status == .override)
        #expect(current.schemaID == "anthropic.messages")
        #expect(current.lastLogID == 50)
    }

    @Test func aFailingBatchLeavesEveryKeyAsBefore() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        try store.save([record("a"), record("b")], runID: 1)
        // A CHECK constraint fails on the second record: the first must not be half-written.
        var bad = record("b", hash: "h2")
        bad.status = .mapped
        try store.connection.execute("CREATE TRIGGER boom BEFORE INSERT ON model_mappings WHEN NEW.model = 'b' BEGIN SELECT RAISE(ABORT, 'boom'); END")
        #expect(throws: DatabaseError.self) {
            try store.save([record("a", schema: "heuristic", hash: "h3"), bad], runID: 2)
        }
        #expect(try store.current(model: "a", endpoint: "/v1/chat/completions")?.schemaID == "openai.chat_completions")
        #expect(try store.history(model: "a", endpoint: "/v1/chat/completions").isEmpty)
    }

    @Test func runsAreRecordedWithTheirFigures() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        let id = try store.beginRun(mode: "nightly", mapperVersion: "test")
        var run = try #require(try store.runs().first)
        #expect(run.id == id)
        #expect(run.finishedAt == nil)
        run.keysConsidered = 7
        run.mapped = 5
        run.exitStatus = 0
        try store.finishRun(run)
        #expect(try store.lastSuccessfulRun()?.keysConsidered == 7)
    }

    @Test func overridesAndExpediteRequestsRoundTrip() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        try store.setOverride(MappingOverride(model: "m", endpoint: "*", schemaID: "anthropic.messages"))
        #expect(try store.overrides().map(\.schemaID) == ["anthropic.messages"])
        #expect(try store.clearOverride(model: "m", endpoint: "*"))
        #expect(try store.overrides().isEmpty)
        let request = try store.requestExpedite(model: "m", endpoint: nil)
        #expect(try store.openRequests().map(\.id) == [request])
        try store.completeRequests([(request, .mapped)], runID: 4)
        #expect(try store.closedRequests().map(\.outcome) == ["mapped"])
        #expect(try store.openRequests().isEmpty)
    }

    @Test func migratingTwiceChangesNothing() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        try store.save([record("m")], runID: 1)
        try store.migrate()
        #expect(try store.all().count == 1)
    }

    @Test func aKeyMappedAgainAfterItsOverrideIsClearedGoesOnFromItsLastVersion() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        let endpoint = "/v1/chat/completions"
        try store.save([record("m")], runID: 1)
        try store.setOverride(MappingOverride(model: "m", endpoint: "*", schemaID: "anthropic.messages"))
        try store.applyOverrides(model: "m")
        try store.clearOverride(model: "m", endpoint: "*")
        #expect(try store.save([record("m")], runID: 2) == [.inserted])
        #expect(try store.current(model: "m", endpoint: endpoint)?.version == 3)
        // The next change archives version 3 beside 1 and 2: before the fix this failed on UNIQUE.
        #expect(try store.save([record("m", schema: "heuristic", hash: "h2", lastLogID: 20)], runID: 3) == [.changed])
        #expect(try store.current(model: "m", endpoint: endpoint)?.version == 4)
        #expect(try store.history(model: "m", endpoint: endpoint).map(\.version) == [1, 2, 3])
    }

    @Test func theVersionMigrationMovesACurrentRowPastItsHistory() throws {
        let dir = try TemporaryDirectory()
        let store = try makeStore(dir)
        let endpoint = "/v1/chat/completions"
        try store.save([record("m")], runID: 1)
        try store.save([record("m", schema: "heuristic", hash: "h2")], runID: 2)
        // The state the old code left: a current version 1 beside history's version 1.
        try store.connection.execute("UPDATE model_mappings SET version = 1")
        try store.connection.execute("DELETE FROM gateway_mapper_migrations WHERE identifier LIKE 'v2:%'")
        try store.migrate()
        #expect(try store.current(model: "m", endpoint: endpoint)?.version == 2)
        #expect(try store.save([record("m", schema: "anthropic.messages", hash: "h3")], runID: 3) == [.changed])
        #expect(try store.history(model: "m", endpoint: endpoint).map(\.version) == [1, 2])
    }

    @Test(arguments: [
        (nil, MappingStore.SaveOutcome.inserted), ("same", .refreshed), ("other", .changed), ("pinned", .refreshed),
    ] as [(String?, MappingStore.SaveOutcome)])
    func theOutcomeRuleIsSharedBySaveAndADryRun(existing: String?, expected: MappingStore.SaveOutcome) throws {
        let candidate = record("m")
        let current: MappingRecord? = switch existing {
        case "same": record("m", lastLogID: 99)
        case "other": record("m", schema: "heuristic", hash: "h2")
        case "pinned": record("m", schema: "anthropic.messages", status: .override)
        default: nil
        }
        #expect(MappingStore.outcome(of: candidate, replacing: current) == expected)
    }
}
