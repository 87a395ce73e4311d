import Foundation
import TestLogSupport
import Testing
import Catalog
import Logs
import SQLiteLogs
import SQLite
@testable import Job
import Sampling
import SQLiteStore
import Store

@Suite(.serialized) struct JobTests {
    let catalog: Catalog

    init() throws {
        catalog = try Catalog.builtin()
    }

    func run(_ logs: LogBuilder, _ mode: MappingJob.Mode = .nightly, batchSize: Int = 16) throws -> (MappingJob.Summary, MappingStore) {
        let store = MappingStore(try Database(path: logs.path, mode: .readWrite))
        try store.migrate()
        var options = MappingJob.Options()
        options.mode = mode
        options.jobs = 2
        options.batchSize = batchSize
        options.mapperVersion = "test"
        return (try MappingJob(source: SQLiteLogSource(path: logs.path), catalog: catalog, options: options).run(store: store), store)
    }

    @Test func aNewModelIsMappedAndTheNextRunReadsOnlyNewRows() throws {
        let logs = try LogBuilder()
        try logs.insert("openai.chat_completions/plain", model: "acme-1", times: 30)
        let (first, store) = try run(logs)
        let record = try #require(try store.current(model: "acme-1", endpoint: "/v1/chat/completions"))
        #expect(record.status == .mapped)
        #expect(record.schemaID == "openai.chat_completions")
        #expect(first.rowsRead == 30)
        #expect(first.outcomes.first?.saved == .inserted)

        let (second, _) = try run(logs)
        #expect(second.rowsRead == 0)
        #expect(second.outcomes.isEmpty)

        let added = try logs.insert("openai.chat_completions/plain", model: "acme-1", times: 5)
        let (third, _) = try run(logs)
        #expect(third.rowsRead == 5)
        #expect(third.outcomes.map(\.reason) == [.drift])
        #expect(third.outcomes.first?.saved == .refreshed)
        #expect(try store.current(model: "acme-1", endpoint: "/v1/chat/completions")?.lastLogID == added.last)
        #expect(try store.history(model: "acme-1", endpoint: "/v1/chat/completions").isEmpty)
    }

    @Test func rowsWithoutAModelAreAttributedFromTheBodyOrThePath() throws {
        let logs = try LogBuilder()
        try logs.insert("openai.chat_completions/plain", model: "body-model", loggedModel: .some(nil), times: 25)
        try logs.insert("google.generate_content/plain", model: "gemini-path-model", loggedModel: .some(nil), times: 25)
        try logs.insert("openai.chat_completions/plain", model: "x", loggedModel: .some(nil), times: 3) { _ in "garbage" }
        let (summary, store) = try run(logs)
        #expect(summary.attributed == 50)
        #expect(summary.unattributed == 3)
        #expect(try store.current(model: "body-model", endpoint: "/v1/chat/completions")?.schemaID == "openai.chat_completions")
        let gemini = try store.all().first { $0.model == "gemini-path-model" }
        #expect(gemini?.schemaID == "google.generate_content")
        #expect(try store.attribution().unattributed == 3)
    }

    @Test func attributedRowsJoinTheirModelsOwnRowsBeforeTheDecision() throws {
        let logs = try LogBuilder()
        try logs.insert("openai.chat_completions/plain", model: "acme-2", times: 10)
        try logs.insert("openai.chat_completions/plain", model: "acme-2", loggedModel: .some(nil), times: 15)
        let (summary, store) = try run(logs)
        #expect(summary.attributed == 15)
        #expect(summary.modelsConsidered == 1)
        let record = try #require(try store.current(model: "acme-2", endpoint: "/v1/chat/completions"))
        #expect(record.samples == 25)
        #expect(record.status == .mapped)
    }

    @Test func aKeyWithOnlyErrorsIsUnmappableAndRetriedWhenNewRowsCome() throws {
        let logs = try LogBuilder()
        try logs.insert("errors/openai_401", model: "late-model", times: 5, path: "/v1/chat/completions")
        let (_, store) = try run(logs)
        #expect(try store.current(model: "late-model", endpoint: "/v1/chat/completions")?.status == .unmappable)
        try logs.insert("openai.chat_completions/plain", model: "late-model", times: 25)
        let (second, _) = try run(logs)
        #expect(second.outcomes.map(\.reason) == [.retry])
        let record = try #require(try store.current(model: "late-model", endpoint: "/v1/chat/completions"))
        #expect(record.status == .mapped)
        #expect(record.version == 2)
        #expect(try store.history(model: "late-model", endpoint: "/v1/chat/completions").map(\.status) == [.unmappable])
    }

    @Test func aKeyAnsweredInPlainTextItsRequestsAskedForIsMappedNotRejected() throws {
        let logs = try LogBuilder()
        try logs.insert("openai.audio_transcriptions/text", model: "whisper-text", times: 25)
        let (_, store) = try run(logs)
        let record = try #require(try store.current(model: "whisper-text", endpoint: "/v1/audio/transcriptions"))
        #expect(record.status == .mapped, "\(record.reasons)")
        #expect(record.schemaID == "openai.audio_transcriptions")
        #expect(record.rejected["text"] == nil)
    }

    @Test func anExpediteRequestIsServedAndMarkedDone() throws {
        let logs = try LogBuilder()
        try logs.insert("anthropic.messages/plain", model: "claude-x", times: 25)
        let (_, store) = try run(logs)
        let id = try store.requestExpedite(model: "claude-x", endpoint: nil)
        let (summary, _) = try run(logs, .requests)
        #expect(summary.servedRequests == [id])
        #expect(summary.outcomes.map(\.reason) == [.expedite])
        #expect(try store.openRequests().isEmpty)
    }

    @Test func newRowsOfAnotherAPIRemapTheKeyAndKeepHistory() throws {
        let logs = try LogBuilder()
        try logs.insert("openai.chat_completions/plain", model: "shifty", times: 25)
        let (_, store) = try run(logs)
        try logs.insert("anthropic.messages/plain", model: "shifty", times: 25, path: "/v1/chat/completions")
        let (summary, _) = try run(logs)
        #expect(summary.outcomes.first?.saved == .changed)
        let record = try #require(try store.current(model: "shifty", endpoint: "/v1/chat/completions"))
        #expect(record.schemaID == "anthropic.messages")
        #expect(record.version == 2)
        #expect(record.reasons.first?.hasPrefix("drift:") == true)
        #expect(try store.history(model: "shifty", endpoint: "/v1/chat/completions").map(\.schemaID) == ["openai.chat_completions"])
    }

    @Test func anOverrideIsKeptAndDisagreementReported() throws {
        let logs = try LogBuilder()
        try logs.insert("openai.chat_completions/plain", model: "pinned", times: 25)
        let store = MappingStore(try Database(path: logs.path, mode: .readWrite))
        try store.migrate()
        try store.setOverride(MappingOverride(model: "pinned", endpoint: "*", schemaID: "anthropic.messages"))
        _ = try run(logs)
        try logs.insert("openai.chat_completions/plain", model: "pinned", times: 5)
        _ = try run(logs)
        let record = try #require(try store.current(model: "pinned", endpoint: "/v1/chat/completions"))
        #expect(record.status == .override)
        #expect(record.schemaID == "anthropic.messages")
        #expect(record.reasons.contains { $0.contains("disagree") })
    }

    @Test func aRunStoppedBetweenBatchesLeavesEachKeyAsBeforeOrAfter() throws {
        let logs = try LogBuilder()
        for model in ["a-model", "b-model", "c-model"] {
            try logs.insert("openai.chat_completions/plain", model: model, times: 20)
        }
        let store = MappingStore(try Database(path: logs.path, mode: .readWrite))
        try store.migrate()
        try store.connection.execute("CREATE TRIGGER stop_b BEFORE INSERT ON model_mappings WHEN NEW.model = 'b-model' BEGIN SELECT RAISE(ABORT, 'stopped'); END")
        #expect(throws: (any Error).self) { try run(logs, batchSize: 1) }
        let models = Set(try store.all().map(\.model))
        #expect(!models.contains("b-model"))
        #expect(try store.all().allSatisfy { $0.status == .mapped })
        try store.connection.execute("DROP TRIGGER stop_b")
        _ = try run(logs, batchSize: 1)
        #expect(Set(try store.all().map(\.model)) == ["a-model", "b-model", "c-model"])
        #expect(try store.runs().first?.exitStatus == 0)
    }

    @Test func aLiveWriterAndARunBothFinishWithoutErrors() throws {
        let logs = try LogBuilder()
        for index in 0..<8 {
            try logs.insert("openai.chat_completions/plain", model: "live-\(index)", times: 30)
        }
        let writerError = LockedBox<String?>(nil)
        let inserted = LockedBox(0)
        let done = LockedBox(false)
        let path = logs.path
        let writer = Thread {
            do {
                let db = try Database(path: path, mode: .readWrite, busyTimeoutMilliseconds: 5_000)
                while !done.value || inserted.value < 50 {
                    try db.execute(
                        "INSERT INTO request_logs (created_at, target_url, model, status, request_body, response_body) VALUES (?, ?, ?, ?, ?, ?)",
                        ["2026-11-25T01:00:00Z", "https://api.openai.com/v1/chat/completions", "live-writer", 200, Array("{}".utf8), Array("{}".utf8)])
                    inserted.mutate { $0 += 1 }
                    usleep(200)  // a busy gateway, not a tight loop
                }
            } catch {
                writerError.mutate { $0 = "\(error)" }
            }
        }
        writer.start()
        let (summary, _) = try run(logs)
        done.mutate { $0 = true }
        while !writer.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(writerError.value == nil)
        #expect(inserted.value >= 50)
        #expect(summary.failures.isEmpty)
        #expect(summary.count(.mapped) >= 8)
    }

    @Test func aRunStoppedByTheGatewaysLockSaysWhatItHadWrittenAndTheBusyError() throws {
        let logs = try LogBuilder()
        for index in 0..<4 { try logs.insert("openai.chat_completions/plain", model: "busy-\(index)", times: 10) }
        let store = MappingStore(try Database(path: logs.path, mode: .readWrite, busyTimeoutMilliseconds: 20))
        try store.migrate()
        var options = MappingJob.Options()
        options.jobs = 1
        options.batchSize = 1
        let runID = try store.beginRun(mode: "nightly", mapperVersion: "test")
        let gateway = try Database(path: logs.path, mode: .readWrite)
        var holding = false
        let job = MappingJob(source: SQLiteLogSource(path: logs.path), catalog: catalog, options: options)
        let error = try #require(throws: MappingJob.Interrupted.self) {
            _ = try job.run(store: store, runID: runID) { done, _, _ in
                // After the first key is written, the gateway takes the write lock and keeps it.
                if done == 1 && !holding {
                    try? gateway.execute("BEGIN IMMEDIATE")
                    holding = true
                }
            }
        }
        #expect((error.underlying as? DatabaseError)?.isBusy == true, "\(error.underlying)")
        #expect(error.summary.keysConsidered == 1)
        #expect(error.summary.figures(runID: runID, exitStatus: 75).keysConsidered == 1)
        try gateway.execute("ROLLBACK")
        #expect(try store.all().count == 1, "the key written before the lock stays written")
    }

    @Test func aRequestsOutcomeSaysWhetherItsKeysCanBeUsedOrWhyNot() {
        func record(_ status: MappingStatus, samples: Int) -> MappingRecord {
            MappingRecord(model: "m", endpoint: "/e", schemaID: "x", status: status, confidence: 0.5, fieldMap: "{}",
                          samples: samples, lastLogID: 1, structureHash: "", mapperVersion: "", updatedAt: "")
        }
        #expect(MappingJob.outcome(of: [record(.mapped, samples: 3), record(.override, samples: 1)], endpoint: nil) == .mapped)
        #expect(MappingJob.outcome(of: [record(.mapped, samples: 50), record(.unmappable, samples: 4)], endpoint: nil) == .tooFewRows)
        #expect(MappingJob.outcome(of: [record(.lowConfidence, samples: 400)], endpoint: nil) == .notMapped)
        #expect(MappingJob.outcome(of: [], endpoint: nil) == .noRows)
        #expect(MappingJob.outcome(of: [], endpoint: "/e") == .noEndpoint)
    }
}

/// A value shared with another thread in a test.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

