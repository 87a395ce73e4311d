import Foundation

extension FieldMap {
    /// Reads a field map written by a person (an override's `--field-map` file), checking it the
    /// way the catalog checks its entries: every problem names its place in the document
    /// (`roles['gen_ai.usage.input_tokens'].paths[0]`) and says what to write. Only role names
    /// the normalizer knows are accepted. `origin` names the file in errors.
    public static func validated(json data: Data, origin: String) throws(CatalogError) -> FieldMap {
        let file = CatalogFile(name: URL(fileURLWithPath: origin).lastPathComponent, data: data, path: origin)
        let root = try CatalogLoader.readObject(file)
        return try CatalogLoader.wrap(URL(fileURLWithPath: origin)) { () throws(CatalogIssue) in
            try EntryParser(document: root, path: origin).fieldMap()
        }
    }
}

extension EntryParser {
    /// The document as a field map: `schema_id`, `roles`, `finish_reasons`, `stream`, nothing else.
    func fieldMap() throws(CatalogIssue) -> FieldMap {
        let top = JSONLocation.document
        for key in document.keys where !["schema_id", "roles", "finish_reasons", "stream"].contains(key) {
            throw CatalogIssue(location: top.key(key), message: "unknown key",
                               hint: "a field map has schema_id, roles, finish_reasons and stream (see schemas/field_map.schema.json)")
        }
        guard let schemaID = document["schema_id"] as? String, !schemaID.isEmpty else {
            throw CatalogIssue(location: top.key("schema_id"), message: "missing or not a non-empty string",
                               hint: "name the catalog id the map follows, or \"\(FieldMap.heuristicSchemaID)\"")
        }
        let stream = try framing(document["stream"], at: top.key("stream"))
        let roles = try roleMap(
            document["roles"], at: top.key("roles"), available: Set(BodyKind.allCases), events: nil, knownRolesOnly: true)
        let finishReasons = try finishReasonMap(document["finish_reasons"], at: top.key("finish_reasons"))
        return FieldMap(schemaID: schemaID, roles: roles, finishReasons: finishReasons, stream: stream)
    }
}
