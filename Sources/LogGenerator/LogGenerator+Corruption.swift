import Demo

extension LogGenerator {
    /// Deep documents are 200 KB each: rarer than the other kinds.
    static func corruptionKind(_ unit: Double) -> Corruption {
        switch unit {
        case ..<0.25: return .truncated
        case ..<0.40: return .empty
        case ..<0.60: return .invalidUTF8
        case ..<0.78: return .bom
        case ..<0.96: return .nan
        default: return .tooDeep
        }
    }

    /// Damages a generated body the way real logs are damaged.
    static func corrupt(_ body: [UInt8], _ kind: Corruption, random: inout SplitMix64) -> [UInt8] {
        switch kind {
        case .truncated:
            guard body.count > 2 else { return Array(body.prefix(1)) }
            return Array(body.prefix(1 + Int(random.next() % UInt64(body.count - 1))))
        case .empty:
            return []
        case .invalidUTF8:
            // A broken sequence inside a string: the fourth one (past the model's name) when there is one.
            var out = body
            let quotes = Array(body.indices.filter { body[$0] == UInt8(ascii: "\"") }.prefix(8))
            let at = quotes.count >= 8 ? quotes[7] : quotes.count >= 4 ? quotes[3] : min(1, body.count)
            out.insert(contentsOf: [0xC3, 0x28, 0xFF], at: at)
            return out
        case .bom:
            return [0xEF, 0xBB, 0xBF] + body
        case .nan:
            // The first number value (after a colon, outside strings) becomes NaN.
            var index = 0
            var inString = false
            while index + 1 < body.count {
                let byte = body[index]
                if inString {
                    if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: ":") {
                    var start = index + 1
                    while start < body.count, body[start] == 0x20 { start += 1 }
                    var end = start
                    while end < body.count, (body[end] >= UInt8(ascii: "0") && body[end] <= UInt8(ascii: "9"))
                        || body[end] == UInt8(ascii: ".") || body[end] == UInt8(ascii: "-") {
                        end += 1
                    }
                    if end > start {
                        return Array(body[..<start]) + Array("NaN".utf8) + Array(body[end...])
                    }
                }
                index += 1
            }
            return Array("{\"score\":NaN}".utf8)
        case .tooDeep:
            return [UInt8](repeating: UInt8(ascii: "["), count: 100_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        }
    }
}
