/// Strings and keys: the string reader (a probe for short strings, then 16 bytes at a time),
/// escapes and multi-byte UTF-8 validated on the way.
extension Reader {
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
}
