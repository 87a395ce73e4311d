@testable import JSONScanning
import Testing

/// Takes number runs: `DetailVisitor`'s events, a run recorded as its elements and its
/// statistics (bit for bit).
struct RunVisitor: JSONNumberRunVisitor {
    var detail = DetailVisitor()
    var runs = 0
    mutating func beginObject() { detail.beginObject() }
    mutating func key(_ key: JSONStringToken) { detail.key(key) }
    mutating func endObject(memberCount: Int) { detail.endObject(memberCount: memberCount) }
    mutating func beginArray() { detail.beginArray() }
    mutating func element(_ index: Int) { detail.element(index) }
    mutating func endArray(count: Int) { detail.endArray(count: count) }
    mutating func string(_ token: JSONStringToken) { detail.string(token) }
    mutating func number(_ token: JSONNumberToken) { detail.number(token) }
    mutating func bool(_ value: Bool) { detail.bool(value) }
    mutating func null() { detail.null() }
    mutating func numberRun(_ run: JSONNumberRun) {
        runs += 1
        detail.events.append(Self.describe(first: run.first, run.statistics))
    }

    static func describe(first: Int, _ statistics: JSONNumberStatistics) -> String {
        let bits = [statistics.integerMin, statistics.integerMax, statistics.fractionMin, statistics.fractionMax].map(\.bitPattern)
        return "run \(first)..<\(first + statistics.count): \(statistics.integers) \(statistics.fractions) \(bits)"
    }
}

/// The scanner's events one by one (a visitor that takes no runs), with the numbers at
/// consecutive elements from the second on folded into runs as `RunVisitor` records them: the
/// general path the run reader is checked against.
struct FoldingVisitor: JSONVisitor {
    var detail = DetailVisitor()
    var pendingElement: Int?
    var run: (first: Int, statistics: JSONNumberStatistics)?

    mutating func flush() {
        if let run { detail.events.append(RunVisitor.describe(first: run.first, run.statistics)) }
        run = nil
        if let pendingElement { detail.element(pendingElement) }
        pendingElement = nil
    }

    mutating func beginObject() { flush(); detail.beginObject() }
    mutating func key(_ key: JSONStringToken) { flush(); detail.key(key) }
    mutating func endObject(memberCount: Int) { flush(); detail.endObject(memberCount: memberCount) }
    mutating func beginArray() { flush(); detail.beginArray() }
    mutating func element(_ index: Int) {
        if let pendingElement { detail.element(pendingElement) }
        pendingElement = index
    }
    mutating func endArray(count: Int) { flush(); detail.endArray(count: count) }
    mutating func string(_ token: JSONStringToken) { flush(); detail.string(token) }
    mutating func number(_ token: JSONNumberToken) {
        if let element = pendingElement, element > 0, element == (run.map { $0.first + $0.statistics.count } ?? element) {
            var statistics = run?.statistics ?? JSONNumberStatistics()
            statistics.add(token.approximateDoubleValue, isInteger: token.isInteger)
            run = (run?.first ?? element, statistics)
            pendingElement = nil
            return
        }
        flush()
        detail.number(token)
    }
    mutating func bool(_ value: Bool) { flush(); detail.bool(value) }
    mutating func null() { flush(); detail.null() }
}

/// The documents whose scan with runs differs from the scan one by one, folded (events, error
/// reason and offset).
func runDifferences(_ documents: [[UInt8]]) -> [String] {
    var differences: [String] = []
    for document in documents {
        var runs = RunVisitor()
        let runsResult = scanRuns(document, into: &runs)
        var folding = FoldingVisitor()
        let foldingResult = scan(document, into: &folding)
        folding.flush()
        let text = String(decoding: document, as: UTF8.self).debugDescription
        if runsResult.error != foldingResult.error { differences.append("error: \(text)") }
        if runs.detail.events != folding.detail.events { differences.append("events: \(text)") }
    }
    return differences
}

/// Scans `bytes` into `visitor`, numbers in runs; returns the result rather than throwing.
func scanRuns<V: JSONNumberRunVisitor>(_ bytes: [UInt8], into visitor: inout V) -> Result<Bool, JSONScanError> {
    bytes.withUnsafeBytes { buffer in
        var scanner = JSONScanner(buffer)
        do throws(JSONScanError) {
            try scanner.scan(summarizingRunsInto: &visitor)
            return .success(scanner.bomSkipped)
        } catch {
            return .failure(error)
        }
    }
}

extension Result {
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

@Suite("JSONScanner number runs against the scan one by one")
struct JSONNumberRunTests {
    /// Numbers of every form: integers and fractions of 1–25 digits, leading zeros after the
    /// point, exponents, negative zero, the embedding shape `-0.ddddddddd` at every length.
    static let numbers: [String] = {
        let digits = "9876543210123456789012345"
        var numbers = ["0", "-0", "0.0", "-0.0", "0.00000", "-0.000000000000000", "1", "-1", "7", "0e0", "-0E-0", "0.5e3",
                       "1E+2", "-2.5e-7", "12.75", "100", "-100.000", "0.1e400", "1e-400", "123456789e-30", "5e22", "5e23"]
        for count in 1...25 {
            let part = String(digits.prefix(count))
            numbers.append(part)
            numbers.append("-" + part)
            numbers.append("0." + part)
            numbers.append("-0." + part)
            numbers.append("0." + String(repeating: "0", count: count / 2) + part.prefix(max(1, count - count / 2)))
            numbers.append("-0." + part + "e-3")
            numbers.append("0." + part + "E2")
            numbers.append(part + ".5")
        }
        return numbers
    }()

    static let malformed = ["01", "-01", "00.5", "-", "-a", "1.", "-0.", "0.e1", "1e", "1e+", "1E-x", "0.5e", "-0.5E+",
                            "NaN", "-NaN", "Infinity", "-Infinity", "0.1.2", "0.123456789012345.6", "0x10", "+1", ".5"]

    static let separators = [",", ", ", " ,", " , ", ",\n", ",\n                 ", "\n,\t", ",\r\n  \t", ",                                    "]

    @Test("arrays of numbers of every form read as one by one, runs summarised exactly", arguments: separators)
    func everyForm(separator: String) {
        var documents: [[UInt8]] = []
        let numbers = Self.numbers
        for (offset, number) in numbers.enumerated() {
            // The number alone, then between neighbours of other forms.
            let neighbours = [numbers[(offset + 7) % numbers.count], number, numbers[(offset * 5 + 3) % numbers.count]]
            documents.append(Array("[\(number)]".utf8))
            documents.append(Array("[0\(separator)\(number)]".utf8))
            documents.append(Array("[0\(separator)\(neighbours.joined(separator: separator))]".utf8))
            documents.append(Array("{\"e\":[1\(separator)\(neighbours.joined(separator: separator))\(separator)\(number)],\"n\":\(number)}".utf8))
        }
        documents.append(Array("[\(numbers.joined(separator: separator))]".utf8))
        documents.append(Array("[[\(numbers.joined(separator: separator))],[\(numbers.reversed().joined(separator: separator))]]".utf8))
        #expect(runDifferences(documents) == [])
    }

    @Test("malformed numbers in a run fail with the one-by-one reason and offset, whole and cut at every byte",
          arguments: malformed)
    func malformedNumbers(number: String) {
        var documents: [[UInt8]] = []
        for separator in Self.separators {
            documents += prefixes(Array("[0.25\(separator)-0.125\(separator)\(number)\(separator)3]".utf8))
            documents.append(Array("[1\(separator)\(number)]".utf8))
            documents.append(Array("[1\(separator)\(number)".utf8))
        }
        #expect(runDifferences(documents) == [])
    }

    @Test("runs broken by an item that is not a number end there and start again after it")
    func brokenRuns() {
        var documents: [[UInt8]] = []
        for item in ["\"s\"", "true", "false", "null", "[]", "{}", "[1,2]", "{\"a\":1}", "\"0.5\"", "-", "]", ",", "x", "N", "I"] {
            for separator in [",", ", ", ",\n   "] {
                documents.append(Array("[0.5\(separator)-0.25\(separator)\(item)\(separator)7\(separator)-0.0625]".utf8))
                documents.append(Array("[\(item)\(separator)0.5\(separator)8]".utf8))
                documents.append(Array("{\"v\":[1\(separator)2\(separator)\(item)],\"w\":[0.1\(separator)\(item)\(separator)0.2]}".utf8))
            }
        }
        #expect(runDifferences(documents) == [])
    }

    @Test("runs cut at every byte fail as one by one, at the same offset")
    func cutRuns() {
        var documents: [[UInt8]] = []
        let vectors = [
            "[0.0798275353, -0.054290535537, 0.026482012209, -0.00475225490, 0.1, -0.123456789012345, 0.1234567890123456]",
            "[\n                 0.0798275353,\n                 -0.054290535537,\n                 12,\n                 -7e-3\n]",
            "[83820, 55233, 6969, 61, 0, -0, 12345678, 123456789, 99999999999999999999, 1.5]",
            "{\"embedding\":[-0.0,0.0,-0.0,0.00000000000001,1e0,-1E0,0.5e1],\"n\":[1,2,3]}",
        ]
        for vector in vectors { documents += prefixes(Array(vector.utf8)) }
        #expect(runDifferences(documents) == [])
    }

    @Test("negative and positive zero keep the order the item-by-item fold gives them")
    func signedZeros() {
        let documents = ["[1, 0.0, -0.0, 0.0]", "[1, -0.0, 0.0, -0.0]", "[1, 0, -0, 0]", "[1, -0, 0]"].map { Array($0.utf8) }
        #expect(runDifferences(documents) == [])
        var visitor = RunVisitor()
        for document in documents { _ = scanRuns(document, into: &visitor) }
        #expect(visitor.runs == 4)
    }

    @Test("generated documents with embedding-style runs read as one by one, whole and cut", arguments: 0..<6)
    func generatedDocuments(seed: Int) {
        var generator = DocumentGenerator(seed: UInt64(seed) &* 0x2545_F491_4F6C_DD1D &+ 3)
        var documents: [[UInt8]] = []
        for _ in 0..<40 {
            let document = generator.document(pretty: generator.next() % 2 == 0)
            documents.append(document)
            documents += prefixes(document).filter { $0.count % 5 == Int(generator.next() % 5) }
        }
        #expect(runDifferences(documents) == [])
    }

    /// Numbers of the forms `Reader.readCommonNumbers` reads, of every length, and others near them.
    static let commonAndNear: [String] = {
        var numbers = ["0", "-0", "0.0", "-0.0", "0.0000000000000000", "-0.0000000000000000", "9999999999999999",
                       "-9999999999999999", "0.9999999999999999", "-0.9999999999999999", "1000000000000000", "0.0000000000000001",
                       "99999999999999999", "0.99999999999999999", "999999999999999999", "-0.999999999999999999",
                       "9999999999999999999", "0.9999999999999999999", "0.015541678606448004", "-0.013968816374981", "1e5", "0.5e1", "0.5E-3", "12.5", "-", "--1", "0/1", "0..1", ".5",
                       "01", "00", "-01", "0.", "-0.", "1-", "0.1-2", "0.1.2", "1/2", "/", "-/", "0.-1", "-.5", "1.0", "-7.25"]
        var generator = DocumentGenerator(seed: 0x5EED)
        for count in 1...20 {
            for _ in 0..<12 {
                let digits = String((0..<count).map { _ in Character(String(generator.next() % 10)) })
                let sign = generator.next() % 2 == 0 ? "-" : ""
                numbers.append(sign + "0." + digits)
                numbers.append(sign + digits)  // leading zeros included: those are malformed
                numbers.append(sign + String(1 + generator.next() % 9) + digits.dropFirst())
            }
        }
        return numbers
    }()

    /// True for `-?0\.\d{1,18}` and `-?(0|[1-9]\d{0,17})`, written without the scanner.
    static func isCommon(_ number: String) -> Bool {
        var bytes = Array(number.utf8)
        if bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes.count >= 3, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: ".") {
            return bytes.count - 2 <= 18 && bytes[2...].allSatisfy(isDigit)
        }
        return (1...18).contains(bytes.count) && bytes.allSatisfy(isDigit) && (bytes.count == 1 || bytes[0] != UInt8(ascii: "0"))
    }

    @Test("the bulk reader reads exactly the common forms, each as approximateDoubleValue's double, bit for bit")
    func commonNumbersOneByOne() throws {
        let powers = UnsafeMutablePointer<UInt64>.allocate(capacity: Reader.powerCount)
        defer { powers.deallocate() }
        Reader.writePowers(into: powers)
        Reader.writeInversePowers(into: powers)
        var wrong: [String] = []
        for number in Self.commonAndNear {
            // The number, its comma, then an item that stops the bulk reader, padded past its window.
            let bytes = Array((number + ",\"x\"" + String(repeating: " ", count: Reader.commonWindow)).utf8)
            bytes.withUnsafeBufferPointer { buffer in
                let reader = Reader(base: buffer.baseAddress!, end: buffer.count, index: 0, powers: powers)
                var run = Reader.NumberRunState(first: 0, cursor: 0)
                reader.readCommonNumbers(&run)
                let (cursor, next, statistics) = (run.cursor, run.next, run.statistics)
                guard Self.isCommon(number) else {
                    if next != 0 || cursor != 0 || statistics.count != 0 { wrong.append("read: \(number)") }
                    return
                }
                let token = JSONNumberToken(
                    raw: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: number.utf8.count), isInteger: !number.contains("."))
                let value = token.approximateDoubleValue.bitPattern
                let found = token.isInteger
                    ? [statistics.integerMin.bitPattern, statistics.integerMax.bitPattern, UInt64(statistics.integers), UInt64(statistics.fractions)]
                    : [statistics.fractionMin.bitPattern, statistics.fractionMax.bitPattern, UInt64(statistics.fractions), UInt64(statistics.integers)]
                if found != [value, value, 1, 0] || next != 1 || cursor != number.utf8.count + 1 {
                    wrong.append("value: \(number)")
                }
            }
        }
        #expect(wrong == [])
        #expect(Self.commonAndNear.filter(Self.isCommon).count > 300)
    }

    @Test("long runs with a number of every form or a wrong item at each place read as one by one",
          arguments: [",", ", ", ",\n        ", " , ", ",\t", ",\r\n                        ", ",\n" + String(repeating: " ", count: 15)])
    func longRuns(separator: String) {
        var documents: [[UInt8]] = []
        let fillers = ["-0.0123456789", "0.00288425", "-0.069074391500", "0.5", "83820", "-0.0000000001", "7", "0.1234567890123456"]
        let items = Self.commonAndNear + Self.malformed + ["\"s\"", "null", "]", "", "\u{1}", "[1]", "{}", "x", " "]
        for (offset, item) in items.enumerated() {
            // Fillers before the item shift it across the 16- and 32-byte windows.
            let before = (0..<(5 + offset % 7)).map { fillers[($0 + offset) % fillers.count] }
            let after = (0..<6).map { fillers[($0 * 3 + offset) % fillers.count] }
            let run = (before + [item] + after).joined(separator: separator)
            documents.append(Array("{\"embedding\":[\(run)],\"n\":1}".utf8))
            documents.append(Array("[\(run)]".utf8))
        }
        #expect(runDifferences(documents) == [])
    }

    @Test("long runs cut at every byte fail as one by one, at the same offset")
    func cutLongRuns() {
        var documents: [[UInt8]] = []
        let vectors = [
            "[" + (0..<24).map { $0 % 3 == 0 ? "-0.0\($0)4577710\($0)" : "0.\($0)00288425" }.joined(separator: ",") + "]",
            "[" + (0..<24).map { $0 % 2 == 0 ? "\($0 * 7919)" : "-\($0)" }.joined(separator: ", ") + "]",
            "{\"e\":[\n        " + (0..<12).map { "-0.0\($0 * 31)99" }.joined(separator: ",\n        ") + "\n      ]}",
        ]
        for vector in vectors { documents += prefixes(Array(vector.utf8)) }
        #expect(runDifferences(documents) == [])
    }
}
