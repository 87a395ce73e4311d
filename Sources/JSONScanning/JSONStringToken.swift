/// A string in the scanned buffer: the bytes between the quotes, escapes not yet resolved.
///
/// Valid only while the scanned buffer is. The scanner has already validated it (UTF-8, escapes,
/// no raw control characters), so helpers here do not re-check. A `\u` escape of a lone UTF-16
/// surrogate is accepted (RFC 8259 allows the grammar) and flagged with `hasLoneSurrogate`;
/// `decoded()` turns it into U+FFFD.
public struct JSONStringToken: @unchecked Sendable {
    /// The raw bytes between the quotes.
    public let raw: UnsafeRawBufferPointer
    @usableFromInline let flags: UInt8

    @usableFromInline static let escapesFlag: UInt8 = 1
    @usableFromInline static let nonASCIIFlag: UInt8 = 2
    @usableFromInline static let loneSurrogateFlag: UInt8 = 4

    /// Length of the decoded string in UTF-8 bytes (escapes resolved).
    public let utf8Count: Int

    /// A token over `raw` (the bytes between the quotes). `utf8Count` is the decoded length;
    /// pass nil to compute it.
    @inlinable
    public init(raw: UnsafeRawBufferPointer, flags: UInt8, utf8Count: Int? = nil) {
        self.raw = raw
        self.flags = flags
        if let utf8Count {
            self.utf8Count = utf8Count
        } else if flags & Self.escapesFlag != 0 {
            self.utf8Count = Self.withDecoded(raw) { $0.count }
        } else {
            self.utf8Count = raw.count
        }
    }

    /// A token over bytes that are not JSON (e.g. a form field's value): no escapes are read.
    @inlinable
    public init(unescaped bytes: UnsafeRawBufferPointer) {
        self.init(raw: bytes, flags: 0, utf8Count: bytes.count)
    }

    /// True when the raw bytes contain a backslash escape.
    @inlinable public var hasEscapes: Bool { flags & Self.escapesFlag != 0 }
    /// True when the raw bytes contain a byte ≥ 0x80 (multi-byte UTF-8).
    @inlinable public var hasNonASCII: Bool { flags & Self.nonASCIIFlag != 0 }
    /// True when a `\u` escape names an unpaired UTF-16 surrogate.
    @inlinable public var hasLoneSurrogate: Bool { flags & Self.loneSurrogateFlag != 0 }


    /// True when the decoded string equals `utf8`. Without escapes this compares the raw bytes
    /// in place.
    @inlinable
    public func equals(_ utf8: some Collection<UInt8>) -> Bool {
        withDecodedBytes { $0.elementsEqual(utf8) }
    }

    /// True when the decoded string equals `string` (compared as UTF-8, without allocating).
    @inlinable
    public func equals(_ string: String) -> Bool {
        if let result = string.utf8.withContiguousStorageIfAvailable({ equals($0) }) {
            return result
        }
        return equals(Array(string.utf8))
    }

    /// True when the raw bytes (no escapes) equal the ASCII literal `literal`: a fast check for
    /// the fixed names visitors look for (`"error"`, `"type"`).
    @inlinable @inline(__always)
    public func equals(literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard raw.count == count else { return hasEscapes && equals(UnsafeBufferPointer(start: literal.utf8Start, count: count)) }
        if hasEscapes { return equals(UnsafeBufferPointer(start: literal.utf8Start, count: count)) }
        let start = literal.utf8Start
        for index in 0..<count where raw[index] != start[index] { return false }
        return true
    }

    /// True when the decoded string starts with `prefix`.
    public func hasPrefix(_ prefix: some Collection<UInt8>) -> Bool {
        withDecodedBytes { $0.starts(with: prefix) }
    }

    /// The decoded string: escapes resolved, `\uXXXX` surrogate pairs joined.
    public func decoded() -> String {
        withDecodedBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the decoded string's UTF-8: the raw bytes in place when there is no
    /// escape, else the bytes `decode(_:into:)` writes into a temporary buffer.
    @inlinable
    public func withDecodedBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if !hasEscapes { return try body(raw) }
        return try Self.withDecoded(raw, body)
    }

    @inlinable
    static func withDecoded<R>(_ raw: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(raw.count, 1)) { buffer in
            let length = decode(raw, into: buffer.baseAddress!)
            return try body(UnsafeRawBufferPointer(start: buffer.baseAddress!, count: length))
        }
    }

    /// Decodes the raw bytes of a string the scanner accepted into `target`, which has room for
    /// `raw.count` bytes (decoding never lengthens); returns the decoded length: runs of ordinary
    /// bytes are copied eight at a time, `\u` escapes read with one load. The one decoder of
    /// string tokens (`withDecodedBytes`, `decoded()`, `equals`, the normalizer's strings).
    @inlinable
    public static func decode(_ raw: UnsafeRawBufferPointer, into target: UnsafeMutablePointer<UInt8>) -> Int {
        guard let source = raw.baseAddress else { return 0 }
        let count = raw.count
        let output = UnsafeMutableRawPointer(target)
        var index = 0
        var length = 0
        while true {
            // Ordinary bytes up to the next backslash: a word copied whole, then advanced by the
            // bytes before its first backslash (the target has room: `length <= index`).
            while index &+ 8 <= count {
                let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                output.storeBytes(of: word, toByteOffset: length, as: UInt64.self)
                let backslashes = Self.backslashBytes(UInt64(littleEndian: word))
                if backslashes != 0 {
                    let run = backslashes.trailingZeroBitCount >> 3
                    index &+= run
                    length &+= run
                    break
                }
                index &+= 8
                length &+= 8
            }
            while index < count, raw[index] != UInt8(ascii: "\\") {
                target[length] = raw[index]
                index &+= 1
                length &+= 1
            }
            guard index &+ 1 < count else {
                if index < count {  // a backslash ending the bytes: not from the scanner; kept as is
                    target[length] = raw[index]
                    length &+= 1
                }
                return length
            }
            index = decodeEscape(raw, at: index) { byte in
                target[length] = byte
                length &+= 1
            }
        }
    }

    /// Decodes the escape at `index` (a backslash with at least one byte after it) into `body`;
    /// returns the index after it.
    @inlinable @inline(__always)
    static func decodeEscape(_ raw: UnsafeRawBufferPointer, at start: Int, _ body: (UInt8) -> Void) -> Int {
        let kind = raw[start &+ 1]
        var index = start &+ 2
        switch kind {
        case UInt8(ascii: "n"): body(0x0A)
        case UInt8(ascii: "t"): body(0x09)
        case UInt8(ascii: "r"): body(0x0D)
        case UInt8(ascii: "b"): body(0x08)
        case UInt8(ascii: "f"): body(0x0C)
        case UInt8(ascii: "u"):
            let count = raw.count
            var scalar = UInt32(Self.hex4(raw, index))
            index &+= 4
            if scalar & 0xFC00 == 0xD800, index &+ 6 <= count,
               raw[index] == UInt8(ascii: "\\"), raw[index &+ 1] == UInt8(ascii: "u")
            {
                let low = UInt32(Self.hex4(raw, index &+ 2))
                if low & 0xFC00 == 0xDC00 {
                    scalar = 0x10000 &+ ((scalar &- 0xD800) << 10) &+ (low &- 0xDC00)
                    index &+= 6
                }
            }
            if scalar & 0xF800 == 0xD800 { scalar = 0xFFFD }  // lone surrogate
            Self.encodeUTF8(scalar, body)
        default: body(kind)  // \" \\ \/
        }
        return index
    }

    /// 0x80 in the lowest byte of `word` that is a backslash (and possibly in bytes above it:
    /// borrows only move up), 0 when none is.
    @inlinable @inline(__always)
    static func backslashBytes(_ word: UInt64) -> UInt64 {
        let slashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
        return (slashes &- 0x0101_0101_0101_0101) & ~slashes & 0x8080_8080_8080_8080
    }

    /// The four hex digits at `index` (validated by the scanner): one load when they are in the
    /// buffer, else a byte at a time.
    @inlinable @inline(__always)
    static func hex4(_ raw: UnsafeRawBufferPointer, _ index: Int) -> UInt16 {
        if index &+ 4 <= raw.count, let base = raw.baseAddress {
            return hexDigits(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
        }
        var value: UInt16 = 0
        for offset in 0..<4 {
            value = value << 4 | UInt16(hexValue(raw[index + offset]))
        }
        return value
    }

    /// 0x80 in each byte of `word` (four bytes in memory order, loaded little-endian) that is not
    /// an ASCII hex digit, 0 when all four are. Each byte is judged alone (no carry crosses bytes).
    @inlinable @inline(__always)
    static func nonHexDigitBytes(_ word: UInt32) -> UInt32 {
        let ascii = word & 0x7F7F_7F7F
        // High bit set: 0x30 <= byte < 0x3A.
        let digits = (ascii &+ 0x5050_5050) & ~(ascii &+ 0x4646_4646)
        // High bit set: 0x61 <= (byte | 0x20) < 0x67 (a-f, A-F).
        let lower = ascii | 0x2020_2020
        let letters = (lower &+ 0x1F1F_1F1F) & ~(lower &+ 0x1919_1919)
        return (~(digits | letters) | word) & 0x8080_8080
    }

    /// The value of four hex digits (`word` as in `nonHexDigitBytes`, which must find none wrong),
    /// the first byte the most significant.
    @inlinable @inline(__always)
    static func hexDigits(_ word: UInt32) -> UInt16 {
        // Digits have bit 6 clear, letters set: their low nibble plus 9.
        let nibbles = (word & 0x0F0F_0F0F) &+ ((word >> 6) & 0x0101_0101) &* 9
        // Bytes 0 and 1 into byte 0, bytes 2 and 3 into byte 2.
        let pairs = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF_00FF
        return UInt16(truncatingIfNeeded: pairs) << 8 | UInt16(truncatingIfNeeded: pairs >> 16)
    }

    @inlinable
    static func hexValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        default: return 0xFF
        }
    }

    @inlinable @inline(__always)
    static func encodeUTF8(_ scalar: UInt32, _ body: (UInt8) -> Void) {
        switch scalar {
        case 0..<0x80:
            body(UInt8(scalar))
        case 0x80..<0x800:
            body(UInt8(0xC0 | scalar >> 6))
            body(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            body(UInt8(0xE0 | scalar >> 12))
            body(UInt8(0x80 | scalar >> 6 & 0x3F))
            body(UInt8(0x80 | scalar & 0x3F))
        default:
            body(UInt8(0xF0 | scalar >> 18))
            body(UInt8(0x80 | scalar >> 12 & 0x3F))
            body(UInt8(0x80 | scalar >> 6 & 0x3F))
            body(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
