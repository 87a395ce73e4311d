import Matches
import Testing

@Suite("KeyWords")
struct KeyWordsTests {
    @Test("member names split into lowercase words across naming styles",
          arguments: [
            ("in_tok", ["in", "tok"]),
            ("promptTokenCount", ["prompt", "token", "count"]),
            ("prompt_eval_count", ["prompt", "eval", "count"]),
            ("HTTPStatus", ["http", "status"]),
            ("output-tokens", ["output", "tokens"]),
            ("usage.stats", ["usage", "stats"]),
            ("gpt4o", ["gpt", "4", "o"]),
            ("", []),
          ])
    func splits(key: String, words: [String]) {
        #expect(KeyWords(key).words == words)
    }

    @Test("word sets and prefixes are matched on whole words")
    func matching() {
        let words = KeyWords("generatedTokenCount")
        #expect(words.contains(any: ["generated"]))
        #expect(!words.contains(any: ["gen"]))
        #expect(words.contains(prefixOf: ["tok"]))
        #expect(words.normalized == "generated_token_count")
    }
}
