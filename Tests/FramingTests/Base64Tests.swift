import Foundation
import Testing
@testable import Framing

@Suite("Base64")
struct Base64Tests {
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = [9]
        let ok = Array(text.utf8).withUnsafeBytes { Base64.decode($0, into: &out) }
        return ok ? Array(out.dropFirst()) : (out == [9] ? nil : [])
    }

    @Test("decodes what Foundation encodes, every length", arguments: 0..<20)
    func roundTrip(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let text = Data(bytes).base64EncodedString()
        #expect(Self.decode(text) == bytes)
        #expect(Self.decode(text.replacingOccurrences(of: "=", with: "")) == bytes)
    }

    @Test("refuses bytes outside the alphabet, misplaced padding and impossible lengths, leaving the output as it was",
          arguments: ["aGVsbG8*", "aGV=sbG8", "a", "aGVsb", "aGVsbG8===", "aGk=="])
    func refuses(text: String) {
        #expect(Self.decode(text) == nil)
    }
}
