@testable import JSONScanning

/// Scans `bytes` with the reference reader, the way `JSONScanner.scan(into:)` does.
func referenceScan<V: JSONVisitor>(_ bytes: [UInt8], into visitor: inout V, maximumDepth: Int = JSONScanner.defaultMaximumDepth) -> JSONScanError? {
    bytes.withUnsafeBytes { buffer in
        guard let start = buffer.baseAddress, buffer.count > 0 else { return JSONScanError(.empty, offset: 0) }
        let base = start.assumingMemoryBound(to: UInt8.self)
        var reader = ReferenceReader(base: base, end: buffer.count, index: 0)
        if buffer.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { reader.index = 3 }
        reader.skipWhitespace()
        if reader.index >= reader.end { return JSONScanError(.empty, offset: reader.index) }
        let stack = UnsafeMutablePointer<Int>.allocate(capacity: maximumDepth)
        defer { stack.deallocate() }
        do throws(JSONScanError) {
            try reader.scanDocument(into: &visitor, stack: stack, capacity: maximumDepth, maximumDepth: maximumDepth)
            return nil
        } catch {
            return error
        }
    }
}

/// The scanner as it was before its fast paths (a byte at a time around tokens): the simple
/// path the fast paths are checked against. Kept verbatim; only renamed.
struct ReferenceReader {
    let base: UnsafePointer<UInt8>
    let end: Int
    var index: Int

        init(base: UnsafePointer<UInt8>, end: Int, index: Int) {
        self.base = base
        self.end = end
        self.index = index
    }

    @inline(__always)
    func error(_ reason: JSONScanError.Reason, at offset: Int? = nil) -> JSONScanError {
        JSONScanError(reason, offset: offset ?? index)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The stack holds, per open container, -1 - (current member index) for an object, or the
    /// current element index for an array.
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
                    depth += 1
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
                    depth += 1
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
                let top = stack[depth - 1]
                if top < 0 {
                    // An object: the slot holds -1 - (index of the current member).
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        stack[depth - 1] = top - 1
                        try readKey(into: &visitor)
                        continue value
                    }
                    if byte == UInt8(ascii: "}") {
                        index += 1
                        depth -= 1
                        visitor.endObject(memberCount: -top)
                        continue
                    }
                    throw error(.unexpectedCharacter)
                } else {
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        // Arrays of numbers (embedding vectors) are read in a loop of their own.
                        if try readNumberRun(into: &visitor, slot: stack + (depth - 1), first: top + 1) { continue value }
                        continue
                    }
                    if byte == UInt8(ascii: "]") {
                        index += 1
                        depth -= 1
                        visitor.endArray(count: top + 1)
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
    @inline(never)
    mutating func readNumberRun<V: JSONVisitor>(
        into visitor: inout V, slot: UnsafeMutablePointer<Int>, first: Int
    ) throws(JSONScanError) -> Bool {
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
            next += 1
        }
    }

    /// Reads `"key"` and `:`; the value follows.
        mutating func readKey<V: JSONVisitor>(into visitor: inout V) throws(JSONScanError) {
        skipWhitespace()
        guard index < end else { throw error(.unexpectedEnd) }
        guard base[index] == UInt8(ascii: "\"") else { throw error(.unexpectedCharacter) }
        index += 1
        let key = try readString()
        skipWhitespace()
        guard index < end else { throw error(.unexpectedEnd) }
        guard base[index] == UInt8(ascii: ":") else { throw error(.unexpectedCharacter) }
        index += 1
        visitor.key(key)
    }

        mutating func expectLiteral(_ word: UInt64, length: Int) throws(JSONScanError) {
        for offset in 0..<length {
            let expected = UInt8(truncatingIfNeeded: word >> (8 * UInt64(length - 1 - offset)))
            guard index + offset < end else { throw error(.unexpectedEnd, at: end) }
            if base[index + offset] != expected { throw error(.unexpectedCharacter, at: index + offset) }
        }
        index += length
    }

    /// Reads a string body after its opening quote; leaves `index` after the closing quote.
    @inline(__always)
    mutating func readString() throws(JSONScanError) -> JSONStringToken {
        let start = index
        var flags: UInt8 = 0
        var saved = 0  // bytes saved by resolving escapes
        while true {
            // Sixteen bytes at a time while none is special (quote, backslash, control, non-ASCII:
            // as signed bytes, controls and non-ASCII are the ones below 0x20).
            while index &+ 16 <= end {
                let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<Int8>.self)
                let special = (block .== SIMD16<Int8>(repeating: 0x22)) .| (block .== SIMD16<Int8>(repeating: 0x5C))
                    .| (block .< SIMD16<Int8>(repeating: 0x20))
                if any(special) { break }
                index &+= 16
            }
            // Then eight at a time, to find it.
            while index &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let quotes = word ^ 0x2222_2222_2222_2222
                let slashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let special =
                    ((quotes &- 0x0101_0101_0101_0101) & ~quotes)
                    | ((slashes &- 0x0101_0101_0101_0101) & ~slashes)
                    | ((word &- 0x2020_2020_2020_2020) & ~word)
                    | word
                let mask = special & 0x8080_8080_8080_8080
                if mask == 0 {
                    index &+= 8
                    continue
                }
                index &+= mask.trailingZeroBitCount >> 3
                break
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
                saved += try readEscape(flags: &flags)
            case 0..<0x20:
                throw error(.controlCharacter)
            case 0x80...:
                flags |= JSONStringToken.nonASCIIFlag
                try readMultibyte(byte)
            default:
                index += 1
            }
        }
    }

    /// Reads one escape; returns how many bytes shorter its decoded UTF-8 is than the escape.
        mutating func readEscape(flags: inout UInt8) throws(JSONScanError) -> Int {
        guard index + 1 < end else { throw error(.unexpectedEnd, at: end) }
        switch base[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
            return 1
        case UInt8(ascii: "u"):
            let unit = try readHex4(at: index + 2)
            index += 6
            if unit & 0xFC00 == 0xD800 {
                // A high surrogate: paired only when a low surrogate escape follows at once.
                if index + 6 <= end, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u"),
                    let low = try? readHex4(at: index + 2), low & 0xFC00 == 0xDC00
                {
                    index += 6
                    return 12 - 4
                }
                flags |= JSONStringToken.loneSurrogateFlag
                return 6 - 3  // U+FFFD
            }
            if unit & 0xFC00 == 0xDC00 {
                flags |= JSONStringToken.loneSurrogateFlag
                return 6 - 3
            }
            return unit < 0x80 ? 5 : unit < 0x800 ? 4 : 3
        default:
            throw error(.invalidEscape)
        }
    }

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
    @inline(__always)
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
        guard index + length <= end else {
            // A sequence cut by the end of the body: truncated if what is there is well formed.
            for position in index + 1..<end where base[position] & 0xC0 != 0x80 {
                throw error(.invalidUTF8, at: index)
            }
            throw error(.unexpectedEnd, at: end)
        }
        let second = base[index + 1]
        guard second >= low, second <= high else { throw error(.invalidUTF8) }
        for position in index + 2..<index + length where base[position] & 0xC0 != 0x80 {
            throw error(.invalidUTF8)
        }
        index += length
    }

    /// Consumes digits eight bytes at a time (SWAR) while the significand has room for them: a
    /// whole word of digits, or the digits before the first other byte of the word.
    @inline(__always)
    mutating func readEightDigits(into parts: inout JSONNumberToken.Parts, afterPoint: Bool) {
        while index &+ 8 <= end, parts.digits <= 11 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let low = word &- 0x3030_3030_3030_3030
            let high = word &+ 0x4646_4646_4646_4646
            // Bytes before the first non-digit are exact here (borrows and carries only move up).
            let others = (low | high) & 0x8080_8080_8080_8080
            let count = others == 0 ? 8 : others.trailingZeroBitCount >> 3
            if count == 0 { return }
            // The `count` digits moved to the top bytes: the bytes below read as leading zeros.
            let digits = count == 8 ? low : low << UInt64((8 - count) << 3)
            var value = digits
            value = value &* 10 &+ (value >> 8)
            value = (((value & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32)))
                &+ (((value >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32)))) >> 32
            if parts.significand == 0 {
                // Significant digits: the count minus its leading zeros (the low bytes of `digits`).
                parts.digits = digits == 0 ? 0 : 8 - (digits.trailingZeroBitCount >> 3)
            } else {
                parts.digits += count
            }
            parts.significand = parts.significand &* Self.powerOfTen(count) &+ value
            if afterPoint { parts.exponent -= Int32(count) }
            index &+= count
            if count < 8 { return }
        }
    }

    /// 10^n for n in 1...8.
    @inline(__always)
    static func powerOfTen(_ n: Int) -> UInt64 {
        switch n {
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        default: return 100_000_000
        }
    }

    /// Reads a number per RFC 8259's grammar, accumulating its significand and exponent.
    @inline(__always)
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
            parts.add(first &- UInt8(ascii: "0"), afterPoint: false)
            index += 1
            readEightDigits(into: &parts, afterPoint: false)
            while index < end {
                let digit = base[index] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                parts.add(digit, afterPoint: false)
                index += 1
            }
        } else {
            throw error(.invalidNumber, at: start)
        }
        if index < end, base[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < end else { throw error(.unexpectedEnd) }
            guard base[index] &- UInt8(ascii: "0") < 10 else { throw error(.invalidNumber, at: start) }
            readEightDigits(into: &parts, afterPoint: true)
            while index < end {
                let digit = base[index] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                parts.add(digit, afterPoint: true)
                index += 1
            }
        }
        if index < end, base[index] | 0x20 == UInt8(ascii: "e") {
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
        return JSONNumberToken(
            raw: UnsafeRawBufferPointer(start: base + start, count: index - start), isInteger: isInteger,
            significand: parts.significand, exponent: parts.exponent, isTruncated: parts.truncated)
    }
}
