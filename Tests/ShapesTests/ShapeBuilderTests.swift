import JSONScanning
import Testing
@testable import Shapes

@Suite("ShapeBuilder")
struct ShapeBuilderTests {
    /// Documents that exercise every kind of change a document makes: new and known keys in
    /// varying orders, keys of 1 to 20 bytes, escaped keys and values, closed sets, watched
    /// values, number runs, nested arrays, new array items, empty containers.
    static let documents = [
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"logprobs":null,"finish_reason":null}]}"#,
        #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1718000001,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" there \"you\""},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":40}}"#,
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\u00e9b"},"system_fingerprint_x":true}"#,
        #"{"model":"gpt-4o-mini","created_at":"2024-05-01T12:00:00Z","response":"x","done":false,"embedding":[0.5,-1,2e3,4,5.25]}"#,
        #"{"candidates":[{"content":{"parts":[{"text":"t"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":3,"totalTokenCount":9}}"#,
        #"{"a":1,"ab":2,"abc":3,"abcd":4,"abcde":5,"abcdefgh":6,"abcdefghi":7,"abcdefghijklmnop":8,"abcdefghijklmnopq":9,"abcdefghijklmnopqrst":10}"#,
        #"{"abcdefghijklmnopqrst":1,"abcdefghijklmnopq":2,"abcdefghijklmnop":3,"abcdefghi":4,"abcdefgh":5,"abcde":6,"abcd":7,"abc":8,"ab":9,"a":10,"":{}}"#,
        #"{"m\u006fdel":"gpt\u002d4o-mini","choices":[],"nested":[[1,2],[3,[4,{"deep":[]}]]],"object":"chat.completion.chunk"}"#,
        #"{"id":"chatcmpl-2","choices":[{"finish_reason":"length","delta":{},"index":1}],"model":"other","object":"chat.completion.chunk","created":1}"#,
    ]

    /// A builder fed `documents` in order; documents that fail are rolled back.
    static func build(_ documents: [String], into builder: inout ShapeBuilder) {
        for document in documents {
            Array(document.utf8).withUnsafeBytes { bytes in
                do throws(JSONScanError) { try builder.add(bytes) } catch {}
            }
        }
    }

    static func freshBuilder() -> ShapeBuilder {
        ShapeBuilder(shape: Shape(watching: ["gpt-4o-mini", "stop"], limits: ShapeLimits(maximumPaths: 40, maximumKeysPerObject: 14)))
    }

    /// Every byte of the shape's storage that a document can change, hints included. The two
    /// stamps are left out: they hold document serials, and a failed document takes a serial
    /// too (they only need to differ from later serials, which any earlier value does).
    struct State: Equatable {
        var nodes: [[UInt8]] = []
        var keyBytes: [UInt8] = []
        var enumBytes: [UInt8] = []
        var enumEntries: [[Int]] = []
        var watchHits: [Int] = []
        var counters: [Int] = []
    }

    /// Where two states differ (node and byte offsets, or the part), or nil when equal.
    static func difference(_ a: State, _ b: State) -> String? {
        if a.nodes.count != b.nodes.count { return "node counts \(a.nodes.count) and \(b.nodes.count)" }
        for (index, (x, y)) in zip(a.nodes, b.nodes).enumerated() where x != y {
            let offsets = x.indices.filter { x[$0] != y[$0] }
            return "node \(index) differs at byte offsets \(offsets)"
        }
        if a.keyBytes != b.keyBytes { return "key bytes" }
        if a.enumBytes != b.enumBytes { return "closed-set bytes" }
        if a.enumEntries != b.enumEntries { return "closed-set entries \(a.enumEntries) and \(b.enumEntries)" }
        if a.watchHits != b.watchHits { return "watch hits \(a.watchHits) and \(b.watchHits)" }
        if a.counters != b.counters { return "counters \(a.counters) and \(b.counters)" }
        return nil
    }

    static func state(_ shape: Shape) -> State {
        var state = State()
        for index in shape.nodes.indices {
            var node = shape.nodes[index]
            node.journalStamp = 0
            node.documentStamp = 0
            state.nodes.append(withUnsafeBytes(of: &node) { Array($0) })
        }
        state.keyBytes = shape.keyBytes
        state.enumBytes = shape.enumBytes
        state.enumEntries = shape.enumEntries.map { [Int($0.offset), Int($0.length), $0.count, Int($0.next), $0.format.rawValue] }
        state.watchHits = shape.watchHits
        state.counters = [shape.documentCount, shape.droppedPaths, shape.droppedKeys, shape.garbage]
        return state
    }

    @Test("a document that fails at any byte leaves the shape exactly as if it was never added", arguments: [0, 2, 4, 5, 8])
    func rollbackAtEveryPosition(failing: Int) {
        let before = Array(Self.documents[0..<failing])
        let after = Array(Self.documents[failing...])
        let document = Array(Self.documents[failing].utf8)
        var checked = 0
        for end in 0..<document.count {
            for variant in 0..<3 {
                // Cut after `end` bytes, or one byte at `end` made invalid (a control character
                // or a stray bracket), which may leave the document valid: then both get it.
                var bad: [UInt8]
                switch variant {
                case 0: bad = Array(document[..<end])
                case 1: bad = document; bad[end] = 0x01
                default: bad = document; bad[end] = UInt8(ascii: "]")
                }
                var withFailure = Self.freshBuilder()
                Self.build(before, into: &withFailure)
                let failed = bad.withUnsafeBytes { bytes -> Bool in
                    do throws(JSONScanError) {
                        try withFailure.add(bytes)
                        return false
                    } catch {
                        return true
                    }
                }
                Self.build(after, into: &withFailure)
                var reference = Self.freshBuilder()
                Self.build(before, into: &reference)
                if !failed { bad.withUnsafeBytes { try? reference.add($0) } }
                Self.build(after, into: &reference)
                let difference = Self.difference(Self.state(withFailure.shape), Self.state(reference.shape))
                #expect(difference == nil, "variant \(variant) at \(end)")
                #expect(withFailure.shape.jsonSchema() == reference.shape.jsonSchema())
                if failed { checked += 1 }
            }
        }
        #expect(checked > document.count)
    }

    @Test("a rolled-back document that added keys, items and closed-set values leaves no hint to them")
    func rollbackThenSameKeys() {
        var builder = Self.freshBuilder()
        Self.build([#"{"a":{"x":1}}"#], into: &builder)
        let failing = #"{"a":{"y":"v","z":[1,{"w":2}]},"b":"c","#
        Array(failing.utf8).withUnsafeBytes { bytes in
            #expect(throws: JSONScanError.self) { try builder.add(bytes) }
            return ()
        }
        Self.build([#"{"a":{"y":"v","z":[1,{"w":2}]},"b":"c"}"#, #"{"b":"c","a":{"z":[],"y":"v"}}"#], into: &builder)
        var reference = Self.freshBuilder()
        Self.build([#"{"a":{"x":1}}"#, #"{"a":{"y":"v","z":[1,{"w":2}]},"b":"c"}"#, #"{"b":"c","a":{"z":[],"y":"v"}}"#], into: &reference)
        #expect(Self.difference(Self.state(builder.shape), Self.state(reference.shape)) == nil)
        #expect(builder.shape["$.a.y"]?.enumCandidates == ["v": 2])
    }

    @Test("copies of a builder scan on in turns, each as if it had never been copied", arguments: [0, 1, 2, 3])
    func copiesScanIndependently(copyAfter: Int) {
        // Deep nesting grows the container stack past its first buffer, a document that fails
        // late fills the journal, closed-set and watched values fill the pending stacks.
        let deep = String(repeating: #"{"d":["#, count: 20) + #""stop""# + String(repeating: "]}", count: 20)
        let failing = #"{"id":"chatcmpl-9","model":"gpt-4o-mini","choices":[{"index":0,"finish_reason":"stop","delta":{"content":"x"}}],"usage":{"a":1}"#
        let first = [Self.documents[0], deep, failing, Self.documents[1], Self.documents[3]]
        let second = [Self.documents[2], failing, deep, Self.documents[8], Self.documents[7], failing]
        var original = Self.freshBuilder()
        Self.build(Array(Self.documents[..<copyAfter]), into: &original)
        var copy = original
        // In turns: one document to the original, one to the copy.
        for turn in 0..<max(first.count, second.count) {
            if turn < first.count { Self.build([first[turn]], into: &original) }
            if turn < second.count { Self.build([second[turn]], into: &copy) }
        }
        var originalReference = Self.freshBuilder()
        Self.build(Array(Self.documents[..<copyAfter]) + first, into: &originalReference)
        var copyReference = Self.freshBuilder()
        Self.build(Array(Self.documents[..<copyAfter]) + second, into: &copyReference)
        #expect(Self.difference(Self.state(original.shape), Self.state(originalReference.shape)) == nil)
        #expect(Self.difference(Self.state(copy.shape), Self.state(copyReference.shape)) == nil)
        // Each value's stacks are its own once it has scanned after the copy.
        #expect(original.stack.base != copy.stack.base)
        #expect(original.journal.base != copy.journal.base)
        #expect(original.pendingEnum.base != copy.pendingEnum.base)
        #expect(original.pendingWatch.base != copy.pendingWatch.base)
        #expect(original.scratchOwner !== copy.scratchOwner)
    }

    @Test("keys in any order, of any length, reach the same child every time", arguments: [1, 2, 3])
    func keyOrders(seed: UInt64) {
        let keys = [
            "a", "b", "ab", "ba", "abc", "abcd", "abce", "abcdefg", "abcdefgh", "abcdefgi", "abcdefghi", "abcdefghj",
            "abcdefghijklmnop", "abcdefghijklmnoq", "xbcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopr",
            "abcdefghijXlmnopqrstu", "abcdefghijklmnopqrstu", "é", "éa", "",
        ]
        var random = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        var counts = Array(repeating: 0, count: keys.count)
        var builder = ShapeBuilder(shape: Shape())
        for document in 0..<300 {
            // Mostly one order with some keys left out, sometimes a shuffled order.
            var order = Array(keys.indices).filter { _ in next(4) != 0 }
            if document % 7 == 0 {
                for index in order.indices.reversed() { order.swapAt(index, next(index + 1)) }
            }
            let members = order.map { index -> String in
                counts[index] += 1
                return "\"\(keys[index])\":\(index)"
            }
            Array("{\(members.joined(separator: ","))}".utf8).withUnsafeBytes { bytes in
                #expect(throws: Never.self) { try builder.add(bytes) }
            }
        }
        for (index, key) in keys.enumerated() {
            let node = builder.shape.node(at: ShapePath([.key(key)]))
            #expect(node?.count == counts[index], "key \(key)")
            #expect(node?.integerRange == Double(index)...Double(index), "key \(key)")
        }
        #expect(builder.shape["$"]?.keys.count == keys.count)
    }

    @Test("an escaped key reaches the same child as its plain spelling")
    func escapedKeys() {
        var builder = ShapeBuilder(shape: Shape())
        Self.build([#"{"model":1,"na\u006de":2}"#, #"{"m\u006fdel":3,"name":4}"#, #"{"name":5,"model":6}"#], into: &builder)
        #expect(builder.shape["$"]?.keys == ["model", "name"])
        #expect(builder.shape["$.model"]?.integerRange == 1...6)
        #expect(builder.shape["$.name"]?.integerRange == 2...5)
    }

    @Test("closed-set values match by decoded bytes, whatever their length or escapes")
    func closedSetLookup() {
        var builder = ShapeBuilder(shape: Shape())
        let values = ["", "a", "abc", "abcd", "abcdefg", "abcdefgh", "abcdefghi", "chat.completion.chunk", String(repeating: "z", count: 64)]
        var documents: [String] = []
        for round in 0..<3 {
            for value in values { documents.append(#"{"k":"\#(value)"}"#) }
            documents.append(round == 0 ? #"{"k":"a\u0062c"}"# : #"{"k":"ab\u0063"}"#)
        }
        Self.build(documents, into: &builder)
        var expected = Dictionary(uniqueKeysWithValues: values.map { ($0, 3) })
        expected["abc"] = 6
        #expect(builder.shape["$.k"]?.enumCandidates == expected)
        #expect(builder.shape["$.k"]?.enumValues?.count == values.count)
    }

    @Test("runs and alternations of closed-set values, escaped or not, are counted exactly")
    func closedSetRuns() {
        let values = ["stop", "length", "tool_calls", "stop ", "sto", "", "content_filter"]
        var random: UInt64 = 7
        var expected: [String: Int] = [:]
        var documents: [String] = []
        for _ in 0..<400 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = values[Int((random >> 33) % UInt64(values.count))]
            let runs = Int((random >> 20) % 4) + 1
            for run in 0..<runs {
                expected[value, default: 0] += 1
                // Every third repeat spells its first letter as an escape.
                let spelled = run == 2 && !value.isEmpty ? "\\u00" + String(value.utf8.first!, radix: 16) + value.dropFirst() : value
                documents.append(#"{"finish_reason":"\#(spelled)"}"#)
            }
        }
        var builder = ShapeBuilder(shape: Shape())
        Self.build(documents, into: &builder)
        #expect(builder.shape["$.finish_reason"]?.enumCandidates == expected)
        #expect(builder.shape["$.finish_reason"]?.count == documents.count)
    }

    @Test("the first eight bytes of a key, zero-padded, for every length", arguments: 0...20)
    func keyPrefix(length: Int) {
        // The key at the very end of its buffer: nothing past it may be needed.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, length), alignment: 1)
        defer { buffer.deallocate() }
        for index in 0..<length { buffer[index] = UInt8(0x41 + index) }
        let key = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<length])
        var expected: UInt64 = 0
        for index in 0..<min(8, length) { expected |= UInt64(0x41 + index) << UInt64(8 * index) }
        #expect(Shape.keyPrefix(key) == expected)
    }

    @Test("the dominant type of a map candidate's child, ties to the first, null when empty", arguments: 0..<81)
    func dominantType(pattern: Int) {
        // Counts of 0, 1 or 2 for booleans, integers, fractions and strings; objects and arrays
        // follow from the pattern too, so ties and zeros of every kind occur.
        var node = Node(parent: 0)
        var rest = pattern
        func take() -> Int { defer { rest /= 3 }; return rest % 3 }
        node.trues = take()
        node.integers = take()
        node.fractions = take()
        node.strings = take()
        node.objects = pattern % 2
        node.arrays = pattern % 5 == 0 ? 2 : 0
        node.nulls = 3
        let counts: [(JSONValueType, Int)] = [
            (.null, node.nulls), (.boolean, node.booleans), (.integer, node.integers + node.fractions),
            (.string, node.strings), (.object, node.objects), (.array, node.arrays),
        ]
        let best = counts.filter { $0.0 != .null }.max { $0.1 < $1.1 }
        #expect(Shape().dominantType(node) == best.map { $0.1 > 0 ? $0.0 : .null })
    }

    @Test("a node is copied whole, every byte")
    func nodeCopy() {
        var source = Node(parent: 7)
        withUnsafeMutableBytes(of: &source) { bytes in
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 5) }
        }
        var target = Node(parent: -1)
        withUnsafePointer(to: source) { from in
            withUnsafeMutablePointer(to: &target) { to in Node.copy(from, to: to) }
        }
        let a = withUnsafeBytes(of: source) { Array($0) }
        let b = withUnsafeBytes(of: target) { Array($0) }
        #expect(a == b)
    }

    @Test("adding one string of a format counts it like adding a count of one, saturating", arguments: StringFormat.allCases)
    func addOne(format: StringFormat) {
        var one = FormatCounts()
        var general = FormatCounts()
        one.addOne(format)
        general.add(format, 1)
        for other in StringFormat.allCases { #expect(one[other] == general[other]) }
        one.add(format, Int(UInt32.max))
        one.addOne(format)
        #expect(one[format] == Int(UInt32.max))
    }
}

/// Feeds a `ShapeBuilder` as the scanner does, except that every number goes through a pending
/// run (opened at its node, flushed at the next other value): the builder's general path.
struct RunEveryNumberBuilder: ForwardingBuilder {
    var builder: ShapeBuilder

    mutating func number(_ token: JSONNumberToken) {
        if builder.stack.count == 1, builder.root.awaiting == 1 { builder.root.hasError = true }
        let node = builder.current
        guard node >= 0 else { return }
        if builder.run.node != node {
            builder.flushRun()
            builder.touch(node)
            builder.run.node = node
        }
        builder.run.statistics.add(token.approximateDoubleValue, isInteger: token.isInteger)
    }
}

@Suite("ShapeBuilder single numbers")
struct ShapeBuilderSingleNumberTests {
    static let documents = [
        #"{"created":1700000000,"index":0,"score":-0.0,"ratio":0.0,"usage":{"prompt_tokens":12,"total_tokens":-0}}"#,
        #"{"created":-0,"index":0.0,"score":0.0,"ratio":-0.0,"usage":{"prompt_tokens":1e3,"total_tokens":7}}"#,
        #"{"a":1,"a":2.5,"a":-3,"a":"x","a":4,"b":[5],"b":[6, 7.5],"c":[[1],[2, 3]]}"#,
        #"[1, "x", 2.5, null, -0, 0, [3, 4], {"n": 5}, 6]"#,
        #"{"embedding":[0.5, -0.25], "n": 0.125, "embedding":[1], "n": -1e-300}"#,
        #"{"n":99999999999999999999,"m":123456789012345678901234567890e-10,"k":1.7976931348623157e308}"#,
        #"{"error":3,"type":"error"}"#,
        #"{"n":1,"m":2,"k":0.5,"#,
        #"{"n":1,"m":01}"#,
        #"[0.5, 1, 2, "#,
        #"{"v":[1, 2, 3], "w": 4, "v": [5.5]}"#,
        "7",
        "-0.0",
    ]

    @Test("a number counted straight into its node gives the same shape, byte for byte, as a run of one")
    func directMatchesRuns() {
        let limits = ShapeLimits(maximumPaths: 10, maximumKeysPerObject: 6)
        var direct = ShapeBuilder(shape: Shape(watching: ["x"], limits: limits))
        var runs = RunEveryNumberBuilder(builder: ShapeBuilder(shape: Shape(watching: ["x"], limits: limits)))
        expectSameShapes(&direct, &runs, documents: Self.documents + Self.documents.reversed() + Self.documents)
        #expect(direct.shape.documentCount > 10)
        #expect(direct.shape.droppedPaths > 0)
        #expect(direct.shape["$.usage.prompt_tokens"]?.integerRange == 12...12)
    }
}
