import Demo

/// A vocabulary of invented words (no text from any fixture), each kept both as raw UTF-8 and as
/// it is written inside a JSON string with `\uXXXX` escapes, so writing text is appending bytes.
struct InventedWords: Sendable {
    /// Raw UTF-8 of each word (JSON-safe: no quote, backslash or control character).
    let raw: [[UInt8]]
    /// The same words with every non-ASCII scalar written as `\uXXXX` (surrogate pairs above the BMP).
    let escaped: [[UInt8]]

    static let shared = InventedWords()

    private init() {
        let onsets = ["b", "br", "d", "f", "g", "k", "l", "m", "n", "p", "pl", "r", "s", "st", "t", "tr", "v", "z", "ch", "qu"]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ou", "y"]
        let codas = ["", "", "n", "r", "s", "l", "x", "m", "th"]
        var random = SplitMix64(seed: 0x5EED_1234)
        var words: [String] = []
        var seen = Set<String>()
        while words.count < 480 {
            let syllables = 1 + Int(random.next() % 3)
            var word = ""
            for _ in 0..<syllables {
                word += onsets[Int(random.next() % UInt64(onsets.count))]
                word += vowels[Int(random.next() % UInt64(vowels.count))]
                word += codas[Int(random.next() % UInt64(codas.count))]
            }
            if seen.insert(word).inserted { words.append(word) }
        }
        // Accented, non-Latin and emoji words, so a client's escaping habit shows.
        words += ["brélor", "zaïmu", "quøstra", "tüvel", "dañor", "kæpli", "fjörn", "ŝilo", "mélisande", "vøkri",
                  "трелон", "басимо", "ξενόρ", "λαμίδα", "東雲樹", "鳴海", "ほのらぎ", "セトリ", "바로니", "🥐", "🌀", "✨", "🚲"]
        raw = words.map { Array($0.utf8) }
        escaped = words.map { Self.escape($0) }
    }

    /// `\uXXXX` escapes for every non-ASCII scalar.
    static func escape(_ word: String) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in word.unicodeScalars {
            if scalar.isASCII {
                out.append(UInt8(scalar.value))
            } else {
                for unit in String(scalar).utf16 { appendUnicodeEscape(unit, to: &out) }
            }
        }
        return out
    }
}

let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

@inline(__always)
func appendUnicodeEscape(_ unit: UInt16, to out: inout [UInt8]) {
    let hex = hexDigits
    out.append(UInt8(ascii: "\\"))
    out.append(UInt8(ascii: "u"))
    out.append(hex[Int(unit >> 12 & 0xF)])
    out.append(hex[Int(unit >> 8 & 0xF)])
    out.append(hex[Int(unit >> 4 & 0xF)])
    out.append(hex[Int(unit & 0xF)])
}
