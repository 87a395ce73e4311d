import Testing
import Logs
import SQLiteLogs
@testable import Job
import Sampling
import SQLiteStore
import Store

@Suite struct WorkPlanTests {
    func mapping(_ model: String, _ status: MappingStatus, lastLogID: Int64) -> MappingRecord {
        MappingRecord(
            model: model, endpoint: "/v1/chat/completions", schemaID: "x", status: status, confidence: 1,
            fieldMap: "{}", lastLogID: lastLogID, structureHash: "", mapperVersion: "", updatedAt: "")
    }

    func head(_ model: String?, maxID: Int64) -> ModelHead {
        ModelHead(model: model, maxID: maxID)
    }

    @Test func aModelWithoutAMappingIsNew() {
        let items = WorkPlan.make(heads: [head("m", maxID: 5)], mappings: [], requests: [])
        #expect(items.map(\.reason) == [.new])
        #expect(items.first?.afterID == 0)
        #expect(items.first?.isPending == true)
    }

    @Test func anUnmappedKeyWithNewRowsIsRetried() {
        let items = WorkPlan.make(heads: [head("m", maxID: 20)], mappings: [mapping("m", .unmappable, lastLogID: 10)], requests: [])
        #expect(items.map(\.reason) == [.retry])
    }

    @Test func anUnmappedKeyWithoutNewRowsIsLeftAlone() {
        let items = WorkPlan.make(heads: [head("m", maxID: 10)], mappings: [mapping("m", .unmappable, lastLogID: 10)], requests: [])
        #expect(items.isEmpty)
    }

    @Test func aMappedKeyWithNewRowsIsCheckedForDriftFromItsLastRow() {
        let items = WorkPlan.make(heads: [head("m", maxID: 20)], mappings: [mapping("m", .mapped, lastLogID: 10)], requests: [])
        #expect(items.map(\.reason) == [.drift])
        #expect(items.first?.afterID == 10)
        #expect(items.first?.isPending == false)
    }

    @Test func anExpediteRequestMakesAnyModelPending() {
        let request = MappingRequest(id: 7, model: "m", endpoint: "/api/chat", requestedAt: "")
        let items = WorkPlan.make(heads: [head("m", maxID: 10)], mappings: [mapping("m", .mapped, lastLogID: 10)], requests: [request])
        #expect(items.map(\.reason) == [.expedite])
        #expect(items.first?.requestIDs == [7])
        #expect(items.first?.endpoint == "/api/chat")
    }

    @Test func rowsWithoutAModelAreNotAWorkItemOfTheirOwn() {
        let items = WorkPlan.make(heads: [head(nil, maxID: 10)], mappings: [], requests: [])
        #expect(items.isEmpty)
    }
}
