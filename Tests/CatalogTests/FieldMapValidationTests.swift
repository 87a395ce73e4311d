import Foundation
import Testing
@testable import Catalog

/// A field map written by an operator is checked like a catalog entry, against the same rules the
/// JSON Schema in `schemas/field_map.schema.json` states.
@Suite struct FieldMapValidationTests {
    static func enumeration(_ path: [String]) -> Set<String> {
        let url = shippedCatalogDirectory.appendingPathComponent("field_map.schema.json")
        let data = (try? Data(contentsOf: url)) ?? Data()
        var node: Any? = try? JSONSerialization.jsonObject(with: data)
        for key in path { node = (node as? [String: Any])?[key] }
        // An `anyOf` of alternatives (one value, or a list of them) names its values in the first.
        if let first = ((node as? [String: Any])?["anyOf"] as? [Any])?.first { node = first }
        return Set((node as? [String: Any])?["enum"] as? [String] ?? [])
    }

    @Test func theJSONSchemaNamesWhatTheCodeAccepts() {
        #expect(Self.enumeration(["properties", "roles", "propertyNames"]) == Set(Role.known.map(\.rawValue)))
        #expect(Self.enumeration(["$defs", "link", "properties", "body"]) == Set(BodyKind.allCases.map(\.rawValue)))
        #expect(Self.enumeration(["$defs", "binding_v1", "properties", "body"]) == Set(BodyKind.logged.map(\.rawValue)))
        #expect(Self.enumeration(["$defs", "link", "properties", "tokens"]) == Set(TokenConvention.allCases.map(\.rawValue)))
        #expect(Self.enumeration(["$defs", "link", "properties", "assemble"]) == Set(RoleBinding.Assembly.allCases.map(\.rawValue)))
        #expect(Self.enumeration(["properties", "unknown_finish_reason"]) == Set(FieldMap.UnknownFinishReason.allCases.map(\.rawValue)))
        #expect(Self.enumeration(["$defs", "item", "propertyNames"]) == Role.itemKeys)
        #expect(Self.enumeration(["properties", "finish_reasons", "additionalProperties"]) == FieldMap.canonicalFinishReasons)
        #expect(Self.enumeration(["$defs", "stream", "properties", "format"]) == Set(StreamFraming.Format.allCases.map(\.rawValue)))
    }

    @Test func everyCatalogEntrysOwnMapIsValid() throws {
        for entry in try Catalog.builtin().entries {
            let map = try FieldMap.validated(json: try entry.fieldMap.encodedJSON(), origin: "\(entry.id).json")
            #expect(map == entry.fieldMap, "\(entry.id)")
        }
    }

    @Test(arguments: [
        (#"{"schema_id": "x", "roles": {"gen_ai.usage.imput_tokens": {"body": "response", "paths": ["$.u"]}}}"#,
         "roles['gen_ai.usage.imput_tokens']", "unknown role"),
        (#"{"schema_id": "x", "roles": {"gateway.output.text": {"body": "response_stream", "paths": ["$.t"]}}}"#,
         "roles['gateway.output.text'].event", "missing"),
        (#"{"schema_id": "x", "roles": {"gateway.output.text": {"body": "response", "paths": ["usage.x"]}}}"#,
         "roles['gateway.output.text'].paths[0]", "usage.x"),
        (#"{"schema_id": "x", "roles": {"gateway.output.text": {"body": "response", "paths": ["$.p[?@.a = 1].t"]}}}"#,
         "roles['gateway.output.text'].paths[0]", "unexpected character '=' at offset 9"),
        (#"{"schema_id": "x", "roles": {"gateway.output.text": {"body": "reply", "paths": ["$.t"]}}}"#,
         "roles['gateway.output.text'].body", "unknown body kind"),
        (#"{"schema_id": "x", "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}, "finish_reasons": {"end": "done"}}"#,
         "finish_reasons.end", "canonical"),
        (#"{"roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}"#, "schema_id", "missing"),
        (#"{"schema_id": "x", "role": {}}"#, "role", "unknown key"),
        (#"[1, 2]"#, "", "JSON object"),
    ])
    func aBrokenMapNamesThePlaceAndWhatToWrite(_ json: String, _ location: String, _ words: String) {
        #expect {
            _ = try FieldMap.validated(json: Data(json.utf8), origin: "/tmp/pin.json")
        } throws: { error in
            guard let error = error as? CatalogError else { return false }
            return error.file == "/tmp/pin.json" && error.location == location && error.description.contains(words) && !error.hint.isEmpty
        }
    }
}
