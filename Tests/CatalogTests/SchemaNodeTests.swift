import Foundation
import Testing
@testable import Catalog

@Suite struct SchemaNodeTests {
    static func load(_ json: String) throws -> SchemaNode {
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        var loader = SchemaLoader(document: document)
        return try loader.node(document["$defs"].flatMap { ($0 as? [String: Any])?["root"] } ?? document, at: .document)
    }

    @Test("types, required, enum, const, format and items load")
    func basics() throws {
        let node = try Self.load(##"""
        {"type": "object", "required": ["kind"], "additionalProperties": false, "properties": {
          "kind": {"type": "string", "const": "message"},
          "role": {"enum": ["user", "assistant", 3, null]},
          "when": {"type": ["string", "null"], "format": "date-time"},
          "tags": {"type": "array", "items": {"type": "string"}}}}
        """##)
        #expect(node.types == [.object])
        #expect(node.required == ["kind"])
        #expect(!node.allowsAdditionalProperties)
        #expect(node.properties["kind"]?.allowedStrings == ["message"])
        #expect(node.properties["role"]?.enumValues == ["user", "assistant"])
        #expect(node.properties["role"]?.otherLiteralValues == ["3", "null"])
        #expect(node.properties["when"]?.types == [.string, .null])
        #expect(node.properties["when"]?.format == "date-time")
        #expect(node.node(at: try JSONPath("$.tags[*]"))?.types == [.string])
        #expect(node.node(at: try JSONPath("$.missing")) == nil)
    }

    @Test("anyOf and oneOf flatten into alternatives; allOf merges")
    func unions() throws {
        let node = try Self.load(##"""
        {"type": "object", "properties": {
          "content": {"anyOf": [{"type": "string"}, {"oneOf": [{"type": "array", "items": {"type": "object", "properties": {"text": {"type": "string"}}}}, {"type": "null"}]}]},
          "merged": {"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}, {"properties": {"b": {"type": "string"}}}]}}}
        """##)
        let content = try #require(node.properties["content"])
        #expect(content.alternatives.count == 3)
        #expect(content.admits(.string) && content.admits(.null) && content.admits(.array) && !content.admits(.integer))
        #expect(node.node(at: try JSONPath("$.content[*].text"))?.types == [.string])
        let merged = try #require(node.properties["merged"])
        #expect(merged.required == ["a"] && merged.properties.keys.sorted() == ["a", "b"])
        #expect(SchemaNode(types: [.number]).admits(.integer))
        #expect(SchemaNode().admits(.object))
    }

    @Test("$ref resolves into $defs, and a recursive reference stops at the cycle")
    func references() throws {
        let node = try Self.load(##"""
        {"$defs": {"root": {"$ref": "#/$defs/block"},
                   "block": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/block"}}, "n": {"type": "integer"}}}}}
        """##)
        #expect(node.definitionName == "block")
        let child = try #require(node.node(at: try JSONPath("$.children[0]")))
        #expect(child.isRecursiveReference && child.definitionName == "block")
    }

    @Test("a dangling $ref or a bad type is an issue at its location", arguments: [
        (##"{"type": "object", "properties": {"a": {"$ref": "#/$defs/nope"}}}"##, "properties.a.$ref"),
        (#"{"type": "object", "properties": {"a": {"$ref": "http://x/y.json"}}}"#, "properties.a.$ref"),
        (#"{"type": "object", "properties": {"a": {"type": "text"}}}"#, "properties.a.type"),
        (#"{"type": "object", "properties": {"a": {"type": ["string", "float"]}}}"#, "properties.a.type[1]"),
        (#"{"type": "object", "required": "a"}"#, "required"),
        (#"{"type": "object", "properties": {"a.b": {"items": 3}}}"#, "properties['a.b'].items"),
    ])
    func issues(json: String, location: String) {
        #expect {
            _ = try Self.load(json)
        } throws: { error in
            (error as? CatalogIssue)?.location.description == location
        }
    }
}
