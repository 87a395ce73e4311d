/// A strict RFC 8259 JSON scanner over raw bytes, in the spirit of swift-foundation's JSONScanner:
/// bytes in, a switch per byte, events out to a `JSONVisitor`, no tree of values.
///
/// - Strict: no trailing commas, no comments, no `NaN`/`Infinity`, no leading zeros, no raw
///   control characters in strings; UTF-8 is validated inside strings; after the document only
///   whitespace may follow.
/// - A leading UTF-8 byte order mark is skipped and reported by `bomSkipped`.
/// - Nesting is kept on an explicit stack, never by recursion, and capped by `maximumDepth`
///   (default 512): a deeper document fails with `.tooDeep` at the offending bracket.
/// - A lone UTF-16 surrogate in a `\u` escape is accepted (RFC 8259 allows it) and flagged on the
///   token (`JSONStringToken.hasLoneSurrogate`).
public struct JSONScanner: @unchecked Sendable {
    /// The bytes being scanned.
    public let bytes: UnsafeRawBufferPointer
    /// The deepest nesting of objects and arrays accepted.
    public let maximumDepth: Int
    /// True when the input started with a UTF-8 BOM, which was skipped.
    public var bomSkipped: Bool { skippedBOM }
    @usableFromInline var skippedBOM = false

    /// The default nesting limit.
    public static let defaultMaximumDepth = 512

    /// Nesting kept on the machine stack (96 words, plus the 29 powers of ten beside them:
    /// 1,000 bytes, under the 1 KB at which Swift would allocate a temporary buffer on the heap).
    @usableFromInline static let inlineDepth = 96

    public init(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int = JSONScanner.defaultMaximumDepth) {
        self.bytes = bytes
        self.maximumDepth = max(1, maximumDepth)
    }

    /// Scans the whole buffer as one JSON document, sending events to `visitor`.
    ///
    /// On error, events already sent are not retracted: a visitor that must not keep a partial
    /// document should build per document and commit only when this returns.
    @inlinable
    public mutating func scan<V: JSONVisitor>(into visitor: inout V) throws(JSONScanError) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { throw JSONScanError(.empty, offset: 0) }
        let base = start.assumingMemoryBound(to: UInt8.self)
        var index = 0
        if bytes.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            skippedBOM = true
            index = 3
        }
        let count = bytes.count
        let maximumDepth = maximumDepth
        // The nesting stack starts on the machine stack (small enough never to be heap
        // allocated) and moves to the heap only for documents nested deeper than that. The
        // powers of ten the digit reader multiplies by live beside it: a load, not a switch
        // (whose jump table mispredicts as digit counts vary), and no lazily initialised global.
        // A constant size, whatever `maximumDepth` (a fixed frame: no size arithmetic per
        // document, which stream events, small and many, would notice).
        let initial = min(maximumDepth, Self.inlineDepth)
        try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.inlineDepth + Reader.powerCount) { (memory) throws(JSONScanError) in
            let words = memory.baseAddress!
            Reader.writePowers(into: words + Self.inlineDepth)
            var reader = Reader(base: base, end: count, index: index, powers: words + Self.inlineDepth)
            reader.skipWhitespace()
            if reader.index >= reader.end { throw JSONScanError(.empty, offset: reader.index) }
            let stack = UnsafeMutableRawPointer(words).bindMemory(to: Int.self, capacity: initial)
            try reader.scanDocument(into: &visitor, stack: stack, capacity: initial, maximumDepth: maximumDepth)
        }
    }

    /// Validates the buffer as one JSON document.
    public mutating func validate() throws(JSONScanError) {
        var visitor = JSONValidatingVisitor()
        try scan(into: &visitor)
    }
}

/// The scanning loop: a cursor over the bytes.
@usableFromInline
struct Reader {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let end: Int
    @usableFromInline var index: Int
    /// 10^0 ... 10^8 (`writePowers`), then room for the bit patterns of the doubles
    /// 10^-0 ... 10^-19 (`writeInversePowers`, by the first run of numbers that needs them;
    /// 0 in the first slot until then). No field for that: four words pass in registers.
    @usableFromInline let powers: UnsafePointer<UInt64>

    @inlinable static var powerCount: Int { 9 &+ inversePowerCount }
    /// The doubles 10^-0 ... 10^-19 after the integer powers: a load, not a switch (whose
    /// jump table mispredicts as the digit counts of an embedding vector vary).
    @inlinable static var inversePowerCount: Int { 20 }

    @inlinable
    init(base: UnsafePointer<UInt8>, end: Int, index: Int, powers: UnsafePointer<UInt64>) {
        self.base = base
        self.end = end
        self.index = index
        self.powers = powers
    }

    /// Writes 10^0 ... 10^8 at `table`.
    @inlinable @inline(__always)
    static func writePowers(into table: UnsafeMutablePointer<UInt64>) {
        var power: UInt64 = 1
        for n in 0..<9 {
            (table + n).initialize(to: power)
            power &*= 10
        }
        (table + 9).initialize(to: 0)  // no inverse powers yet
    }

    /// Writes the doubles 10^-0 ... 10^-19 after the powers at `table` (done per run of numbers,
    /// not per document: most documents, such as stream events, have none).
    @inlinable @inline(never)
    static func writeInversePowers(into table: UnsafeMutablePointer<UInt64>) {
        for n in 0..<inversePowerCount {
            (table + (9 &+ n)).initialize(to: JSONNumberToken.inversePower(n).bitPattern)
        }
    }

    /// 10^-n for n in 0...19, as `JSONNumberToken.inversePower(n)` (from the table, once
    /// `writeInversePowers` has written it).
    @inlinable @inline(__always)
    func inversePower(_ n: Int) -> Double {
        Double(bitPattern: powers[9 &+ n])
    }

    @inlinable @inline(__always)
    func error(_ reason: JSONScanError.Reason, at offset: Int? = nil) -> JSONScanError {
        JSONScanError(reason, offset: offset ?? index)
    }

    @inlinable @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Skips JSON whitespace (space, tab, CR, LF): inline for no whitespace or one space (the
    /// `", "` and `": "` of compact JSON), a call for longer runs.
    @inlinable @inline(__always)
    mutating func skipWhitespace() {
        guard index < end, base[index] <= 0x20 else { return }
        if base[index] == 0x20, index &+ 1 < end, base[index &+ 1] > 0x20 {
            index &+= 1
            return
        }
        index = Self.whitespaceRunEnd(self)
    }

    /// Skips a run of whitespace, 16 bytes at a time (the indentation of pretty-printed JSON),
    /// stopping at exactly the first other byte.
    @inlinable @inline(__always)
    mutating func skipWhitespaceRun() {
        while index &+ 16 <= end {
            let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<Int8>.self)
            let whitespace = (block .== SIMD16<Int8>(repeating: 0x20)) .| (block .== SIMD16<Int8>(repeating: 0x0A))
                .| (block .== SIMD16<Int8>(repeating: 0x0D)) .| (block .== SIMD16<Int8>(repeating: 0x09))
            let words = unsafeBitCast(whitespace, to: SIMD2<UInt64>.self)
            if ~words[0] != 0 {
                index &+= (~words[0]).trailingZeroBitCount >> 3
                return
            }
            if ~words[1] != 0 {
                index &+= 8 &+ (~words[1]).trailingZeroBitCount >> 3
                return
            }
            index &+= 16
        }
        while index < end, Self.isWhitespace(base[index]) { index &+= 1 }
    }

    /// The stack holds, per open container, -1 - (current member index) for an object, or the
    /// current element index for an array.
    @inlinable
    mutating func scanDocument<V: JSONVisitor>(
        into visitor: inout V, stack initialStack: UnsafeMutablePointer<Int>, capacity initialCapacity: Int, maximumDepth: Int
    ) throws(JSONScanError) {
        var depth = 0
        var stack = initialStack
        var capacity = initialCapacity
        var heapStack: UnsafeMutablePointer<Int>?
        defer { heapStack?.deallocate() }
        /// Moves the stack to the heap, sized for the maximum depth.
        func grow() {
            let bigger = UnsafeMutablePointer<Int>.allocate(capacity: maximumDepth)
            bigger.update(from: stack, count: depth)
            heapStack?.deallocate()
            heapStack = bigger
            stack = bigger
            capacity = maximumDepth
        }
        // Each iteration reads one value, then closes containers and finds the next value's place.
        value: while true {
            skipWhitespace()
            guard index < end else { throw error(.unexpectedEnd) }
            switch base[index] {
            case UInt8(ascii: "{"):
                if depth >= maximumDepth { throw error(.tooDeep) }
                if depth >= capacity { grow() }
                index += 1
                visitor.beginObject()
                skipWhitespace()
                guard index < end else { throw error(.unexpectedEnd) }
                if base[index] == UInt8(ascii: "}") {
                    index += 1
                    visitor.endObject(memberCount: 0)
                } else {
                    stack[depth] = -1
                    depth &+= 1
                    try readKey(into: &visitor)
                    continue value
                }
            case UInt8(ascii: "["):
                if depth >= maximumDepth { throw error(.tooDeep) }
                if depth >= capacity { grow() }
                index += 1
                visitor.beginArray()
                skipWhitespace()
                guard index < end else { throw error(.unexpectedEnd) }
                if base[index] == UInt8(ascii: "]") {
                    index += 1
                    visitor.endArray(count: 0)
                } else {
                    stack[depth] = 0
                    depth &+= 1
                    visitor.element(0)
                    continue value
                }
            case UInt8(ascii: "\""):
                index += 1
                let token = try readString()
                visitor.string(token)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let token = try readNumber()
                visitor.number(token)
            case UInt8(ascii: "t"):
                try expectLiteral(0x74_72_75_65, length: 4)
                visitor.bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral(0x66_61_6C_73_65, length: 5)
                visitor.bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral(0x6E_75_6C_6C, length: 4)
                visitor.null()
            case UInt8(ascii: "N"), UInt8(ascii: "I"):
                throw error(.nonFiniteNumber)
            default:
                throw error(.unexpectedCharacter)
            }
            // After a value: close containers until one continues.
            while true {
                if depth == 0 {
                    skipWhitespace()
                    if index < end { throw error(.trailingGarbage) }
                    return
                }
                skipWhitespace()
                guard index < end else { throw error(.unexpectedEnd) }
                let byte = base[index]
                let top = stack[depth &- 1]
                if top < 0 {
                    // An object: the slot holds -1 - (index of the current member).
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        stack[depth &- 1] = top &- 1
                        try readKey(into: &visitor)
                        continue value
                    }
                    if byte == UInt8(ascii: "}") {
                        index += 1
                        depth &-= 1
                        visitor.endObject(memberCount: 0 &- top)
                        continue
                    }
                    throw error(.unexpectedCharacter)
                } else {
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        // Arrays of numbers (embedding vectors) are read in a loop of their own.
                        if try readNumberRun(into: &visitor, slot: stack + (depth &- 1), first: top &+ 1) { continue value }
                        continue
                    }
                    if byte == UInt8(ascii: "]") {
                        index += 1
                        depth &-= 1
                        visitor.endArray(count: top &+ 1)
                        continue
                    }
                    throw error(.unexpectedCharacter)
                }
            }
        }
    }

    /// After a comma in an array: reports element `first` and, while the elements are numbers
    /// separated by commas, reads them here, without going back through the value dispatch.
    /// Same events and same errors as the value loop: returns true when the next element is not
    /// a number (the value loop reads it; `element` was reported), false after a number not
    /// followed by a comma (the closing loop takes over). Kept out of `scanDocument`, whose size
    /// decides what the compiler inlines there.
    @inlinable @inline(__always)
    mutating func readNumberRun<V: JSONVisitor>(
        into visitor: inout V, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> Bool {
        let (more, next) = try Self.readNumberRun(self, into: &visitor, slot: slot, first: first)
        index = next
        return more
    }

    @inlinable @inline(__always)
    mutating func readNumberRunInline<V: JSONVisitor>(
        into visitor: inout V, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> Bool {
        if V.takesNumberRuns { return try readSummarizedNumberRun(into: &visitor, slot: slot, first: first) }
        var next = first
        while true {
            slot.pointee = next
            visitor.element(next)
            skipWhitespace()
            guard index < end else { return true }
            let byte = base[index]
            guard byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 else { return true }
            let token = try readNumber()
            visitor.number(token)
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: ",") else { return false }
            index += 1
            next &+= 1
        }
    }

    /// `readNumberRun` for a visitor that takes runs: the numbers are summarised here (counts,
    /// least and greatest values) and handed over in one `numberRun(_:)` call when the run ends.
    /// The same calls reach a visitor as per element: the run, then `element(_:)` for the item
    /// that is not a number, or for the number that fails (before the error is thrown).
    @inlinable @inline(__always)
    mutating func readSummarizedNumberRun<V: JSONVisitor>(
        into visitor: inout V, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> Bool {
        skipWhitespace()
        guard index < end, Self.startsNumber(base[index]) else {
            slot.pointee = first
            visitor.element(first)
            return true
        }
        if powers[9] == 0 { Self.writeInversePowers(into: UnsafeMutablePointer(mutating: powers)) }
        let start = index
        // The statistics and the cursor in locals (registers), into `index` only around calls.
        var cursor = index
        var integers = 0
        var fractions = 0
        var integerMin = Double.infinity
        var integerMax = -Double.infinity
        var fractionMin = Double.infinity
        var fractionMax = -Double.infinity
        var next = first
        var last = start  // after the last number read
        var skip = 0  // numbers to read one by one before `readCommonNumbers` is tried again
        var retry = 0
        func summary() -> JSONNumberRun {
            var run = JSONNumberRun(raw: UnsafeRawBufferPointer(start: base + start, count: last &- start), first: first)
            run.integers = integers
            run.fractions = fractions
            run.integerMin = integerMin
            run.integerMax = integerMax
            run.fractionMin = fractionMin
            run.fractionMax = fractionMax
            return run
        }
        while true {
            // `cursor` is on a number's first byte, `next` its element.
            if skip > 0 {
                skip &-= 1
            } else if cursor &+ Self.commonWindow <= end {
                let before = next
                readCommonNumbers(
                    cursor: &cursor, next: &next, last: &last, integers: &integers, fractions: &fractions,
                    integerMin: &integerMin, integerMax: &integerMax, fractionMin: &fractionMin, fractionMax: &fractionMax)
                if next == before {
                    // Not a common form: tried again after the next number, then after ever
                    // more (up to 31) while numbers of other forms follow (exponents).
                    skip = retry
                    retry = min(retry &* 2 &+ 1, 31)
                } else {
                    retry = 0
                    // After a comma and (some of) its whitespace, as at the end of this loop.
                    if cursor < end, base[cursor] <= 0x20 {
                        index = cursor
                        skipWhitespace()
                        cursor = index
                    }
                    guard cursor < end, Self.startsNumber(base[cursor]) else {
                        index = cursor
                        visitor.numberRun(summary())
                        slot.pointee = next
                        visitor.element(next)
                        return true
                    }
                }
            }
            let value: Double
            let isInteger: Bool
            if let short = readShortNumber(at: cursor) {
                cursor = short.end
                value = short.value
                isInteger = short.isInteger
            } else {
                index = cursor
                let token: JSONNumberToken
                do {
                    token = try readNumber()
                } catch {
                    if next > first { visitor.numberRun(summary()) }
                    slot.pointee = next
                    visitor.element(next)
                    throw error
                }
                cursor = index
                value = token.approximateDoubleValue
                isInteger = token.isInteger
            }
            if isInteger {
                integers &+= 1
                integerMin = min(integerMin, value)
                integerMax = max(integerMax, value)
            } else {
                fractions &+= 1
                fractionMin = min(fractionMin, value)
                fractionMax = max(fractionMax, value)
            }
            last = cursor
            if cursor < end, base[cursor] == UInt8(ascii: ",") {
                cursor &+= 1
            } else {
                index = cursor
                skipWhitespace()
                guard index < end, base[index] == UInt8(ascii: ",") else {
                    slot.pointee = next
                    visitor.numberRun(summary())
                    return false
                }
                cursor = index &+ 1
            }
            next &+= 1
            if cursor < end, base[cursor] <= 0x20 {
                index = cursor
                skipWhitespace()
                cursor = index
            }
            guard cursor < end, Self.startsNumber(base[cursor]) else {
                index = cursor
                visitor.numberRun(summary())
                slot.pointee = next
                visitor.element(next)
                return true
            }
        }
    }

    /// Bytes `readCommonNumbers` needs after a number's first byte: a 32-byte window for the
    /// number and its comma, two bytes after the comma.
    @inlinable static var commonWindow: Int { 64 }

    /// The bulk of a run of numbers: from `cursor` (a number's first byte) while `commonWindow`
    /// bytes remain, numbers of the common forms `-?0\.\d{1,18}` (embedding vectors) and
    /// `-?(0|[1-9]\d{0,17})` (token ids), each followed at once by a comma. A number's end is
    /// found by one classification of 16 (or 32) bytes, not by reading its digits first, so the
    /// next number's address does not wait for them; the digits are then read two words at a
    /// time, validated against the length found (fewer than 19 digits: no digit is dropped, the
    /// significand is below 2^63). Each number read here is counted in `next`,
    /// its end is `last`, its `JSONNumberToken.approximateDoubleValue` folded into the
    /// statistics as the caller folds it. Stops on the first byte of anything else (after the
    /// comma and its whitespace when it read a number): the caller reads it as before.
    @inlinable @inline(__always)
    mutating func readCommonNumbers(
        cursor: inout Int, next: inout Int, last: inout Int, integers: inout Int, fractions: inout Int,
        integerMin: inout Double, integerMax: inout Double, fractionMin: inout Double, fractionMax: inout Double
    ) {
        var position = cursor
        var integerCount = integers
        var fractionCount = fractions
        var leastInteger = integerMin
        var greatestInteger = integerMax
        var leastFraction = fractionMin
        var greatestFraction = fractionMax
        let offset = SIMD16<UInt8>(repeating: UInt8(ascii: "-"))
        let span = SIMD16<UInt8>(repeating: UInt8(ascii: "9") &- UInt8(ascii: "-"))
        while position &+ Self.commonWindow <= end {
            let raw = UnsafeRawPointer(base + position)
            // The bytes outside "-./0123456789" (the others are validated below): the number
            // ends at the first.
            let words = unsafeBitCast(raw.loadUnaligned(as: SIMD16<UInt8>.self) &- offset .> span, to: SIMD2<UInt64>.self)
            let length: Int
            if words[0] != 0 {
                length = words[0].trailingZeroBitCount >> 3
            } else if words[1] != 0 {
                length = 8 &+ words[1].trailingZeroBitCount >> 3
            } else {
                let more = unsafeBitCast(
                    raw.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self) &- offset .> span, to: SIMD2<UInt64>.self)
                if more[0] != 0 {
                    length = 16 &+ more[0].trailingZeroBitCount >> 3
                } else if more[1] != 0 {
                    length = 24 &+ more[1].trailingZeroBitCount >> 3
                } else {
                    break
                }
            }
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
            let firstWord = UInt64(littleEndian: UnsafeRawPointer(base + digitsAt).loadUnaligned(as: UInt64.self))
            let firstLow = firstWord &- 0x3030_3030_3030_3030
            let significand: UInt64
            if count <= 8 {
                guard Self.digitBytes(firstWord, low: firstLow) >= count else { break }
                // The digits moved to the top bytes: the bytes below read as leading zeros.
                significand = Self.digitsValue(firstLow &<< UInt64((8 &- count) << 3))
            } else {
                let secondWord = UInt64(littleEndian: UnsafeRawPointer(base + digitsAt).loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                let secondLow = secondWord &- 0x3030_3030_3030_3030
                let secondCount = min(count &- 8, 8)
                guard Self.digitBytes(firstWord, low: firstLow) == 8, Self.digitBytes(secondWord, low: secondLow) >= secondCount else { break }
                var value = Self.digitsValue(firstLow) &* powers[secondCount] &+ Self.digitsValue(secondLow &<< UInt64((8 &- secondCount) << 3))
                if count > 16 {
                    // 17 or 18 digits (doubles printed in full): below 10^18, no digit dropped.
                    let thirdWord = UInt64(littleEndian: UnsafeRawPointer(base + digitsAt).loadUnaligned(fromByteOffset: 16, as: UInt64.self))
                    let thirdLow = thirdWord &- 0x3030_3030_3030_3030
                    let thirdCount = count &- 16
                    guard Self.digitBytes(thirdWord, low: thirdLow) >= thirdCount else { break }
                    value = value &* powers[thirdCount] &+ Self.digitsValue(thirdLow &<< UInt64((8 &- thirdCount) << 3))
                }
                significand = value
            }
            // As `approximateDoubleValue`: below 2^63, the signed conversion gives the same double;
            // negated as `-value` negates, the sign bit set.
            let magnitude = Double(Int64(bitPattern: significand)) * inversePower(isFraction ? count : 0)
            let value = Double(bitPattern: magnitude.bitPattern | sign &<< 63)
            if isFraction {
                fractionCount &+= 1
                leastFraction = min(leastFraction, value)
                greatestFraction = max(greatestFraction, value)
            } else {
                integerCount &+= 1
                leastInteger = min(leastInteger, value)
                greatestInteger = max(greatestInteger, value)
            }
            next &+= 1
            last = numberEnd
            // The comma, then whitespace (none, a space, or a line and its indentation); no
            // call in this loop (the statistics stay in registers).
            position = numberEnd &+ 1
            if base[position] <= 0x20 {
                if base[position] == 0x20, base[position &+ 1] > 0x20 {
                    position &+= 1
                } else {
                    let block = UnsafeRawPointer(base + position).loadUnaligned(as: SIMD16<Int8>.self)
                    let whitespace = (block .== SIMD16<Int8>(repeating: 0x20)) .| (block .== SIMD16<Int8>(repeating: 0x0A))
                        .| (block .== SIMD16<Int8>(repeating: 0x0D)) .| (block .== SIMD16<Int8>(repeating: 0x09))
                    let words = unsafeBitCast(whitespace, to: SIMD2<UInt64>.self)
                    if ~words[0] != 0 {
                        position &+= (~words[0]).trailingZeroBitCount >> 3
                    } else if ~words[1] != 0 {
                        position &+= 8 &+ (~words[1]).trailingZeroBitCount >> 3
                    } else {
                        // Longer: the caller skips the rest.
                        position &+= 16
                        break
                    }
                }
            }
        }
        cursor = position
        integers = integerCount
        fractions = fractionCount
        integerMin = leastInteger
        integerMax = greatestInteger
        fractionMin = leastFraction
        fractionMax = greatestFraction
    }

    /// True for the bytes that start a number: `-` and the digits.
    @inlinable @inline(__always)
    static func startsNumber(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10
    }

    /// Reads, at `position`, the common numbers of arrays without a loop: an integer of 1 to 7
    /// digits, or `0.` and 1 to 15 digits (embedding vectors), maybe negative, without an
    /// exponent. Returns where it ends and its `JSONNumberToken.approximateDoubleValue`; nil for
    /// any other number (or malformed one) and within 18 bytes of the end: `readNumber()` reads it.
    @inlinable @inline(__always)
    func readShortNumber(at position: Int) -> (end: Int, value: Double, isInteger: Bool)? {
        // The sign as a number, not a branch (signs of embedding values are random).
        let sign = UInt64(truncatingIfNeeded: UInt8(base[position] == UInt8(ascii: "-") ? 1 : 0))
        let digitsAt = position &+ Int(truncatingIfNeeded: sign)
        guard digitsAt &+ 18 <= end else { return nil }
        let raw = UnsafeRawPointer(base + digitsAt)
        if raw.loadUnaligned(as: UInt16.self) == UInt16(littleEndian: 0x2E30) {  // "0."
            let fraction = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            let fractionLow = fraction &- 0x3030_3030_3030_3030
            let fractionCount = Self.digitBytes(fraction, low: fractionLow)
            guard fractionCount > 0 else { return nil }
            var digits = fractionCount
            var significand = Self.digitsValue(fractionLow &<< UInt64((8 &- fractionCount) << 3))
            if fractionCount == 8 {
                let more = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 10, as: UInt64.self))
                let moreLow = more &- 0x3030_3030_3030_3030
                let moreCount = Self.digitBytes(more, low: moreLow)
                guard moreCount < 8 else { return nil }
                // No digit here: shifted out whole (two shifts: one of 64 would be masked to none).
                let half = UInt64((8 &- moreCount) << 2)
                significand = significand &* powers[moreCount] &+ Self.digitsValue((moreLow &<< half) &<< half)
                digits &+= moreCount
            }
            let end = digitsAt &+ 2 &+ digits
            guard base[end] | 0x20 != UInt8(ascii: "e") else { return nil }
            // Below 2^53: the signed conversion (one instruction) gives the same double.
            let value = Double(Int64(bitPattern: significand)) * inversePower(digits)
            // Negated as `-value` negates: the sign bit set (the value is + or +0).
            return (end, Double(bitPattern: value.bitPattern | sign &<< 63), false)
        }
        let word = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let low = word &- 0x3030_3030_3030_3030
        let count = Self.digitBytes(word, low: low)
        guard count > 0, count < 8 else { return nil }
        let after = UInt8(truncatingIfNeeded: word &>> UInt64(count << 3))
        // An integer: no fraction (other than after `0`, above), no exponent, no leading zero
        // (`readNumber()` reports those).
        guard after != UInt8(ascii: "."), after | 0x20 != UInt8(ascii: "e"), count == 1 || low & 0xFF != 0 else { return nil }
        let value = Double(Int64(bitPattern: Self.digitsValue(low &<< UInt64((8 &- count) << 3))))
        return (digitsAt &+ count, Double(bitPattern: value.bitPattern | sign &<< 63), true)
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

    /// Reads `"key"` and `:`; the value follows.
    @inlinable @inline(__always)
    mutating func readKey<V: JSONVisitor>(into visitor: inout V) throws(JSONScanError) {
        index = try Self.readKey(self, into: &visitor)
    }

    @inlinable @inline(__always)
    mutating func readKeyInline<V: JSONVisitor>(into visitor: inout V) throws(JSONScanError) {
        skipWhitespace()
        guard index < end else { throw error(.unexpectedEnd) }
        guard base[index] == UInt8(ascii: "\"") else { throw error(.unexpectedCharacter) }
        index += 1
        let key = try readString()
        if index < end, base[index] == UInt8(ascii: ":") {
            index += 1
        } else {
            skipWhitespace()
            guard index < end else { throw error(.unexpectedEnd) }
            guard base[index] == UInt8(ascii: ":") else { throw error(.unexpectedCharacter) }
            index += 1
        }
        visitor.key(key)
    }

    @inlinable @inline(__always)
    mutating func expectLiteral(_ word: UInt64, length: Int) throws(JSONScanError) {
        index = try Self.expectLiteral(self, word, length: length)
    }

    @inlinable @inline(__always)
    mutating func expectLiteralInline(_ word: UInt64, length: Int) throws(JSONScanError) {
        if index &+ 4 <= end {
            // One load for the four bytes (`true`, `null`, `fals`): big-endian order matches `word`.
            let four = UInt32(bigEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt32.self))
            if four == UInt32(truncatingIfNeeded: word >> (8 * UInt64(length - 4))),
                length == 4 || (index &+ 4 < end && base[index &+ 4] == UInt8(truncatingIfNeeded: word))
            {
                index &+= length
                return
            }
        }
        for offset in 0..<length {
            let expected = UInt8(truncatingIfNeeded: word >> (8 * UInt64(length - 1 - offset)))
            guard index + offset < end else { throw error(.unexpectedEnd, at: end) }
            if base[index + offset] != expected { throw error(.unexpectedCharacter, at: index + offset) }
        }
        index += length
    }

    /// Reads a string body after its opening quote; leaves `index` after the closing quote.
    ///
    /// Short strings (most keys) are read here with one probe: the first quote, backslash,
    /// control or non-ASCII byte among the next 16 (or 8) bytes; when it is the closing quote the
    /// string is done. Anything else goes on in `readStringBody` from the first special byte
    /// (or after 16 ordinary ones), with the same result as reading it there from the start.
    @inlinable @inline(__always)
    mutating func readString() throws(JSONScanError) -> JSONStringToken {
        let start = index
        if index &+ 16 <= end {
            let words = unsafeBitCast(
                Self.specialLanes(UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<Int8>.self)), to: SIMD2<UInt64>.self)
            let position: Int
            if words[0] != 0 {
                position = words[0].trailingZeroBitCount >> 3
            } else if words[1] != 0 {
                position = 8 &+ words[1].trailingZeroBitCount >> 3
            } else {
                index &+= 16
                return try readStringBody(start: start)
            }
            index &+= position
            if base[index] == UInt8(ascii: "\"") {
                index &+= 1
                return JSONStringToken(raw: UnsafeRawBufferPointer(start: base + start, count: position), flags: 0, utf8Count: position)
            }
        } else if index &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let mask = Self.specialBytes(word)
            if mask == 0 {
                index &+= 8
                return try readStringBody(start: start)
            }
            let position = mask.trailingZeroBitCount >> 3
            index &+= position
            if base[index] == UInt8(ascii: "\"") {
                index &+= 1
                return JSONStringToken(raw: UnsafeRawBufferPointer(start: base + start, count: position), flags: 0, utf8Count: position)
            }
        }
        return try readStringBody(start: start)
    }

    /// The lanes of `block` holding a quote, a backslash, a control or a non-ASCII byte.
    @inlinable @inline(__always)
    static func specialLanes(_ block: SIMD16<Int8>) -> SIMDMask<SIMD16<Int8>> {
        (block .== SIMD16<Int8>(repeating: 0x22)) .| (block .== SIMD16<Int8>(repeating: 0x5C))
            .| (block .< SIMD16<Int8>(repeating: 0x20))
    }

    /// 0x80 in each byte of `word` that is a quote, a backslash, a control or non-ASCII, and
    /// possibly in bytes above the first such byte (borrows only move up): the lowest is exact.
    @inlinable @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let quotes = word ^ 0x2222_2222_2222_2222
        let slashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
        let special =
            ((quotes &- 0x0101_0101_0101_0101) & ~quotes)
            | ((slashes &- 0x0101_0101_0101_0101) & ~slashes)
            | ((word &- 0x2020_2020_2020_2020) & ~word)
            | word
        return special & 0x8080_8080_8080_8080
    }

    /// The general string reader: the string started at `start`, the bytes before `index` are
    /// ordinary ASCII (no quote, backslash, control); leaves `index` after the closing quote.
    @inlinable @inline(__always)
    mutating func readStringBody(start: Int) throws(JSONScanError) -> JSONStringToken {
        let (token, next) = try Self.readStringBody(self, start: start)
        index = next
        return token
    }

    @inlinable @inline(__always)
    mutating func readStringBodyInline(start: Int) throws(JSONScanError) -> JSONStringToken {
        var flags: UInt8 = 0
        var saved = 0  // bytes saved by resolving escapes
        while true {
            // Sixteen bytes at a time while none is special (quote, backslash, control, non-ASCII:
            // as signed bytes, controls and non-ASCII are the ones below 0x20); the first special
            // byte found exactly.
            // (The cursor and the base in locals: registers, not a store and a load per block.)
            var cursor = index
            let bytes = UnsafeRawPointer(base)
            while cursor &+ 16 <= end {
                let words = unsafeBitCast(
                    Self.specialLanes(bytes.loadUnaligned(fromByteOffset: cursor, as: SIMD16<Int8>.self)), to: SIMD2<UInt64>.self)
                if words[0] | words[1] != 0 {
                    cursor &+= words[0] != 0 ? words[0].trailingZeroBitCount >> 3 : 8 &+ words[1].trailingZeroBitCount >> 3
                    break
                }
                cursor &+= 16
            }
            index = cursor
            // Then eight at a time near the end, to find it.
            if index &+ 16 > end {
                while index &+ 8 <= end {
                    let mask = Self.specialBytes(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                    if mask == 0 {
                        index &+= 8
                        continue
                    }
                    index &+= mask.trailingZeroBitCount >> 3
                    break
                }
            }
            guard index < end else { throw error(.unexpectedEnd) }
            let byte = base[index]
            switch byte {
            case UInt8(ascii: "\""):
                let token = JSONStringToken(
                    raw: UnsafeRawBufferPointer(start: base + start, count: index - start), flags: flags,
                    utf8Count: index - start - saved)
                index += 1
                return token
            case UInt8(ascii: "\\"):
                flags |= JSONStringToken.escapesFlag
                // Escapes back to back (escaped non-Latin text, `\u4f60\u597d`) without going
                // back to the block loop.
                repeat {
                    saved &+= try readEscape(flags: &flags)
                } while index < end && base[index] == UInt8(ascii: "\\")
            case 0..<0x20:
                throw error(.controlCharacter)
            case 0x80...:
                flags |= JSONStringToken.nonASCIIFlag
                try readMultibyte(byte)
                // Non-Latin text: characters back to back, without going back to the block loop.
                while index < end, base[index] >= 0x80 { try readMultibyte(base[index]) }
            default:
                index += 1
            }
        }
    }

    /// True for the letters of the escapes that stand for one byte: `\" \\ \/ \b \f \n \r \t`.
    @inlinable @inline(__always)
    static func isShortEscape(_ letter: UInt8) -> Bool {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return true
        default:
            return false
        }
    }

    /// Reads one escape; returns how many bytes shorter its decoded UTF-8 is than the escape.
    ///
    /// The four hex digits of a `\u` escape are read with one load when they are in the buffer
    /// (`JSONStringToken.nonHexDigitBytes` finds the first wrong one: the same offset as reading
    /// them a byte at a time), else a byte at a time (`readHex4`).
    @inlinable @inline(__always)
    mutating func readEscape(flags: inout UInt8) throws(JSONScanError) -> Int {
        guard index &+ 1 < end else { throw error(.unexpectedEnd, at: end) }
        let letter = base[index &+ 1]
        if Self.isShortEscape(letter) {
            index &+= 2
            return 1
        }
        guard letter == UInt8(ascii: "u") else { throw error(.invalidEscape) }
        let unit: UInt16
        if index &+ 6 <= end {
            let word = UInt32(littleEndian: UnsafeRawPointer(base + (index &+ 2)).loadUnaligned(as: UInt32.self))
            let wrong = JSONStringToken.nonHexDigitBytes(word)
            if wrong != 0 { throw error(.invalidEscape, at: index &+ 2 &+ wrong.trailingZeroBitCount >> 3) }
            unit = JSONStringToken.hexDigits(word)
        } else {
            unit = try readHex4(at: index &+ 2)
        }
        index &+= 6
        if unit & 0xF800 != 0xD800 { return unit < 0x80 ? 5 : unit < 0x800 ? 4 : 3 }
        // A high surrogate: paired only when a low surrogate escape follows at once.
        if unit < 0xDC00, index &+ 6 <= end,
            UInt16(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt16.self)) == 0x755C  // "\u"
        {
            let word = UInt32(littleEndian: UnsafeRawPointer(base + (index &+ 2)).loadUnaligned(as: UInt32.self))
            if JSONStringToken.nonHexDigitBytes(word) == 0, JSONStringToken.hexDigits(word) & 0xFC00 == 0xDC00 {
                index &+= 6
                return 12 - 4
            }
        }
        flags |= JSONStringToken.loneSurrogateFlag
        return 6 - 3  // U+FFFD
    }

    /// The four hex digits at `offset` a byte at a time, near the end of the buffer.
    @inlinable @inline(never)
    func readHex4(at offset: Int) throws(JSONScanError) -> UInt16 {
        var value: UInt16 = 0
        for position in offset..<offset + 4 {
            guard position < end else { throw error(.unexpectedEnd, at: end) }
            let nibble = JSONStringToken.hexValue(base[position])
            if nibble > 15 { throw error(.invalidEscape, at: position) }
            value = value << 4 | UInt16(nibble)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence starting with `lead` (RFC 3629: no overlongs,
    /// no surrogates, nothing above U+10FFFF).
    @inlinable @inline(__always)
    mutating func readMultibyte(_ lead: UInt8) throws(JSONScanError) {
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw error(.invalidUTF8)
        }
        guard index &+ length <= end else {
            // A sequence cut by the end of the body: truncated if what is there is well formed.
            for position in index + 1..<end where base[position] & 0xC0 != 0x80 {
                throw error(.invalidUTF8, at: index)
            }
            throw error(.unexpectedEnd, at: end)
        }
        let second = base[index &+ 1]
        guard second >= low, second <= high else { throw error(.invalidUTF8) }
        if length > 2 {
            if base[index &+ 2] & 0xC0 != 0x80 { throw error(.invalidUTF8) }
            if length > 3, base[index &+ 3] & 0xC0 != 0x80 { throw error(.invalidUTF8) }
        }
        index &+= length
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
            let high = word &+ 0x4646_4646_4646_4646
            // Bytes before the first non-digit are exact here (borrows and carries only move up).
            let others = (low | high) & 0x8080_8080_8080_8080
            // 8 when all are digits (64 trailing zeros).
            let count = others.trailingZeroBitCount >> 3
            if count == 0 { return true }
            // The `count` digits moved to the top bytes: the bytes below read as leading zeros.
            let digits = low &<< UInt64((8 &- count) << 3)
            var value = digits
            value = value &* 10 &+ (value >> 8)
            value = (((value & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32)))
                &+ (((value >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32)))) >> 32
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
            if !readEightDigits(into: &parts, afterPoint: false) {
                while index < end {
                    let digit = base[index] &- UInt8(ascii: "0")
                    if digit >= 10 { break }
                    parts.add(digit, afterPoint: false)
                    index += 1
                }
            }
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
            if !readEightDigits(into: &parts, afterPoint: true) {
                while index < end {
                    let digit = base[index] &- UInt8(ascii: "0")
                    if digit >= 10 { break }
                    parts.add(digit, afterPoint: true)
                    index += 1
                }
            }
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
