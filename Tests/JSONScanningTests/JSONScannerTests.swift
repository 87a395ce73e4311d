import JSONScanning
import Testing

@Suite("JSONScanner")
struct JSONScannerTests {
    @Test("reports every event of a nested document in order, with member counts and element indexes")
    func eventsInOrder() throws {
        let result = try events(#"{"a": [1, 2.5, "x"], "b": {"c": null, "d": true}, "e": []}"#)
        #expect(result == [
            "{", "k:a", "[", "#0", "n:1i", "#1", "n:2.5f", "#2", "s:x", "]3",
            "k:b", "{", "k:c", "null", "k:d", "b:true", "}2",
            "k:e", "[", "]0", "}3",
        ])
    }

    @Test("reads arrays of numbers element by element: the same events around strings, arrays, objects and whitespace")
    func numberRunsInOrder() throws {
        let result = try events(" [ 1 ,-2.5,\t3e2 , [4, 5], \"x\", 0, {\"a\": [6,7]}, -0.0 ,null, 8 ] ")
        #expect(result == [
            "[", "#0", "n:1i", "#1", "n:-2.5f", "#2", "n:3e2f", "#3", "[", "#0", "n:4i", "#1", "n:5i", "]2",
            "#4", "s:x", "#5", "n:0i", "#6", "{", "k:a", "[", "#0", "n:6i", "#1", "n:7i", "]2", "}1",
            "#7", "n:-0.0f", "#8", "null", "#9", "n:8i", "]10",
        ])
        let long = (0..<300).map { "\($0 % 7 == 0 ? "-" : "")\($0).\($0 * 37 % 1000)e-\($0 % 5)" }
        let longEvents = try events("[" + long.joined(separator: ",") + "]")
        #expect(longEvents.count == 2 + 2 * long.count)
        #expect(longEvents.last == "]300")
        for (index, number) in long.enumerated() {
            #expect(longEvents[1 + 2 * index] == "#\(index)")
            #expect(longEvents[2 + 2 * index] == "n:\(number)f")
        }
    }

    @Test("rejects malformed arrays of numbers with the reason and offset of the value loop", arguments: [
        Rejection("[1,2,]", .unexpectedCharacter, 5),
        Rejection("[1,2 3]", .unexpectedCharacter, 5),
        Rejection("[1,2,,3]", .unexpectedCharacter, 5),
        Rejection("[1,2,-]", .invalidNumber, 5),
        Rejection("[1,2,-Infinity]", .nonFiniteNumber, 5),
        Rejection("[1,2,NaN]", .nonFiniteNumber, 5),
        Rejection("[1,2,01]", .invalidNumber, 5),
        Rejection("[1,2,3", .unexpectedEnd, 6),
        Rejection("[1,2, ", .unexpectedEnd, 6),
        Rejection("[1,2,3.", .unexpectedEnd, 7),
        Rejection("[1,2,3}", .unexpectedCharacter, 6),
        Rejection("[1,2,3]x", .trailingGarbage, 7),
    ])
    func rejectsMalformedNumberRuns(rejection: Rejection) {
        let error = scanError(rejection.bytes)
        #expect(error?.reason == rejection.reason)
        #expect(error?.offset == rejection.offset)
    }

    @Test("accepts RFC 8259 documents", arguments: [
        "{}", "[]", "0", "-0", "-0.5e+10", "1E-3", "\"x\"", "true", "false", "null",
        " \n\t\r{ \"a\" : [ ] } \n", "[[[[]]]]", "\"\\u00e9\\ud83d\\ude00\"", "\"é漢字😀\"",
        "123456789012345678901234567890",
    ])
    func acceptsValidDocuments(text: String) {
        #expect(scanError(Array(text.utf8)) == nil)
    }

    struct Rejection: Sendable, CustomTestStringConvertible {
        let bytes: [UInt8]
        let reason: JSONScanError.Reason
        let offset: Int
        init(_ text: String, _ reason: JSONScanError.Reason, _ offset: Int) {
            self.init(Array(text.utf8), reason, offset)
        }
        init(_ bytes: [UInt8], _ reason: JSONScanError.Reason, _ offset: Int) {
            self.bytes = bytes
            self.reason = reason
            self.offset = offset
        }
        var testDescription: String { "\(reason.name) at \(offset)" }
    }

    @Test("rejects each malformed input with its reason and byte offset", arguments: [
        Rejection(#"{"a":1,}"#, .unexpectedCharacter, 7),
        Rejection("[1,2,]", .unexpectedCharacter, 5),
        Rejection(#"{"a" 1}"#, .unexpectedCharacter, 5),
        Rejection("{1:2}", .unexpectedCharacter, 1),
        Rejection("[1 2]", .unexpectedCharacter, 3),
        Rejection("trux", .unexpectedCharacter, 3),
        Rejection("'a'", .unexpectedCharacter, 0),
        Rejection(#"{"a": NaN}"#, .nonFiniteNumber, 6),
        Rejection("[Infinity]", .nonFiniteNumber, 1),
        Rejection("[-Infinity]", .nonFiniteNumber, 1),
        Rejection("01", .invalidNumber, 0),
        Rejection("[-01]", .invalidNumber, 1),
        Rejection("[1.e5]", .invalidNumber, 1),
        Rejection("[1e+]", .invalidNumber, 1),
        Rejection("[-a]", .invalidNumber, 1),
        Rejection("[.5]", .unexpectedCharacter, 1),
        Rejection([0x22, 0x61, 0x01, 0x22], .controlCharacter, 2),
        Rejection("\"a\nb\"", .controlCharacter, 2),
        Rejection(#""\q""#, .invalidEscape, 1),
        Rejection(#""\u12G4""#, .invalidEscape, 5),
        Rejection([0x22, 0xFF, 0x22], .invalidUTF8, 1),
        Rejection([0x22, 0xC0, 0x80, 0x22], .invalidUTF8, 1),
        Rejection([0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, 1),
        Rejection([0x22, 0xE2, 0x28, 0xA1, 0x22], .invalidUTF8, 1),
        Rejection([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, 1),
        Rejection([0x22, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x80, 0x22], .invalidUTF8, 9),
        Rejection(#"{"a": [1, 2"#, .unexpectedEnd, 11),
        Rejection(#"{"a": "unterminated"#, .unexpectedEnd, 19),
        Rejection("tru", .unexpectedEnd, 3),
        Rejection("[1.", .unexpectedEnd, 3),
        Rejection("{", .unexpectedEnd, 1),
        Rejection([0x22, 0xE6, 0xBC], .unexpectedEnd, 3),
        Rejection("", .empty, 0),
        Rejection(" \n\t ", .empty, 4),
        Rejection([0xEF, 0xBB, 0xBF], .empty, 3),
        Rejection("{} x", .trailingGarbage, 3),
        Rejection("{}{}", .trailingGarbage, 2),
        Rejection("1 2", .trailingGarbage, 2),
    ])
    func rejectsMalformedInput(rejection: Rejection) {
        let error = scanError(rejection.bytes)
        #expect(error?.reason == rejection.reason)
        #expect(error?.offset == rejection.offset)
    }

    @Test("skips a leading UTF-8 BOM and reports it")
    func skipsBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8)
        var visitor = JSONValidatingVisitor()
        let skipped = try scan(bytes, into: &visitor).get()
        #expect(skipped)
        #expect(try events(bytes) == ["{", "k:a", "n:1i", "}1"])
    }

    @Test("a BOM in the middle of a document is not skipped")
    func bomOnlyAtStart() {
        #expect(scanError([0x20, 0xEF, 0xBB, 0xBF, 0x7B, 0x7D])?.reason == .unexpectedCharacter)
    }

    @Test("accepts nesting up to the limit and rejects one level deeper", arguments: [1, 3, 512])
    func depthLimit(limit: Int) {
        let ok = Array(repeating: UInt8(ascii: "["), count: limit) + Array(repeating: UInt8(ascii: "]"), count: limit)
        #expect(scanError(ok, maximumDepth: limit) == nil)
        let deep = Array(repeating: UInt8(ascii: "["), count: limit + 1) + Array(repeating: UInt8(ascii: "]"), count: limit + 1)
        let error = scanError(deep, maximumDepth: limit)
        #expect(error?.reason == .tooDeep)
        #expect(error?.offset == limit)
    }

    /// Nesting around the inline stack (96 slots, with the powers of ten right after them) and
    /// limits below, at and above it, with numbers of every kind at the deepest level: the stack
    /// must never reach the powers, and the numbers must read the same as the reference reader's.
    @Test(
        "nesting around the inline stack under any limit gives the reference reader's events and errors",
        arguments: [1, 2, 95, 96, 97, 128, 512], [0, 1, 94, 95, 96, 97, 98, 130]
    )
    func inlineStackBoundary(limit: Int, depth: Int) {
        let numbers = "[1, 22, 1234567890123, -0.5, 3.25e2, 0.000123456789, 12345678.875, 7]"
        let text = String(repeating: #"{"k":["#, count: depth / 2) + String(repeating: "[", count: depth % 2)
            + numbers + String(repeating: "]", count: depth % 2) + String(repeating: "]}", count: depth / 2)
        let bytes = Array(text.utf8)
        var scanned = RecordingVisitor()
        let result = scan(bytes, into: &scanned, maximumDepth: limit)
        var reference = RecordingVisitor()
        let referenceError = referenceScan(bytes, into: &reference, maximumDepth: limit)
        #expect(scanned.events == reference.events)
        switch result {
        case .success: #expect(referenceError == nil)
        case .failure(let error):
            #expect(error.reason == referenceError?.reason)
            #expect(error.offset == referenceError?.offset)
        }
        // The document nests depth + 1 containers.
        #expect((referenceError == nil) == (depth + 1 <= limit))
    }

    @Test("objects count toward the depth limit like arrays")
    func objectDepth() {
        let text = String(repeating: #"{"a":"#, count: 4) + "1" + String(repeating: "}", count: 4)
        #expect(scanError(Array(text.utf8), maximumDepth: 4) == nil)
        #expect(scanError(Array(text.utf8), maximumDepth: 3)?.reason == .tooDeep)
    }

    @Test("rejects a 100,000-deep array cleanly, without recursion")
    func hundredThousandDeep() {
        let depth = 100_000
        let bytes = Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
        let error = scanError(bytes)
        #expect(error?.reason == .tooDeep)
        #expect(error?.offset == JSONScanner.defaultMaximumDepth)
    }

    /// Captures the string tokens of a document.
    struct StringTokens: JSONVisitor {
        var tokens: [(raw: Int, utf8Count: Int, escapes: Bool, nonASCII: Bool, text: String)] = []
        mutating func string(_ token: JSONStringToken) {
            tokens.append((token.raw.count, token.utf8Count, token.hasEscapes, token.hasNonASCII, token.decoded()))
        }
    }

    @Test("finds the special byte of a string wherever it falls in the 16- and 8-byte blocks", arguments: 0..<40)
    func specialBytesAtEveryOffset(offset: Int) throws {
        let before = String(repeating: "a", count: offset)
        let after = String(repeating: "b", count: 37 - offset % 7)
        // The closing quote itself at every offset.
        var visitor = StringTokens()
        _ = try scan(Array("[\"\(before)\"]".utf8), into: &visitor).get()
        #expect(visitor.tokens.map(\.raw) == [offset])
        // An escape, a multi-byte character, a control character.
        visitor = StringTokens()
        _ = try scan(Array("[\"\(before)\\n\(after)\", \"\(before)é\(after)\"]".utf8), into: &visitor).get()
        #expect(visitor.tokens.count == 2)
        #expect(visitor.tokens.first?.escapes == true)
        #expect(visitor.tokens.first?.utf8Count == offset + 1 + after.utf8.count)
        #expect(visitor.tokens.first?.text == before + "\n" + after)
        #expect(visitor.tokens.last?.nonASCII == true)
        #expect(visitor.tokens.last?.utf8Count == offset + 2 + after.utf8.count)
        let control = Array("[\"\(before)".utf8) + [0x01] + Array("\(after)\"]".utf8)
        #expect(scanError(control) == JSONScanError(.controlCharacter, offset: 2 + offset))
        let invalid = Array("[\"\(before)".utf8) + [0xFF] + Array("\(after)\"]".utf8)
        #expect(scanError(invalid) == JSONScanError(.invalidUTF8, offset: 2 + offset))
        let cut = Array("[\"\(before)".utf8)
        #expect(scanError(cut) == JSONScanError(.unexpectedEnd, offset: 2 + offset))
    }

    @Test("scans a valid 200 KB body with long strings, escapes and numbers")
    func largeBody() throws {
        var text = #"{"messages": ["#
        var index = 0
        while text.utf8.count < 200_000 {
            if index > 0 { text += "," }
            text += #"{"role": "user", "content": "paragraph \#(index) — ünïcödé \"quoted\" \n and more text to fill the line", "n": \#(index), "x": \#(Double(index) / 7)}"#
            index += 1
        }
        text += "]}"
        let result = try events(text)
        #expect(result.filter { $0 == "k:content" }.count == index)
        #expect(result.last == "}1")
    }

    @Test("a lone surrogate escape is accepted and flagged; a pair is not flagged", arguments: [
        (#""\ud83d""#, true), (#""\ude00x""#, true), (#""\ud83d\u0041""#, true), (#""\ud83d\ude00""#, false),
    ])
    func loneSurrogates(json: String, flagged: Bool) {
        #expect(withStringToken(json) { $0.hasLoneSurrogate } == flagged)
    }

    @Test("whitespace after the document is allowed")
    func trailingWhitespace() {
        #expect(scanError(Array("[1] \r\n\t ".utf8)) == nil)
    }
}

@Suite("JSONScanner deep nesting")
struct JSONScannerDeepNestingTests {
    @Test("events stay right when nesting grows past the inline stack", arguments: [95, 96, 97, 300])
    func deepMixedNesting(levels: Int) throws {
        var text = ""
        for level in 0..<levels { text += level % 2 == 0 ? #"{"k": "# : "[0, " }
        text += "true"
        for level in (0..<levels).reversed() { text += level % 2 == 0 ? ", \"z\": 1}" : "]" }
        let result = try events(text)
        #expect(result.filter { $0 == "{" }.count == (levels + 1) / 2)
        #expect(result.filter { $0 == "}2" }.count == (levels + 1) / 2)
        #expect(result.filter { $0 == "]2" }.count == levels / 2)
        #expect(result.filter { $0 == "n:1i" }.count == (levels + 1) / 2)
        #expect(result.contains("b:true"))
        #expect(result.last == "}2")
    }
}
