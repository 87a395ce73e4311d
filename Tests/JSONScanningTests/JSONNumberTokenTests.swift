import JSONScanning
import Testing

@Suite("JSONNumberToken")
struct JSONNumberTokenTests {
    @Test("integers fit Int64 or report nil", arguments: [
        ("0", Int64(0)), ("-0", Int64(0)), ("42", Int64(42)), ("-17", Int64(-17)),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
    ])
    func int64Values(json: String, expected: Int64) {
        #expect(withNumberToken(json) { $0.isInteger } == true)
        #expect(withNumberToken(json) { $0.int64Value } == expected)
    }

    @Test("integers out of range and fractions have no Int64 value", arguments: [
        "9223372036854775808", "-9223372036854775809", "1.0", "1e3",
    ])
    func noInt64(json: String) {
        #expect(withNumberToken(json) { $0.int64Value } == .some(nil))
    }

    @Test("doubles are correctly rounded", arguments: [
        "0.1", "-2.5e-3", "1E10", "123456.789", "0.0123456789012345678", "1e-320", "1.7976931348623157e308",
        "3.141592653589793238462643383279", "123456789.123456789", "0.000000001234", "-0.0071456064",
        "0.00000000000000000000001234567", "98765432109876543210", "1.5e-7", "12345678e8",
    ])
    func doubles(json: String) {
        #expect(withNumberToken(json) { $0.doubleValue } == Double(json))
        let approximate = withNumberToken(json) { $0.approximateDoubleValue } ?? .nan
        let exact = Double(json)!
        #expect(abs(approximate - exact) <= abs(exact) * 1e-12)
    }

    @Test("an integer that fits Int64 has exactly its Int64's Double as its approximate value", arguments: [
        "0", "-0", "1", "-1", "42", "9007199254740993", "-9007199254740993", "123456789012345678",
        "9223372036854775807", "-9223372036854775808", "1000000000000000000",
    ])
    func integerApproximationIsExact(json: String) throws {
        let value = try #require(withNumberToken(json) { $0.int64Value } ?? nil)
        #expect(withNumberToken(json) { $0.approximateDoubleValue } == Double(value))
    }

    /// Numbers with 1 to 24 integer digits and 0 to 24 fraction digits, with leading zeros and
    /// zeros in the middle, followed by each kind of byte that can end a number.
    static let digitSweep: [String] = (1...24).flatMap { integerDigits in
        (0...24).map { fractionDigits in
            let pattern = Array("9081726354" + "0012003400")
            let integer = integerDigits == 1 ? "0" : String((0..<integerDigits).map { pattern[($0 + integerDigits) % pattern.count] }).replacingLeadingZero()
            let fraction = String((0..<fractionDigits).map { pattern[($0 * 3 + fractionDigits) % pattern.count] })
            return (integerDigits % 2 == 0 ? "-" : "") + integer + (fractionDigits > 0 ? "." + fraction : "")
        }
    }

    @Test("numbers of every digit count read the same value, wherever the buffer ends", arguments: [
        ("[", "]", ""), ("[", ",0]", ""), ("[", " ]", ""), ("{\"a\":", "}", ""), ("", "", ""), ("[", "]", "e2"), ("", "", "E-3"),
    ])
    func digitCounts(before: String, after: String, exponent: String) throws {
        for number in Self.digitSweep {
            let text = number + exponent
            var visitor = NumberTokens()
            _ = try scan(Array((before + text + after).utf8), into: &visitor).get()
            let token = try #require(visitor.tokens.first)
            #expect(token.raw == text)
            #expect(token.double == Double(text), "\(text)")
            #expect(token.int64 == (token.isInteger ? Int64(text) : nil), "\(text)")
        }
    }

    /// Captures number tokens' text and values.
    struct NumberTokens: JSONVisitor {
        var tokens: [(raw: String, isInteger: Bool, double: Double, int64: Int64?)] = []
        mutating func number(_ token: JSONNumberToken) {
            tokens.append((String(decoding: token.raw, as: UTF8.self), token.isInteger, token.doubleValue, token.int64Value))
        }
    }

    @Test("fractions and exponents are not integers", arguments: ["1.5", "1e2", "-0.0", "2E-1"])
    func notIntegers(json: String) {
        #expect(withNumberToken(json) { $0.isInteger } == false)
    }
}

extension String {
    /// The same digits with a non-zero first digit (JSON allows no leading zero).
    fileprivate func replacingLeadingZero() -> String {
        hasPrefix("0") ? "7" + dropFirst() : self
    }
}
