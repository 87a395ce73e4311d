@testable import Shapes
import Testing

/// Stream documents scanned in runs (one checkpoint per builder and body) against the simple
/// path (each document its own checkpoint): every shape, count and rejection the same.
@Suite("ShapeSet runs")
struct ShapeSetRunTests {
    /// Everything a set records, dictionaries sorted: equal lines mean equal sets.
    static func fingerprint(_ set: ShapeSet) -> [String] {
        var lines = [
            "\(set)", "formats \(set.bodyFormats.map { "\($0.key.rawValue)=\($0.value)" }.sorted())",
            "rejected \(set.rejected.sorted { $0.key < $1.key }) skipped \(set.skippedStreamParts) bom \(set.bomBodies)",
            "bytes \(set.bytesScanned) hash \(set.structureHash)",
        ]
        for kind in set.kinds {
            guard let shape = set[kind] else { continue }
            lines.append("\(kind) \(shape.documentCount) \(shape.pathCount) \(shape.droppedPaths) \(shape.droppedKeys) \(shape.structureHashHex)")
            let numbers = shape.numberSamples
            lines.append("numbers \(numbers.paths) \(numbers.values(at: numbers.paths))")
            for node in shape.allPaths {
                lines.append("\(node.path) \(node.count) \(node.documents) \(node.parentCount) \(node.types.sorted { $0.key < $1.key }) "
                    + "\(node.isMap) \(node.keys) \(String(describing: node.arrayLengths)) \(String(describing: node.memberCounts)) "
                    + "\(String(describing: node.integerRange)) \(String(describing: node.numberRange)) \(String(describing: node.stringLengths)) "
                    + "\(node.formats.sorted { $0.key < $1.key }) \(String(describing: node.enumValues)) "
                    + "\(node.enumCandidates.sorted { $0.key < $1.key }) \(node.watchHits.sorted { $0.key < $1.key })")
            }
        }
        return lines
    }

    /// The bodies added to a set scanning runs, and to one scanning each document singly.
    static func both(
        _ bodies: [(request: String?, response: String?, status: Int?)], watching: [String] = ["gpt-4o"],
        limits: ShapeLimits = ShapeLimits()
    ) -> (runs: [String], single: [String]) {
        var runs = ShapeSet(watching: watching, limits: limits)
        var single = ShapeSet(watching: watching, limits: limits)
        single.scansRuns = false
        for body in bodies {
            let request = body.request.map { Array($0.utf8) }
            let response = body.response.map { Array($0.utf8) }
            runs.add(request: request, response: response, status: body.status)
            single.add(request: request, response: response, status: body.status)
        }
        return (fingerprint(runs), fingerprint(single))
    }

    /// Events of a realistic stream: chunks with repeated and new paths, an error-shaped event,
    /// named events, a multi-line event (framed into a scratch copy), `[DONE]`.
    static let events: [(event: String?, data: [String])] = [
        (nil, [#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#]),
        (nil, [#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"#]),
        ("content_block_delta", [#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}"#]),
        (nil, [#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"lo"},"logprobs":null}],"score":-0.5}"#]),
        (nil, [#"{"error":{"message":"overloaded","type":"server_error"}}"#]),
        ("content_block_delta", [#"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"!"},"extra":[1,2.5,true]}"#]),
        (nil, [#"{"id":"c1","object":"chat.completion.chunk","#, #""model":"gpt-4o","choices":[]}"#]),
        ("error", [#"{"type":"error","error":{"type":"overloaded_error"}}"#]),
        (nil, [#"{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#]),
        (nil, ["[DONE]"]),
    ]

    static func stream(_ events: [(event: String?, data: [String])], newline: String = "\n") -> String {
        var lines: [String] = []
        for event in events {
            if let name = event.event { lines.append("event: \(name)") }
            for data in event.data { lines.append("data: \(data)") }
            lines.append("")
        }
        return lines.joined(separator: newline) + newline
    }

    @Test("a stream gives the same shapes in runs as document by document", arguments: ["\n", "\r\n", "\r"])
    func sameShapes(newline: String) {
        let body = Self.stream(Self.events, newline: newline)
        let result = Self.both([(nil, body, 200), (nil, body, 200), (body, nil, nil), (nil, body, 500)])
        #expect(result.runs == result.single)
        #expect(result.runs.count > 20)
    }

    @Test("a stream cut at every byte gives the same shapes and rejections", arguments: ["\n", "\r\n"])
    func cutAtEveryByte(newline: String) {
        let body = Array(Self.stream(Self.events, newline: newline).utf8)
        for cut in 1..<body.count {
            let prefix = String(decoding: body[..<cut], as: UTF8.self)
            let result = Self.both([(nil, prefix, 200), (nil, String(decoding: body, as: UTF8.self), 200), (nil, prefix, 200)])
            #expect(result.runs == result.single, "cut at \(cut)")
        }
    }

    @Test("a malformed event among good ones rolls back only itself", arguments: Array(0..<9))
    func malformedEvent(position: Int) {
        var events = Self.events
        let data = events[position].data.joined()
        for cut in stride(from: 1, to: data.utf8.count, by: 3) {
            events[position].data = [String(decoding: Array(data.utf8)[..<cut], as: UTF8.self)]
            let body = Self.stream(events)
            let result = Self.both([(nil, body, 200), (nil, body, 200)])
            #expect(result.runs == result.single, "event \(position) cut at \(cut)")
        }
    }

    @Test("control characters, NaN, too deep and trailing garbage in events among good ones", arguments: [
        #"{"id":"c1","content":"\#u{FFFD}"}"#.replacingOccurrences(of: "\u{FFFD}", with: "\u{1}"),
        #"{"id":"c1","score":NaN}"#,
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        #"{"id":"c1"} trailing"#,
    ])
    func rejectedEvents(bad: String) {
        var events = Self.events
        events.insert((nil, [bad]), at: 3)
        events.insert((nil, [bad]), at: 1)
        let body = Self.stream(events)
        let result = Self.both([(nil, body, 200), (nil, body, 200)])
        #expect(result.runs == result.single)
        #expect(result.runs[2].contains("rejected [(key:"))
    }

    @Test("new keys that turn an object into a map mid-run, and a path limit reached mid-run")
    func mapsAndLimits() {
        var events: [(event: String?, data: [String])] = []
        for index in 0..<40 {
            events.append((nil, [#"{"id":"c1","scores":{"user\#(index)":\#(index),"user\#(index + 1)":1},"n":\#(index)}"#]))
            if index % 7 == 3 { events.append((nil, [#"{"id":"c1","scores":{"bad"#])) }
        }
        let body = Self.stream(events)
        let plain = Self.both([(nil, body, 200), (nil, body, 200)])
        #expect(plain.runs == plain.single)
        #expect(plain.runs.contains { $0.contains("true") && $0.hasPrefix("$.scores ") })
        let limited = Self.both([(nil, body, 200), (nil, body, 200)], limits: ShapeLimits(maximumPaths: 12, maximumKeysPerObject: 6, mapMinimumKeys: 40))
        #expect(limited.runs == limited.single)
    }

    @Test("NDJSON lines with bad lines among them")
    func ndjson() {
        let lines = [
            #"{"model":"gpt-4o","message":{"role":"assistant","content":"a"},"done":false}"#,
            #"{"model":"gpt-4o","message":{"role":"assistant","content":"b"},"done":false}"#,
            #"{"model":"gpt-4o","message":{"role":"assi"#,
            #"{"error":"model not found"}"#,
            #"{"model":"gpt-4o","message":{"role":"assistant","content":""},"done":true,"eval_count":3}"#,
        ]
        for newline in ["\n", "\r\n"] {
            let body = lines.joined(separator: newline) + newline
            let result = Self.both([(nil, body, 200), (body, nil, nil), (nil, body, 200)])
            #expect(result.runs == result.single)
        }
    }
}
