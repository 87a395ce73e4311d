/// A number in the scanned buffer, already validated against RFC 8259's grammar.
public struct JSONNumberToken: @unchecked Sendable {
    /// The raw bytes of the number.
    public let raw: UnsafeRawBufferPointer
    /// True when the number has neither a fraction nor an exponent.
    public let isInteger: Bool

    @inlinable
    public init(raw: UnsafeRawBufferPointer, isInteger: Bool) {
        self.raw = raw
        self.isInteger = isInteger
    }

    /// True when the number starts with `-`.
    @inlinable public var isNegative: Bool { raw[0] == UInt8(ascii: "-") }

    /// The value as an `Int64`, or nil when it is not an integer or does not fit.
    @inlinable
    public var int64Value: Int64? {
        guard isInteger else { return nil }
        let negative = isNegative
        var index = negative ? 1 : 0
        var magnitude: UInt64 = 0
        while index < raw.count {
            let digit = UInt64(raw[index] &- UInt8(ascii: "0"))
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return -Int64(magnitude) }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// The value as the nearest `Double` (correctly rounded).
    public var doubleValue: Double {
        if let fast = fastDouble(exact: true) { return fast }
        return Double(String(decoding: raw, as: UTF8.self)) ?? .nan
    }

    /// The value as a `Double` within a few ulps, without allocating: for statistics (min/max/mean)
    /// where the last bit does not matter.
    @inlinable
    public var approximateDoubleValue: Double {
        if let fast = fastDouble(exact: false) { return fast }
        return doubleValue
    }

    /// Decimal mantissa and exponent; exact when `exact` asks for Clinger's fast path only.
    @inlinable
    func fastDouble(exact: Bool) -> Double? {
        let count = raw.count
        var index = 0
        let negative = raw[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var dropped = false
        while index < count {
            let byte = raw[index]
            if byte == UInt8(ascii: ".") {
                index += 1
                while index < count {
                    let digit = raw[index] &- UInt8(ascii: "0")
                    if digit > 9 { break }
                    if digits < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        if mantissa != 0 { digits += 1 }
                        exponent -= 1
                    } else if digit != 0 {
                        dropped = true
                    }
                    index += 1
                }
                continue
            }
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                index += 1
                var sign = 1
                if raw[index] == UInt8(ascii: "-") { sign = -1; index += 1 } else if raw[index] == UInt8(ascii: "+") { index += 1 }
                var value = 0
                while index < count {
                    value = value * 10 + Int(raw[index] &- UInt8(ascii: "0"))
                    if value > 100_000 { return nil }
                    index += 1
                }
                exponent += sign * value
                break
            }
            let digit = byte &- UInt8(ascii: "0")
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
                if digit != 0 { dropped = true }
            }
            index += 1
        }
        var value: Double
        if exact {
            guard !dropped, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
            value = Double(mantissa)
            value = exponent < 0 ? value / Self.powersOf10[-exponent] : value * Self.powersOf10[exponent]
        } else {
            guard exponent >= -300, exponent <= 300 else { return nil }
            value = Double(mantissa)
            var e = exponent
            while e < -22 { value /= 1e22; e += 22 }
            while e > 22 { value *= 1e22; e -= 22 }
            value = e < 0 ? value / Self.powersOf10[-e] : value * Self.powersOf10[e]
        }
        return negative ? -value : value
    }

    @usableFromInline
    static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
