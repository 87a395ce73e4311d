import Catalog
import Testing

@Suite struct ExactTextTests {
    @Test func canonicallyEquivalentSpellingsAreDifferentKeys() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed)  // String equality says one word
        #expect(ExactText(composed) != ExactText(decomposed))
        #expect(Set([ExactText(composed), ExactText(decomposed)]).count == 2)
        #expect(!ExactText.sameBytes(composed, decomposed))
    }

    @Test(arguments: ["", "a", "api.openai.com", "modèle-7b", String(repeating: "x", count: 300)])
    func theSameBytesAreTheSameKey(text: String) {
        let copy = String(decoding: Array(text.utf8), as: UTF8.self)
        #expect(ExactText(text) == ExactText(copy))
        #expect(ExactText(text).hashValue == ExactText(copy).hashValue)
        #expect(ExactText.sameBytes(text, copy))
        #expect(text.isEmpty || !ExactText.sameBytes(text, text + "!"))
    }
}
