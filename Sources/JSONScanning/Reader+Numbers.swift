/// Numbers: RFC 8259's grammar, the significand accumulated eight digits at a time.
extension Reader {
    /// True for the bytes that start a number: `-` and the digits.
    @inlinable @inline(__always)
    static func startsNumber(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10
    }

    /// How many of the bytes of `word` (`low` is `word` minus "0" in each byte) are digits
    /// before the first that is not: 0 to 8.
    @inlinable @inline(__always)
    static func digitBytes(_ word: UInt64, low: UInt64) -> Int {
        // Bytes before the first non-digit are exact here (borrows and carries only move up);
        // 64 trailing zeros when all are digits.
        let others = (low | (word &+ 0x4646_4646_4646_4646)) & 0x8080_8080_8080_8080
        return others.trailingZeroBitCount >> 3
    }

    /// The value of eight digit bytes less "0" (the first in the lowest byte; zeros below the
    /// digits read as leading zeros).
    @inlinable @inline(__always)
    static func digitsValue(_ digits: UInt64) -> UInt64 {
        var value = digits
        value = value &* 10 &+ (value >> 8)
        return (((value & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32)))
            &+ (((value >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32)))) >> 32
    }

    /// Consumes digits eight bytes at a time (SWAR) while the significand has room for them: a
    /// whole word of digits, or the digits before the first other byte of the word. Returns true
    /// when it stopped in front of a byte that is not a digit (the caller's byte loop has nothing
    /// left to read), false when it stopped for lack of room or of bytes.
    @inlinable @inline(__always)
    mutating func readEightDigits(into parts: inout JSONNumberToken.Parts, afterPoint: Bool) -> Bool {
        while index &+ 8 <= end, parts.digits <= 11 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let low = word &- 0x3030_3030_3030_3030
            let count = Self.digitBytes(word, low: low)
            if count == 0 { return true }
            // The `count` digits moved to the top bytes: the bytes below read as leading zeros.
            let digits = low &<< UInt64((8 &- count) << 3)
            let value = Self.digitsValue(digits)
            if parts.significand == 0 {
                // Significant digits: the count minus its leading zeros (the low bytes of `digits`).
                // (All zeros: 64 trailing zero bits, no significant digit.)
                parts.digits = 8 &- (digits.trailingZeroBitCount >> 3)
            } else {
                parts.digits &+= count
            }
            parts.significand = parts.significand &* powers[count] &+ value
            if afterPoint { parts.exponent &-= Int32(truncatingIfNeeded: count) }
            index &+= count
            if count < 8 { return true }
        }
        return false
    }

    /// Consumes the digits at the cursor into `parts`: words while they fit, then byte by byte.
    @inlinable @inline(__always)
    mutating func readDigits(into parts: inout JSONNumberToken.Parts, afterPoint: Bool) {
        if readEightDigits(into: &parts, afterPoint: afterPoint) { return }
        while index < end {
            let digit = base[index] &- UInt8(ascii: "0")
            if digit >= 10 { break }
            parts.add(digit, afterPoint: afterPoint)
            index += 1
        }
    }

    /// Reads a number per RFC 8259's grammar, accumulating its significand and exponent.
    @inlinable @inline(__always)
    mutating func readNumber() throws(JSONScanError) -> JSONNumberToken {
        let start = index
        var isInteger = true
        var parts = JSONNumberToken.Parts()
        if base[index] == UInt8(ascii: "-") {
            index += 1
            guard index < end else { throw error(.unexpectedEnd) }
            if base[index] == UInt8(ascii: "I") { throw error(.nonFiniteNumber, at: start) }
        }
        guard index < end else { throw error(.unexpectedEnd) }
        let first = base[index]
        if first == UInt8(ascii: "0") {
            index += 1
            if index < end, base[index] &- UInt8(ascii: "0") < 10 { throw error(.invalidNumber, at: start) }
        } else if first &- UInt8(ascii: "1") < 9 {
            parts.significand = UInt64(first &- UInt8(ascii: "0"))
            parts.digits = 1
            index += 1
            readDigits(into: &parts, afterPoint: false)
        } else {
            throw error(.invalidNumber, at: start)
        }
        guard index < end else { return Self.number(base, start, index, isInteger, parts) }
        var byte = base[index]
        if byte == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < end else { throw error(.unexpectedEnd) }
            guard base[index] &- UInt8(ascii: "0") < 10 else { throw error(.invalidNumber, at: start) }
            readDigits(into: &parts, afterPoint: true)
            guard index < end else { return Self.number(base, start, index, isInteger, parts) }
            byte = base[index]
        }
        if byte | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            guard index < end else { throw error(.unexpectedEnd) }
            var negative = false
            if base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") {
                negative = base[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < end else { throw error(.unexpectedEnd) }
            guard base[index] &- UInt8(ascii: "0") < 10 else { throw error(.invalidNumber, at: start) }
            var value: Int32 = 0
            while index < end {
                let digit = base[index] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                value = min(value &* 10 &+ Int32(digit), 100_000)
                index += 1
            }
            parts.exponent &+= negative ? -value : value
        }
        return Self.number(base, start, index, isInteger, parts)
    }

    @inlinable @inline(__always)
    static func number(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ isInteger: Bool, _ parts: JSONNumberToken.Parts
    ) -> JSONNumberToken {
        JSONNumberToken(
            raw: UnsafeRawBufferPointer(start: base + start, count: end - start), isInteger: isInteger,
            significand: parts.significand, exponent: parts.exponent, isTruncated: parts.truncated)
    }
}
