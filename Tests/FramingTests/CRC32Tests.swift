import Testing
@testable import Framing

@Suite("CRC32")
struct CRC32Tests {
    @Test("gives the IEEE check value and zlib's results", arguments: [
        ("123456789", UInt32(0xCBF4_3926)), ("", 0), ("a", 0xE8B7_BE43), ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
    ])
    func knownValues(text: String, crc: UInt32) {
        #expect(CRC32.checksum(Array(text.utf8)) == crc)
    }

    @Test("continues across pieces as over the whole")
    func continuing() {
        let whole = Array("event stream frame".utf8)
        let first = whole.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<7])) }
        let both = whole.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[7...]), continuing: first) }
        #expect(both == CRC32.checksum(whole))
    }
}
