import Logs
import SQLiteLogs
import SQLite
import TestLogSupport
import Testing
@testable import Sampling

@Suite struct RowRouterTests {
    /// What sampling gave before rows were routed: every row parsed and counted on its own.
    static func sampledRowByRow(_ logs: LogBuilder, model: String, endpoint: String? = nil) throws -> [LogKey: KeySample] {
        var samples: [LogKey: KeySample] = [:]
        try SQLiteLogConnection(logs.db).newestRows(model: model, limit: 10_000) { row in
            let target = TargetURL(row.targetURL)
            let template = Endpoint.template(path: target.path, model: model)
            if let endpoint, template != endpoint { return true }
            let key = LogKey(model: model, endpoint: template)
            samples[key, default: KeySample(key: key)].add(row, host: target.host)
            return true
        }
        return samples
    }

    static func expectSame(_ routed: [LogKey: KeySample], _ reference: [LogKey: KeySample]) {
        #expect(Set(routed.keys) == Set(reference.keys))
        for (key, expected) in reference {
            guard let sample = routed[key] else { continue }
            #expect(sample.rows == expected.rows, "\(key)")
            #expect(sample.maxLogID == expected.maxLogID, "\(key)")
            #expect(sample.hosts == expected.hosts, "\(key)")
            #expect(sample.providerHeaders == expected.providerHeaders, "\(key)")
            #expect(sample.shapes.documents == expected.shapes.documents, "\(key)")
            #expect(sample.shapes.bytesScanned == expected.shapes.bytesScanned, "\(key)")
            #expect(sample.shapes.structureHash == expected.shapes.structureHash, "\(key)")
        }
    }

    /// Rows of one model over `hosts` hosts and two endpoints, interleaved, with provider headers
    /// in runs, alternating, NULL, empty, more distinct than a sample keeps (`distinctHeaders` of
    /// one pattern), and two spellings of one `String` (composed and decomposed é).
    static func interleavedLogs(hosts: Int, distinctHeaders: Int = 23) throws -> LogBuilder {
        let logs = try LogBuilder()
        for round in 0..<3 {
            for host in 0..<hosts {
                let name = host % 3 == 0 ? "openai.chat_completions/stream" : "openai.chat_completions/plain"
                try logs.insert(name, model: "m-1", host: "node-\(host).example", status: round == 2 && host % 5 == 0 ? 500 : nil)
                if host % 4 == 0 { try logs.insert("openai.embeddings/float", model: "m-1", host: "node-\(host).example") }
            }
        }
        let ids = try #require(try logs.db.scalarInt("SELECT max(id) FROM request_logs"))
        for id in 1...ids {
            let header: String?
            switch id % 7 {
            case 0: header = nil
            case 1: header = ""
            case 2, 3: header = "openai"
            case 4: header = id % 3 == 0 ? "caf\u{E9}" : id % 3 == 1 ? "cafe\u{301}" : "provider-\(id % Int64(distinctHeaders))"
            default: header = distinctHeaders > 23 ? "provider-\(id % Int64(distinctHeaders))" : id % 2 == 0 ? "groq" : "together"
            }
            try logs.db.execute("UPDATE request_logs SET provider = ? WHERE id = ?", [header, id])
        }
        return logs
    }

    @Test(arguments: [1, 5, RowRouter.maximumRoutes + 8])
    func routingRowsCountsWhatRowByRowSamplingCounts(hosts: Int) throws {
        let logs = try Self.interleavedLogs(hosts: hosts)
        let routed = try KeySample.sample(reader: SQLiteLogConnection(logs.db), model: "m-1", limit: 10_000)
        Self.expectSame(routed, try Self.sampledRowByRow(logs, model: "m-1"))
        #expect(routed.count == 2)
    }

    @Test(arguments: [1, 40, 3 * RowRouter.maximumTallied])
    func providerHeadersAreCountedAsRowByRowWhateverHowManyDistinctValues(distinct: Int) throws {
        let logs = try Self.interleavedLogs(hosts: 40, distinctHeaders: distinct)
        let routed = try KeySample.sample(reader: SQLiteLogConnection(logs.db), model: "m-1", limit: 10_000)
        Self.expectSame(routed, try Self.sampledRowByRow(logs, model: "m-1"))
    }

    @Test func onlyTheAskedEndpointIsSampled() throws {
        let logs = try Self.interleavedLogs(hosts: 6)
        let endpoint = "/v1/embeddings"
        let routed = try KeySample.sample(reader: SQLiteLogConnection(logs.db), model: "m-1", limit: 10_000, endpoint: endpoint)
        Self.expectSame(routed, try Self.sampledRowByRow(logs, model: "m-1", endpoint: endpoint))
        #expect(routed.keys.map(\.endpoint) == [endpoint])
    }
}
