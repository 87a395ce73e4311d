import TestSupport
import Foundation
import Testing
@testable import Shapes

/// `Shape.structureHash` is stored in users' mapping databases: FNV-1a 64 over the canonical
/// listing, whose lines and order must never change.
@Suite struct ShapeHashTests {
    static let fixtures = Repository.fixtures

    /// The fixture directories (one per API, plus errors and corrupt bodies).
    static let fixtureDirectories: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: fixtures.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }()

    /// Every shape of a shape set made of `bodies` fed as responses (each file on its own and
    /// all together, several times so closed sets and presences settle).
    static func shapes(of bodies: [(bytes: [UInt8], contentType: String?)]) -> [Shape] {
        var sets: [ShapeSet] = bodies.map { body in
            var set = ShapeSet()
            set.add(request: nil, response: body.bytes, status: 200, responseContentType: body.contentType)
            return set
        }
        var all = ShapeSet()
        for _ in 0..<3 {
            for body in bodies { all.add(request: body.bytes, response: body.bytes, status: 200, requestContentType: body.contentType, responseContentType: body.contentType) }
        }
        sets.append(all)
        return sets.flatMap { set in set.kinds.compactMap { set[$0] } }
    }

    static func contentType(_ name: String) -> String? {
        if name.hasSuffix(".sse") { return "text/event-stream" }
        if name.hasSuffix(".ndjson") { return "application/x-ndjson" }
        if name.hasSuffix(".json") { return "application/json" }
        return nil
    }

    /// FNV-1a 64 of `lines` in byte order, as 16 hex digits: the definition, written out.
    static func fnv(_ lines: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let sorted = lines.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for byte in sorted.joined().utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test("the structure hash is FNV-1a 64 over the listing's lines, with the values stored before")
    func storedValues() {
        let object = shape([#"{"a":1,"b":["x"]}"#])
        #expect(object.canonicalListing() == ["$\tobject\n", "$.a\tinteger\n", "$.b\tarray\n", "$.b[*]\tstring\n"])
        #expect(object.structureHashHex == "5e44a01227a20fab")
        let numbers = shape(["[1, 2.5]"])
        #expect(numbers.structureHashHex == "1fb4bd3b7cf7cd5d")
        #expect(Self.fnv(numbers.canonicalListing()) == numbers.structureHashHex)
    }

    /// The hash of `shape` is the listing's, and the listing is sorted by its bytes (ASCII keys).
    static func expectSameHashes(_ shape: Shape, _ comment: Comment? = nil) {
        let listing = shape.canonicalListing()
        if listing.allSatisfy({ line in line.utf8.allSatisfy { $0 < 0x80 } }) {
            #expect(Self.fnv(listing) == shape.structureHashHex, comment)
        }
    }

    @Test("the structure hash of every fixture shape is the listing's", arguments: fixtureDirectories)
    func fixtureShapesKeepTheirHashes(directory: String) throws {
        let folder = Self.fixtures.appendingPathComponent(directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let bodies = try names.map { name in
            (bytes: Array(try Data(contentsOf: folder.appendingPathComponent(name))), contentType: Self.contentType(name))
        }
        let shapes = Self.shapes(of: bodies)
        try #require(!shapes.isEmpty)
        for shape in shapes { Self.expectSameHashes(shape, "\(directory): \(shape)") }
    }

    /// Keys that render as name selectors, sort next to each other at every byte that matters
    /// (`\t` < `.` < `[` and letters on both sides of `[`), or leave ASCII.
    static let keyPool: [String] = [
        "a", "aZ", "a_", "a0", "ab", "A", "Z", "_", "z", "b", "id", "type", "content", "choices", "usage",
        "a b", "a-b", "9x", "", "it's", "back\\slash", "\u{1}", "\u{1f}\t\n", "\u{7f}", "a\"b", "z\\'", "[", ".",
        "a[", "a.", "ZZ", "zz", "aa", "a\u{9}", "é", "o\u{308}", "\u{1F600}",
    ]

    /// A random document over `keyPool`: objects whose keys are present with per-key odds
    /// (some rare enough to fall under the 5% threshold), arrays, mixed scalar types, and
    /// objects with many data-like keys (maps).
    static func document(_ random: inout SplitMix, depth: Int, keys: [String], asciiOnly: Bool, maximumDepth: Int = 4) -> String {
        let roll = random.next() % 100
        if depth >= maximumDepth || roll < 25 {
            switch random.next() % 6 {
            case 0: return "null"
            case 1: return random.next() % 2 == 0 ? "true" : "false"
            case 2: return "\(random.next() % 1000)"
            case 3: return "\(random.next() % 1000).5"
            case 4: return "\"s\(random.next() % 7)\""
            default: return random.next() % 3 == 0 ? "[]" : "{}"
            }
        }
        if roll < 45 {
            let count = Int(random.next() % 4)
            return "[" + (0..<count).map { _ in document(&random, depth: depth + 1, keys: keys, asciiOnly: asciiOnly, maximumDepth: maximumDepth) }.joined(separator: ",") + "]"
        }
        if roll < 52 {
            // A map: many distinct data-like keys, values alike.
            let count = 14 + Int(random.next() % 30)
            return "{" + (0..<count).map { index in
                "\"user-\(random.next() % 10_000)-\(index)\": {\"n\": \(index), \"tag\": \"t\"}"
            }.joined(separator: ",") + "}"
        }
        var members: [String] = []
        for (position, key) in keys.enumerated() where asciiOnly ? key.utf8.allSatisfy({ $0 < 0x80 }) : true {
            // Odds by position and depth: some keys nearly always present, some rare.
            let odds = UInt64((position * 37 + depth * 11) % 100)
            guard random.next() % 100 < odds else { continue }
            members.append(jsonString(key) + ": " + document(&random, depth: depth + 1, keys: keys, asciiOnly: asciiOnly, maximumDepth: maximumDepth))
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test("the structure hash of generated shapes is the listing's", arguments: 0..<24)
    func generatedShapesKeepTheirHashes(seed: Int) {
        let s = Self.generatedShape(seed: seed)
        Self.expectSameHashes(s, "seed \(seed)")
    }

    @Test("the generated shapes reach long listings, maps, and subtrees under the threshold")
    func generatedShapesReachTheSpecialCases() {
        let shapes = (0..<24).map { Self.generatedShape(seed: $0) }
        let listings = shapes.map { $0.canonicalListing() }
        #expect(listings.contains { $0.count > 48 })
        #expect(listings.contains { $0.joined().utf8.count > 4096 })
        #expect(listings.contains { $0.contains { $0.hasSuffix("\tmap\n") } })
        let paths = listings.map { Set($0.map { String($0.prefix { $0 != "\t" }) }) }
        // Some path recorded in a shape is left out of its listing (presence under 5%).
        #expect(zip(shapes, paths).prefix(8).contains { shape, listed in
            var unlisted = false
            shape.forEachPath { node in if !listed.contains(node.path.description) { unlisted = true } }
            return unlisted
        })
    }

    static func generatedShape(seed: Int) -> Shape {
        var random = SplitMix(seed: UInt64(seed))
        let asciiOnly = seed % 3 != 0
        // Each seed its own key order, so siblings reach the sort in different orders.
        var keys = Self.keyPool
        for index in keys.indices.reversed() { keys.swapAt(index, Int(random.next() % UInt64(index + 1))) }
        // The first seeds small (a few keys, shallow: the insertion sort), the rest larger.
        let small = seed < 6
        keys = Array(keys.prefix(small ? 3 + seed % 4 : 8 + Int(random.next() % UInt64(keys.count - 8))))
        let documents = (0..<(5 + seed * 3)).map { _ in
            Self.document(&random, depth: 0, keys: keys, asciiOnly: asciiOnly, maximumDepth: small ? 2 : 4)
        }
        return shape(documents)
    }
}

/// A small seeded generator (SplitMix64): the same documents on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
