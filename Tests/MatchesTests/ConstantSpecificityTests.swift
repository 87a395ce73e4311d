import Catalog
@testable import Matches
import Testing

@Suite("Constant specificity")
struct ConstantSpecificityTests {
    let specificity = ConstantSpecificity(FixtureSamples.catalog.entries)

    @Test("a constant several entries fix weighs 1 / their number; one only its entry fixes weighs 1")
    func weights() {
        #expect(specificity.sharers["list"] == 2)
        #expect(specificity.weight(of: "list") == 0.5)
        // Chat completions and Mistral FIM both answer `object: "chat.completion"`.
        #expect(specificity.weight(of: "chat.completion") == 0.5)
        #expect(specificity.weight(of: "transcribe") == 1)
        #expect(specificity.weight(of: "a value no entry fixes") == 1)
    }

    @Test("a value counts once per entry, wherever its schemas fix it")
    func valuesCountOncePerEntry() {
        let node = SchemaNode(types: [.string], constValue: "list")
        let entry = CatalogEntry(
            id: "x", title: "x", provider: "x", operation: "x", endpoints: [],
            request: SchemaNode(types: [.object], properties: ["a": node, "b": node]), response: node,
            identify: [.response: [try! JSONPath("$.object"): ["list"]]], fieldMap: FieldMap(schemaID: "x"))
        #expect(ConstantSpecificity([entry, entry]).sharers["list"] == 2)
    }
}
