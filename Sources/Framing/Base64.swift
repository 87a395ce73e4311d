/// Decodes standard base64 (RFC 4648 §4, `+` `/`, `=` padding optional): the `bytes` of Bedrock
/// `chunk` events.
public enum Base64 {
    /// Appends the bytes `text` encodes to `output`; false (with `output` as it was) when `text`
    /// holds a byte outside the alphabet, padding before its end, or a length no encoding has.
    public static func decode(_ text: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        var end = text.count
        var padding = 0
        while end > 0, padding < 2, text[end - 1] == UInt8(ascii: "=") {
            end -= 1
            padding += 1
        }
        guard end % 4 != 1, padding == 0 || (end + padding) % 4 == 0 else { return false }
        let start = output.count
        output.reserveCapacity(start + end / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in 0..<end {
            let value = values[Int(text[index])]
            guard value < 64 else {
                output.removeSubrange(start...)
                return false
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return true
    }

    /// The 6-bit value of each byte, 0xFF for bytes outside the alphabet.
    static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        return table
    }()
}
