import Foundation
import Testing
import TestSupport
@testable import Catalog

/// `schemas/field_map.schema.json` and `FieldMap.validated` (what `override set --field-map`
/// runs) accept and reject the same maps.
@Suite struct FieldMapSchemaAgreementTests {
    /// Version 1 and 2 maps, each marked valid or not.
    static let examples: [(name: String, valid: Bool, json: String)] = [
        ("v1 minimal", true, #"{"schema_id": "x", "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}"#),
        ("v1 stream role needs its event", false,
         #"{"schema_id": "x", "roles": {"gateway.stream.text_delta": {"body": "response_stream", "paths": ["$.t"]}}}"#),
        ("v1 has no url body", false, #"{"schema_id": "x", "roles": {"gen_ai.request.model": {"body": "url", "templates": ["/m/{model}"]}}}"#),
        ("v1 has no v2 keys", false,
         #"{"schema_id": "x", "unknown_finish_reason": "drop", "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}"#),
        ("v2 minimal", true,
         #"{"version": 2, "schema_id": "x", "unknown_finish_reason": "drop", "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}"#),
        ("v2 needs unknown_finish_reason", false,
         #"{"version": 2, "schema_id": "x", "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}"#),
        ("v2 version must be 2", false,
         #"{"version": 3, "schema_id": "x", "unknown_finish_reason": "drop", "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}"#),
        ("v2 full", true, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "keep", "request_forms": true,
             "plain_text": {"request": {"$.response_format": ["text"]}},
             "token_evidence": {"source": "learned", "samples": 4, "agreeing": 4, "rule": "sum"},
             "stream_token_evidence": {"source": "catalog", "samples": 0, "agreeing": 0, "rule": "no stream sampled"},
             "stream": {"format": "sse", "done": "[DONE]", "event_key": "type"},
             "finish_reasons": {"end": "stop"},
             "roles": {
               "gen_ai.request.model": {"body": "request", "paths": ["$.model"], "fallbacks": [
                 {"body": "url", "templates": ["/v1beta/models/{model}:generateContent"]}, {"body": "row", "paths": ["$.model"]}]},
               "gateway.output.text": {"body": "response", "paths": ["$.choices[-1].text"], "fallbacks": [
                 {"body": "response_stream", "event": "*", "paths": ["$.t"], "assemble": "last"}]},
               "gateway.stream.text_delta": {"body": "response_stream", "event": "delta", "paths": ["$.d"], "assemble": "concat"},
               "gen_ai.usage.input_tokens": {"body": "response", "paths": ["$.u.i"], "tokens": "includes_cached", "confidence": 0.9}}}
            """),
        ("v2 stream binding needs assemble", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop", "stream": {"format": "ndjson"},
             "roles": {"gateway.stream.text_delta": {"body": "response_stream", "event": "*", "paths": ["$.d"]}}}
            """),
        ("v2 sse needs done", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop", "stream": {"format": "sse"},
             "roles": {"gateway.stream.text_delta": {"body": "response_stream", "event": "*", "paths": ["$.d"], "assemble": "concat"}}}
            """),
        ("v2 assemble only on streams", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop",
             "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"], "assemble": "last"}}}
            """),
        ("v2 url only for the request model", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop",
             "roles": {"gateway.output.text": {"body": "url", "templates": ["/m/{model}"]}}}
            """),
        ("v2 url fallback only for the request model", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop",
             "roles": {"gen_ai.response.model": {"body": "response", "paths": ["$.m"], "fallbacks": [{"body": "row", "paths": ["$.model"]}]}}}
            """),
        ("v2 url needs templates naming {model}", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop",
             "roles": {"gen_ai.request.model": {"body": "url", "templates": ["/m/{name}"]}}}
            """),
        ("v2 url has no paths", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop",
             "roles": {"gen_ai.request.model": {"body": "url", "templates": ["/m/{model}"], "paths": ["$.model"]}}}
            """),
        ("v2 request model from the url alone", true, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop",
             "roles": {"gen_ai.request.model": {"body": "url", "templates": ["/m/{model}"]}}}
            """),
        ("v2 no nested fallbacks", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop",
             "roles": {"gen_ai.request.model": {"body": "request", "paths": ["$.model"], "fallbacks": [
               {"body": "row", "paths": ["$.model"], "fallbacks": [{"body": "row", "paths": ["$.model"]}]}]}}}
            """),
        ("v2 bad token evidence source", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop", "token_evidence": {"source": "guess", "samples": 1, "agreeing": 1, "rule": ""},
             "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}
            """),
        ("v2 stream token evidence needs every member", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop", "stream_token_evidence": {"source": "learned", "samples": 1, "agreeing": 1},
             "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}
            """),
        ("v1 has no stream token evidence", false, """
            {"schema_id": "x", "stream_token_evidence": {"source": "catalog", "samples": 0, "agreeing": 0, "rule": ""},
             "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}
            """),
        ("v2 filter selectors in paths and item paths", true, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop",
             "roles": {"gateway.output.text": {"body": "response", "paths": ["$.parts[?@.thought != true].text"]},
                       "gen_ai.output.messages": {"body": "response", "paths": ["$.c[*]"],
                         "item": {"text": ["$.parts[?!@.thought && (@.type == 'text' || @.n == 1)].text"]}}}}
            """),
        ("v2 unknown top-level key", false, """
            {"version": 2, "schema_id": "x", "unknown_finish_reason": "drop", "extra": 1,
             "roles": {"gateway.output.text": {"body": "response", "paths": ["$.t"]}}}
            """),
    ]

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: Repository.schemas.appendingPathComponent("field_map.schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("the JSON Schema and the override command's validation agree on every example")
    func schemaAndValidationAgree() throws {
        let checker = SchemaChecker(root: try Self.schema())
        for example in Self.examples {
            let object = try JSONSerialization.jsonObject(with: Data(example.json.utf8))
            #expect(checker.isValid(object) == example.valid, "schema: \(example.name)")
            let accepted = (try? FieldMap.validated(json: Data(example.json.utf8), origin: "example.json")) != nil
            #expect(accepted == example.valid, "validation: \(example.name)")
        }
    }

    @Test("every catalog entry's stored map is valid under the JSON Schema and reads back equal")
    func catalogMapsFollowTheSchema() throws {
        let checker = SchemaChecker(root: try Self.schema())
        for entry in try Catalog.builtin().entries {
            let data = try entry.fieldMap.encodedJSON()
            #expect(checker.isValid(try JSONSerialization.jsonObject(with: data)), "\(entry.id)")
            #expect(try FieldMap.decode(from: data) == entry.fieldMap, "\(entry.id)")
        }
    }
}
