/// A number in the scanned buffer, already validated against RFC 8259's grammar.
///
/// The scanner hands over the decimal significand (its first 19 significant digits) and the
/// power of ten it read on the way, so values are computed without reading the bytes again.
public struct JSONNumberToken: @unchecked Sendable {
    /// The raw bytes of the number.
    public let raw: UnsafeRawBufferPointer
    /// True when the number has neither a fraction nor an exponent.
    public let isInteger: Bool
    /// The first 19 significant decimal digits, as an integer.
    public let significand: UInt64
    /// The power of ten to scale `significand` by.
    public let exponent: Int32
    /// True when digits beyond the 19th were not zero (the significand is truncated).
    public let isTruncated: Bool

    /// A token over `raw`; the significand and exponent are computed from the bytes.
    public init(raw: UnsafeRawBufferPointer, isInteger: Bool) {
        var parsed = JSONNumberToken.Parts()
        var index = raw.first == UInt8(ascii: "-") ? 1 : 0
        var inExponent = false
        var exponentSign: Int32 = 1
        var exponentValue: Int32 = 0
        var afterPoint = false
        while index < raw.count {
            let byte = raw[index]
            if inExponent {
                if byte == UInt8(ascii: "-") { exponentSign = -1 } else if byte != UInt8(ascii: "+") {
                    exponentValue = min(exponentValue &* 10 &+ Int32(byte &- UInt8(ascii: "0")), 100_000)
                }
            } else if byte == UInt8(ascii: ".") {
                afterPoint = true
            } else if byte | 0x20 == UInt8(ascii: "e") {
                inExponent = true
            } else {
                parsed.add(byte &- UInt8(ascii: "0"), afterPoint: afterPoint)
            }
            index += 1
        }
        self.init(raw: raw, isInteger: isInteger, significand: parsed.significand,
                  exponent: parsed.exponent &+ exponentSign &* exponentValue, isTruncated: parsed.truncated)
    }

    /// A token with its parts already computed (by the scanner).
    @inlinable
    public init(raw: UnsafeRawBufferPointer, isInteger: Bool, significand: UInt64, exponent: Int32, isTruncated: Bool) {
        self.raw = raw
        self.isInteger = isInteger
        self.significand = significand
        self.exponent = exponent
        self.isTruncated = isTruncated
    }

    /// Accumulates decimal digits into a significand and a power of ten.
    @usableFromInline
    struct Parts {
        @usableFromInline var significand: UInt64 = 0
        @usableFromInline var digits = 0
        @usableFromInline var exponent: Int32 = 0
        @usableFromInline var truncated = false

        @inlinable init() {}

        @inlinable @inline(__always)
        mutating func add(_ digit: UInt8, afterPoint: Bool) {
            if digits < 19 {
                significand = significand &* 10 &+ UInt64(digit)
                if significand != 0 { digits += 1 }
                if afterPoint { exponent -= 1 }
            } else {
                if digit != 0 { truncated = true }
                if !afterPoint { exponent += 1 }
            }
        }
    }

    /// True when the number starts with `-`.
    @inlinable public var isNegative: Bool { raw[0] == UInt8(ascii: "-") }

    /// The value as an `Int64`, or nil when it is not an integer or does not fit.
    @inlinable
    public var int64Value: Int64? {
        guard isInteger, !isTruncated, exponent == 0 else { return nil }
        if isNegative {
            if significand <= UInt64(Int64.max) { return -Int64(significand) }
            return significand == UInt64(Int64.max) + 1 ? Int64.min : nil
        }
        return significand <= UInt64(Int64.max) ? Int64(significand) : nil
    }

    /// The value as the nearest `Double` (correctly rounded).
    public var doubleValue: Double {
        if !isTruncated, significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            // Clinger's fast path: both operands exact, one rounding.
            let value = exponent < 0
                ? Double(significand) / Self.power(Int(-exponent)) : Double(significand) * Self.power(Int(exponent))
            return isNegative ? -value : value
        }
        return Double(String(decoding: raw, as: UTF8.self)) ?? .nan
    }

    /// The value as a `Double` within a few ulps, without allocating or reading the bytes again:
    /// for statistics (min/max/mean) where the last bit does not matter.
    @inlinable @inline(__always)
    public var approximateDoubleValue: Double {
        let e = Int(exponent)
        if e <= 0, e >= -22 {
            let value = Double(significand) * Self.inversePower(-e)
            return isNegative ? -value : value
        }
        return approximateDoubleValueSlow()
    }

    @usableFromInline
    func approximateDoubleValueSlow() -> Double {
        guard exponent >= -300, exponent <= 300 else { return doubleValue }
        var value = Double(significand)
        var e = Int(exponent)
        while e < -22 { value *= 1e-22; e += 22 }
        while e > 22 { value *= 1e22; e -= 22 }
        value = e < 0 ? value * Self.inversePower(-e) : value * Self.power(e)
        return isNegative ? -value : value
    }

    /// 10^n for n in 0...22, exactly (a switch: no lazy global on the hot path).
    @inlinable @inline(__always)
    static func power(_ n: Int) -> Double {
        switch n {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// 10^-n for n in 0...22, within an ulp.
    @inlinable @inline(__always)
    static func inversePower(_ n: Int) -> Double {
        switch n {
        case 0: return 1e-0
        case 1: return 1e-1
        case 2: return 1e-2
        case 3: return 1e-3
        case 4: return 1e-4
        case 5: return 1e-5
        case 6: return 1e-6
        case 7: return 1e-7
        case 8: return 1e-8
        case 9: return 1e-9
        case 10: return 1e-10
        case 11: return 1e-11
        case 12: return 1e-12
        case 13: return 1e-13
        case 14: return 1e-14
        case 15: return 1e-15
        case 16: return 1e-16
        case 17: return 1e-17
        case 18: return 1e-18
        case 19: return 1e-19
        case 20: return 1e-20
        case 21: return 1e-21
        default: return 1e-22
        }
    }
}
