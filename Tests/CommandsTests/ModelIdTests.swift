import CommandTestSupport
import SQLite
import SQLiteStore
import Store
import TestLogSupport
import Testing
@testable import Commands

/// Model ids with `/` (Hugging Face `org/name`) make one key, and rows logged without a model are
/// attributed to the whole id, not to its first segment.
@Suite struct ModelIdTests {
    @Test func anOrgSlashNameModelIsOneKeyForItsRowsWithAndWithoutAModel() throws {
        let logs = try LogBuilder()
        let model = "google/flan-t5-xxl"
        let path = "/hf-inference/models/google/flan-t5-xxl"
        try logs.insert("huggingface.tgi_generate/plain", model: model, times: 24, path: path, host: "router.huggingface.co")
        try logs.insert("huggingface.tgi_generate/plain", model: model, loggedModel: .some(nil), times: 6, path: path,
                        host: "router.huggingface.co")
        let run = CommandRunner.run(["run", "--db", logs.path])
        #expect(run.code == .success, "\(run.err)")
        #expect(run.out.contains("rows without a model: 6 attributed"), "\(run.out)")
        let keys = try MappingStore(try Database(path: logs.path, mode: .readOnly)).all().map { "\($0.model) \($0.endpoint)" }
        #expect(keys == ["google/flan-t5-xxl /hf-inference/models/{model}"])
    }
}
