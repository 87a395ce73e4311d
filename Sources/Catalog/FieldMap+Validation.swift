import Foundation

extension FieldMap {
    /// Reads a field map written by a person (an override's `--field-map` file), checking it the
    /// way the catalog checks its entries: every problem names its place in the document
    /// (`roles['gen_ai.usage.input_tokens'].paths[0]`) and says what to write. Only role names
    /// the normalizer knows are accepted. A version 1 map (no `version`) is converted to version 2.
    /// `origin` names the file in errors. `schemas/field_map.schema.json` states the same rules.
    public static func validated(json data: Data, origin: String) throws(CatalogError) -> FieldMap {
        let file = CatalogFile(name: URL(fileURLWithPath: origin).lastPathComponent, data: data, path: origin)
        let root = try CatalogLoader.readObject(file)
        return try CatalogLoader.wrap(URL(fileURLWithPath: origin)) { () throws(CatalogIssue) in
            try EntryParser(document: root, path: origin).fieldMap()
        }
    }
}

extension EntryParser {
    static let version1MapKeys: Set<String> = ["schema_id", "roles", "finish_reasons", "stream"]
    static let version2MapKeys = version1MapKeys.union([
        "version", "unknown_finish_reason", "request_forms", "plain_text", "token_evidence", "stream_token_evidence",
    ])

    /// The document as a field map: version 1 (`schema_id`, `roles`, `finish_reasons`, `stream`)
    /// converted, or version 2 (FIELD_MAP.md section 1).
    func fieldMap() throws(CatalogIssue) -> FieldMap {
        let top = JSONLocation.document
        var version = 1
        if let value = document["version"] {
            guard !SchemaLoader.isBoolean(value), let number = value as? NSNumber, number.doubleValue == 2 else {
                throw CatalogIssue(location: top.key("version"), message: "must be 2", hint: "leave it out for a version 1 map")
            }
            version = 2
        }
        let known = version == 2 ? Self.version2MapKeys : Self.version1MapKeys
        for key in document.keys where !known.contains(key) {
            throw CatalogIssue(location: top.key(key), message: "unknown key",
                               hint: "a version \(version) field map has \(known.sorted().joined(separator: ", ")) (see schemas/FIELD_MAP.md)")
        }
        guard let schemaID = document["schema_id"] as? String, !schemaID.isEmpty else {
            throw CatalogIssue(location: top.key("schema_id"), message: "missing or not a non-empty string",
                               hint: "name the catalog id the map follows, or \"\(FieldMap.heuristicSchemaID)\"")
        }
        let stream = try framing(document["stream"], at: top.key("stream"))
        let roles = try roleMap(
            document["roles"], at: top.key("roles"), available: Set(BodyKind.allCases), events: nil, knownRolesOnly: true, version: version)
        let finishReasons = try finishReasonMap(document["finish_reasons"], at: top.key("finish_reasons"))
        let map = FieldMap(schemaID: schemaID, roles: roles, finishReasons: finishReasons, stream: stream)
        guard version == 2 else { return map.upgradedFromVersion1() }
        return try version2(map, stream: stream)
    }

    /// The version 2 keys of a map document, checked into `map`.
    private func version2(_ map: FieldMap, stream: StreamFraming?) throws(CatalogIssue) -> FieldMap {
        let top = JSONLocation.document
        var map = map
        guard let text = document["unknown_finish_reason"] as? String, let rule = FieldMap.UnknownFinishReason(rawValue: text) else {
            throw CatalogIssue(location: top.key("unknown_finish_reason"), message: "missing or not drop/keep",
                               hint: "\"drop\" leaves unknown raw reasons out of the canonical list, \"keep\" copies them")
        }
        map.unknownFinishReason = rule
        if let stream, stream.format == .sse, stream.done == nil {
            throw CatalogIssue(location: top.key("stream").key("done"), message: "missing for an sse stream",
                               hint: "name the data payload that ends the stream, \"\(FieldMap.defaultDoneMarker)\" when the API sends none")
        }
        if stream == nil, map.roles.values.contains(where: { $0.chain.contains { $0.body == .responseStream } }) {
            throw CatalogIssue(location: top.key("stream"), message: "missing, but a role reads response_stream", hint: "add {\"format\": \"sse\", \"done\": \"[DONE]\"}")
        }
        if let value = document["request_forms"] {
            guard let flag = value as? Bool, SchemaLoader.isBoolean(value) else {
                throw CatalogIssue(location: top.key("request_forms"), message: "must be true or false", hint: "true when requests may be multipart forms")
            }
            map.requestForms = flag
        }
        if let value = document["plain_text"] { map.plainText = try plainText(value, at: top.key("plain_text")) }
        if let value = document["token_evidence"] { map.tokenEvidence = try tokenEvidence(value, at: top.key("token_evidence")) }
        if let value = document["stream_token_evidence"] {
            map.streamTokenEvidence = try tokenEvidence(value, at: top.key("stream_token_evidence"))
        }
        return map
    }

    private func plainText(_ value: Any, at location: JSONLocation) throws(CatalogIssue) -> FieldMap.PlainText {
        guard let object = value as? [String: Any], object.keys.allSatisfy({ $0 == "request" }),
              let request = object["request"] as? [String: Any], !request.isEmpty else {
            throw CatalogIssue(location: location, message: "must be {\"request\": {path: [values]}}",
                               hint: "e.g. {\"request\": {\"$.response_format\": [\"text\", \"srt\", \"vtt\"]}}")
        }
        var out: [JSONPath: [String]] = [:]
        for text in request.keys.sorted() {
            let at = location.key("request").key(text)
            let path: JSONPath
            do {
                path = try JSONPath(text)
            } catch {
                throw CatalogIssue(location: at, message: "\(error) in \"\(text)\"", hint: "paths use $, .name, ['name'], [n], [*] and filters [?@.a == 'x'] only")
            }
            guard let values = request[text] as? [String], !values.isEmpty else {
                throw CatalogIssue(location: at, message: "must be a non-empty array of strings", hint: "list the values that ask for plain text")
            }
            out[path] = values
        }
        return FieldMap.PlainText(request: out)
    }

    private func tokenEvidence(_ value: Any, at location: JSONLocation) throws(CatalogIssue) -> TokenEvidence {
        let hint = "{\"source\": \"learned\"|\"catalog\", \"samples\": int, \"agreeing\": int, \"rule\": string}"
        guard let object = value as? [String: Any], Set(object.keys) == ["source", "samples", "agreeing", "rule"] else {
            throw CatalogIssue(location: location, message: "must have exactly source, samples, agreeing and rule", hint: hint)
        }
        guard let text = object["source"] as? String, let source = TokenEvidence.Source(rawValue: text) else {
            throw CatalogIssue(location: location.key("source"), message: "must be \"learned\" or \"catalog\"", hint: hint)
        }
        func count(_ key: String) throws(CatalogIssue) -> Int {
            guard let value = object[key], !SchemaLoader.isBoolean(value), let number = value as? NSNumber,
                  number.doubleValue >= 0, number.doubleValue == number.doubleValue.rounded(), number.doubleValue < 1e15 else {
                throw CatalogIssue(location: location.key(key), message: "must be an integer ≥ 0", hint: hint)
            }
            return number.intValue
        }
        guard let rule = object["rule"] as? String else {
            throw CatalogIssue(location: location.key("rule"), message: "must be a string", hint: hint)
        }
        return TokenEvidence(source: source, samples: try count("samples"), agreeing: try count("agreeing"), rule: rule)
    }
}
