#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONScanning

extension JSONStringToken {
    /// The decoded string, like `decoded()`, but copying the runs between escapes in bulk and
    /// without validating the UTF-8 again: the scanner validated every byte of the token, and
    /// escapes are encoded here as well-formed UTF-8 (a lone surrogate becomes U+FFFD).
    func fastDecoded() -> String {
        guard let base = raw.baseAddress, raw.count > 0 else { return "" }
        let source = base.assumingMemoryBound(to: UInt8.self)
        if !hasEscapes {
            return String.fromValidatedUTF8(UnsafeBufferPointer(start: source, count: raw.count), isASCII: !hasNonASCII)
        }
        // Decoded UTF-8 is never longer than the escaped text.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count) { buffer in
            let target = buffer.baseAddress!
            var isASCII = !hasNonASCII
            let written = Self.decode(source, count: raw.count, into: target, isASCII: &isASCII)
            return String.fromValidatedUTF8(UnsafeBufferPointer(start: target, count: written), isASCII: isASCII)
        }
    }

    /// Resolves the escapes of `count` raw bytes into `target`; returns the bytes written.
    private static func decode(_ source: UnsafePointer<UInt8>, count: Int, into target: UnsafeMutablePointer<UInt8>, isASCII: inout Bool) -> Int {
        var read = 0
        var written = 0
        while read < count {
            let rest = count - read
            let found = memchr(source + read, Int32(UInt8(ascii: "\\")), rest)
            let run = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(source + read) } ?? rest
            if run > 0 {
                (target + written).update(from: source + read, count: run)
                written += run
                read += run
            }
            guard found != nil, read + 1 < count else { break }
            let kind = source[read + 1]
            read += 2
            switch kind {
            case UInt8(ascii: "n"): target[written] = 0x0A; written += 1
            case UInt8(ascii: "t"): target[written] = 0x09; written += 1
            case UInt8(ascii: "r"): target[written] = 0x0D; written += 1
            case UInt8(ascii: "b"): target[written] = 0x08; written += 1
            case UInt8(ascii: "f"): target[written] = 0x0C; written += 1
            case UInt8(ascii: "u"):
                guard read + 4 <= count else { return written }
                var scalar = UInt32(Self.hex(source + read))
                read += 4
                if scalar & 0xFC00 == 0xD800, read + 6 <= count, source[read] == UInt8(ascii: "\\"), source[read + 1] == UInt8(ascii: "u") {
                    let low = UInt32(Self.hex(source + read + 2))
                    if low & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        read += 6
                    }
                }
                if scalar & 0xF800 == 0xD800 { scalar = 0xFFFD }
                if scalar >= 0x80 { isASCII = false }
                written += Self.encode(scalar, into: target + written)
            default:
                target[written] = kind  // \" \\ \/
                written += 1
            }
        }
        return written
    }

    private static func hex(_ bytes: UnsafePointer<UInt8>) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[offset]
            let nibble: UInt8 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
            default: 0
            }
            value = value << 4 | UInt16(nibble)
        }
        return value
    }

    private static func encode(_ scalar: UInt32, into target: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            target[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            target[0] = UInt8(0xC0 | scalar >> 6)
            target[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            target[0] = UInt8(0xE0 | scalar >> 12)
            target[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            target[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            target[0] = UInt8(0xF0 | scalar >> 18)
            target[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            target[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            target[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}

extension String {
    /// A string over UTF-8 that is known to be valid (the scanner validated it), copied without
    /// validating it again. Where `UTF8Span` is unavailable (older Apple systems), it validates.
    @inline(__always)
    static func fromValidatedUTF8(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            return unsafe String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
