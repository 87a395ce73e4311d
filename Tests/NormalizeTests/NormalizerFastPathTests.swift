import Catalog
import Demo
import Foundation
import Normalize
import Testing

/// The shortcuts the normalizer takes for speed (member names compared by length and first
/// word, reused scan buffers, stream specs filtered by event) give exactly what the plain reading
/// of the map would.
@Suite struct NormalizerFastPathTests {
    static func path(_ text: String) -> JSONPath { try! JSONPath(text) }

    static let namesMap = FieldMap(schemaID: "test", roles: [
        "gen_ai.usage.input_tokens": RoleBinding(body: .response, paths: [path("$.usage.abcdefgh_input")]),
        "gen_ai.usage.output_tokens": RoleBinding(body: .response, paths: [path("$.usage.abcdefgh_outpt")]),
        "gateway.usage.total_tokens": RoleBinding(body: .response, paths: [path("$.usage['tökens_total']")]),
        "gateway.output.text": RoleBinding(body: .response, paths: [path("$.result.text")]),
        "gen_ai.response.id": RoleBinding(body: .response, paths: [path("$.id")]),
    ])

    @Test("member names match by their decoded bytes: escaped, non-ASCII, and long names sharing length and first eight bytes",
          arguments: [
            #"{"id":"r1","usage":{"abcdefgh_inpuz":99,"abcdefgh_outpt":2,"abcdefgh_input":5,"tökens_total":7},"result":{"text":"hi"}}"#,
            #"{"\u0069d":"r1","usage":{"abcdefgh_inpuz":99,"abcdefgh_\u006futpt":2,"abcdefgh\u005finput":5,"t\u00f6kens_total":7},"result":{"te\u0078t":"hi"}}"#,
            #"{"usage":{"abcdefgh_outpt":2,"abcdefgh_input":5,"tökens_total":7,"abcdefgh_input_":1,"abcdefg":3},"id":"r1","result":{"text":"hi","textx":"no"}}"#,
          ])
    func memberNames(response: String) {
        let record = Normalizer(fieldMap: Self.namesMap).normalize(request: nil, response: response)
        #expect(record.responseID == "r1")
        #expect(record.inputTokens == 5)
        #expect(record.outputTokens == 2)
        #expect(record.totalTokens == 7)
        #expect(record.outputText == "hi")
    }

    @Test("a normalizer reused for many rows, after unreadable ones and from several tasks at once, gives each row the record a fresh normalizer gives")
    func reuseMatchesFresh() async throws {
        let catalog = try #require(Fixtures.catalog)
        let manifest = try #require(Fixtures.manifest)
        struct Row: Sendable {
            var api: String
            var request: [UInt8]?
            var response: [UInt8]?
            var status: Int?
            var requestContentType: String?
            var responseContentType: String?
        }
        var rows: [Row] = []
        for exchange in manifest.exchanges {
            guard let api = exchange.api, catalog.entry(id: api) != nil else { continue }
            rows.append(Row(api: api, request: try exchange.request.map { try manifest.bytes($0) },
                            response: try exchange.response.map { try manifest.bytes($0) }, status: exchange.status,
                            requestContentType: exchange.requestContentType, responseContentType: exchange.responseContentType))
            // A truncated copy first, so a reused workspace has a failed scan to forget.
            if let response = rows.last?.response, response.count > 2 {
                rows.insert(Row(api: api, request: nil, response: Array(response.prefix(response.count / 2)), status: exchange.status,
                                responseContentType: exchange.responseContentType), at: rows.count - 1)
            }
        }
        #expect(rows.count > 40)
        func normalize(_ row: Row, with normalizer: Normalizer) -> NormalizedRecord {
            normalizer.normalize(request: row.request, response: row.response, status: row.status,
                                 requestContentType: row.requestContentType, responseContentType: row.responseContentType)
        }
        let fresh = try rows.map { row in
            normalize(row, with: Normalizer(entry: try #require(catalog.entry(id: row.api))))
        }
        var shared: [String: Normalizer] = [:]
        for api in Set(rows.map(\.api)) { shared[api] = Normalizer(entry: try #require(catalog.entry(id: api))) }
        let normalizers = shared
        for index in rows.indices.reversed() {
            #expect(normalize(rows[index], with: normalizers[rows[index].api]!) == fresh[index], "row \(index)")
        }
        let allRows = rows
        let concurrent = await withTaskGroup(of: [NormalizedRecord].self) { group in
            for _ in 0..<4 {
                group.addTask { allRows.map { normalize($0, with: normalizers[$0.api]!) } }
            }
            var all: [[NormalizedRecord]] = []
            for await records in group { all.append(records) }
            return all
        }
        #expect(concurrent.count == 4)
        for records in concurrent { #expect(records == fresh) }
    }

    /// A version 2 map: every stream value has its own binding and assembly.
    static let eventsMap = FieldMap(
        schemaID: "test",
        roles: [
            "gateway.stream.text_delta": RoleBinding(body: .responseStream, event: "delta", paths: [path("$.text")], assemble: .concat),
            "gateway.stream.finish_reason": RoleBinding(body: .responseStream, event: "*", paths: [path("$.stop")], assemble: .last),
            "gen_ai.response.model": RoleBinding(
                body: .response, paths: [path("$.model")],
                fallbacks: [RoleBinding(body: .responseStream, event: "*", paths: [path("$.model")], assemble: .first)]),
        ],
        stream: StreamFraming(format: .sse, done: "[DONE]", eventKey: "type"))

    /// The same map in version 1, where the stream reading of the response model was implicit.
    static let eventsMapVersion1 = FieldMap(
        schemaID: "test",
        roles: [
            "gateway.stream.text_delta": RoleBinding(body: .responseStream, event: "delta", paths: [path("$.text")]),
            "gateway.stream.finish_reason": RoleBinding(body: .responseStream, event: "*", paths: [path("$.stop")]),
            "gen_ai.response.model": RoleBinding(body: .response, paths: [path("$.model")]),
        ],
        stream: StreamFraming(format: .sse, eventKey: "type"))

    @Test("a stream role bound to one event reads that event only, named by its event: line or by the map's event key")
    func eventFilter() throws {
        let body = """
            event: delta
            data: {"text":"a","model":"m-1"}

            event: other
            data: {"text":"X","stop":"no"}

            data: {"type":"delta","text":"b"}

            data: {"type":"unknown","text":"Y"}

            data: {"text":"Z"}

            event: delta
            data: {"type":"other","text":"c","stop":"done"}


            """
        for map in [Self.eventsMap, Self.eventsMapVersion1.upgradedFromVersion1()] {
            #expect(map[.streamTextDelta] != nil && map[.streamFinishReason] != nil)
            let record = Normalizer(fieldMap: map).normalize(request: nil, response: body, responseContentType: "text/event-stream")
            #expect(record.isStream)
            #expect(record.outputText == "abc")
            #expect(record.finishReasons == ["done"])
            #expect(record.responseModel == "m-1")
        }
        // Without a stream binding of the response model, nothing reads it from the events.
        var bare = Self.eventsMap
        bare[.responseModel]?.fallbacks = nil
        #expect(Normalizer(fieldMap: bare).normalize(request: nil, response: body, responseContentType: "text/event-stream").responseModel == nil)
    }
}
