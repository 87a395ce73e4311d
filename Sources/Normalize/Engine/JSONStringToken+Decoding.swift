import JSONScanning

extension JSONStringToken {
    /// The decoded string, like `decoded()`, without validating the UTF-8 again: the scanner
    /// validated every byte of the token, and `decode(_:into:)` encodes escapes as well-formed
    /// UTF-8 (a lone surrogate becomes U+FFFD).
    func fastDecoded() -> String {
        guard !raw.isEmpty else { return "" }
        return withDecodedBytes { bytes in
            String.fromValidatedUTF8(bytes.assumingMemoryBound(to: UInt8.self), isASCII: !hasNonASCII && !hasEscapes)
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
