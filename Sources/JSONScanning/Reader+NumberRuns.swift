/// Runs of numbers in arrays (embedding vectors, token ids), for a `JSONNumberRunVisitor`: read
/// in a loop of their own and summarised (`JSONNumberStatistics`), handed over in one
/// `numberRun(_:)` call per run. The bulk of a run goes through `readCommonNumbers`, which
/// reads the common forms without a bounds check or a call per number; the rest, one by one,
/// through `readNumber()`. The same calls reach a visitor as per element: the run, then
/// `element(_:)` for the item that is not a number, or for the number that fails (before the
/// error is thrown).
extension Reader {
    /// A run being read: its first element, the next number's element and first byte, and the
    /// statistics so far.
    @usableFromInline
    struct NumberRunState {
        @usableFromInline let first: Int
        @usableFromInline var next: Int
        @usableFromInline var cursor: Int
        @usableFromInline var statistics = JSONNumberStatistics()

        @inlinable
        init(first: Int, cursor: Int) {
            self.first = first
            next = first
            self.cursor = cursor
        }

        @inlinable var summary: JSONNumberRun { JSONNumberRun(first: first, statistics: statistics) }
    }

    /// `readElements` for a visitor that takes runs (see the extension's comment).
    @inlinable @inline(__always)
    mutating func readNumberRun<V: JSONNumberRunVisitor>(
        into visitor: inout V, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> Bool {
        skipWhitespace()
        guard index < end, Self.startsNumber(base[index]) else {
            slot.pointee = first
            visitor.element(first)
            return true
        }
        if powers[9] == 0 { Self.writeInversePowers(into: UnsafeMutablePointer(mutating: powers)) }
        var run = NumberRunState(first: first, cursor: index)
        var skip = 0  // numbers to read one by one before `readCommonNumbers` is tried again
        var retry = 0
        while true {
            // `run.cursor` (and `index`) is on a number's first byte, `run.next` its element.
            if skip > 0 {
                skip &-= 1
            } else if run.cursor &+ Self.commonWindow <= end {
                let before = run.next
                readCommonNumbers(&run)
                index = run.cursor
                if run.next == before {
                    // Not a common form: tried again after the next number, then after ever
                    // more (up to 31) while numbers of other forms follow (exponents).
                    skip = retry
                    retry = min(retry &* 2 &+ 1, 31)
                } else {
                    retry = 0
                    // After a comma and (some of) its whitespace.
                    skipWhitespace()
                    guard index < end, Self.startsNumber(base[index]) else {
                        return Self.endRun(run, beforeElement: true, into: &visitor, slot: slot)
                    }
                }
            }
            let token: JSONNumberToken
            do {
                token = try readNumber()
            } catch {
                if run.next > first { visitor.numberRun(run.summary) }
                slot.pointee = run.next
                visitor.element(run.next)
                throw error
            }
            run.statistics.add(token.approximateDoubleValue, isInteger: token.isInteger)
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: ",") else {
                return Self.endRun(run, beforeElement: false, into: &visitor, slot: slot)
            }
            index &+= 1
            run.next &+= 1
            skipWhitespace()
            guard index < end, Self.startsNumber(base[index]) else {
                return Self.endRun(run, beforeElement: true, into: &visitor, slot: slot)
            }
            run.cursor = index
        }
    }

    /// Hands the run over; `beforeElement`: element `run.next`, which is not a number, follows
    /// (reported; true), else the array's closing loop takes over after the last number (false).
    @inlinable @inline(__always)
    static func endRun<V: JSONNumberRunVisitor>(
        _ run: NumberRunState, beforeElement: Bool, into visitor: inout V, slot: UnsafeMutablePointer<Int>
    ) -> Bool {
        visitor.numberRun(run.summary)
        slot.pointee = run.next
        if beforeElement { visitor.element(run.next) }
        return beforeElement
    }

    /// Bytes `readCommonNumbers` needs after a number's first byte: a 32-byte window for the
    /// number and its comma, two bytes after the comma.
    @inlinable static var commonWindow: Int { 64 }

    /// The bulk of a run of numbers: from `run.cursor` (a number's first byte) while
    /// `commonWindow` bytes remain, numbers of the common forms `-?0\.\d{1,18}` (embedding
    /// vectors) and `-?(0|[1-9]\d{0,17})` (token ids), each followed at once by a comma. A
    /// number's end is found by one classification of 16 (or 32) bytes, not by reading its
    /// digits first, so the next number's address does not wait for them; the digits are then
    /// read a word at a time, validated against the length found (fewer than 19 digits: no digit
    /// is dropped, the significand is below 2^63). Each number read here is counted in
    /// `run.next`, its `approximateDoubleValue` folded into the statistics.
    /// Stops on the first byte of anything else (after the comma and its whitespace when it read
    /// a number): the caller reads it as before.
    @inlinable @inline(__always)
    func readCommonNumbers(_ run: inout NumberRunState) {
        // In locals (registers): no call in this loop.
        var position = run.cursor
        var statistics = run.statistics
        var next = run.next
        while position &+ Self.commonWindow <= end {
            guard let length = Self.commonNumberLength(at: UnsafeRawPointer(base + position)) else { break }
            let numberEnd = position &+ length
            guard base[numberEnd] == UInt8(ascii: ",") else { break }
            // The sign as a number, not a branch (signs of embedding values are random).
            let sign = UInt64(truncatingIfNeeded: UInt8(base[position] == UInt8(ascii: "-") ? 1 : 0))
            let unsigned = position &+ Int(truncatingIfNeeded: sign)
            let isFraction = UnsafeRawPointer(base + unsigned).loadUnaligned(as: UInt16.self) == UInt16(littleEndian: 0x2E30)  // "0."
            let digitsAt = isFraction ? unsigned &+ 2 : unsigned
            let count = numberEnd &- digitsAt
            // 1 to 18 digits; an integer's first is not a leading zero.
            guard UInt(bitPattern: count &- 1) < 18, isFraction || count == 1 || base[unsigned] != UInt8(ascii: "0") else { break }
            guard let significand = commonSignificand(at: digitsAt, count: count) else { break }
            // As `approximateDoubleValue`: below 2^63, the signed conversion gives the same double;
            // negated as `-value` negates, the sign bit set.
            let magnitude = Double(Int64(bitPattern: significand)) * inversePower(isFraction ? count : 0)
            statistics.add(Double(bitPattern: magnitude.bitPattern | sign &<< 63), isInteger: !isFraction)
            next &+= 1
            // The comma, then whitespace (none, a space, or a line and its indentation).
            position = numberEnd &+ 1
            if base[position] <= 0x20 {
                if base[position] == 0x20, base[position &+ 1] > 0x20 {
                    position &+= 1
                } else if let found = Self.firstNonWhitespace(in: UnsafeRawPointer(base + position)) {
                    position &+= found
                } else {
                    // Longer: the caller skips the rest.
                    position &+= 16
                    break
                }
            }
        }
        run.cursor = position
        run.statistics = statistics
        run.next = next
    }

    /// The length of the number at `raw` when one of the first 32 bytes is outside
    /// "-./0123456789" (the others are validated by the caller): the number ends there.
    @inlinable @inline(__always)
    static func commonNumberLength(at raw: UnsafeRawPointer) -> Int? {
        let offset = SIMD16<UInt8>(repeating: UInt8(ascii: "-"))
        let span = SIMD16<UInt8>(repeating: UInt8(ascii: "9") &- UInt8(ascii: "-"))
        let words = unsafeBitCast(raw.loadUnaligned(as: SIMD16<UInt8>.self) &- offset .> span, to: SIMD2<UInt64>.self)
        if words[0] != 0 { return words[0].trailingZeroBitCount >> 3 }
        if words[1] != 0 { return 8 &+ words[1].trailingZeroBitCount >> 3 }
        let more = unsafeBitCast(
            raw.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self) &- offset .> span, to: SIMD2<UInt64>.self)
        if more[0] != 0 { return 16 &+ more[0].trailingZeroBitCount >> 3 }
        if more[1] != 0 { return 24 &+ more[1].trailingZeroBitCount >> 3 }
        return nil
    }

    /// The value of the `count` (1 to 18) bytes at `digitsAt`, a word at a time; nil when one of
    /// them is not a digit.
    @inlinable @inline(__always)
    func commonSignificand(at digitsAt: Int, count: Int) -> UInt64? {
        let digits = UnsafeRawPointer(base + digitsAt)
        var value: UInt64 = 0
        var offset = 0
        while offset < count {
            let word = UInt64(littleEndian: digits.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let low = word &- 0x3030_3030_3030_3030
            let taken = min(count &- offset, 8)
            guard Self.digitBytes(word, low: low) >= taken else { return nil }
            // The digits moved to the top bytes: the bytes below read as leading zeros.
            value = value &* powers[taken] &+ Self.digitsValue(low &<< UInt64((8 &- taken) << 3))
            offset &+= 8
        }
        return value
    }
}

/// Numbers summarised in runs, for a `JSONNumberRunVisitor` (`readNumberRun`).
@usableFromInline
enum NumbersInRuns<Visitor: JSONNumberRunVisitor>: ArrayReading {
    @inlinable @inline(never)
    static func readElements(
        _ reader: Reader, into visitor: inout Visitor, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> (Bool, Int) {
        var reader = reader
        let more = try reader.readNumberRun(into: &visitor, slot: slot, first: first)
        return (more, reader.index)
    }
}
