import Foundation

/// Parses and validates one catalog document into a ``CatalogEntry``.
struct EntryParser {
    let document: [String: Any]
    let path: String

    private static let gateway = JSONLocation.document.key("x-gateway")
    private static let defs = JSONLocation.document.key("$defs")

    func parse() throws(CatalogIssue) -> CatalogEntry {
        guard let meta = document["x-gateway"] as? [String: Any] else {
            throw CatalogIssue(location: Self.gateway, message: "missing or not an object", hint: "add the x-gateway block (see schemas/README.md)")
        }
        let id = try string(meta, "id", at: Self.gateway)
        let provider = try string(meta, "provider", at: Self.gateway)
        let operation = try string(meta, "operation", at: Self.gateway)
        let title = (document["title"] as? String) ?? id

        let endpoints = try endpointList(meta["endpoints"], at: Self.gateway.key("endpoints"))
        let stream = try framing(meta["stream"], at: Self.gateway.key("stream"))

        // Schemas.
        var loader = SchemaLoader(document: document)
        let definitions: [String: Any]
        if let value = document["$defs"] {
            guard let object = value as? [String: Any] else {
                throw CatalogIssue(location: Self.defs, message: "must be an object", hint: "map names to schemas")
            }
            definitions = object
        } else {
            definitions = [:]
        }
        // Every definition must load, referenced or not, so a broken one is found now.
        var loaded: [String: SchemaNode] = [:]
        for name in definitions.keys.sorted() where name != "stream_events" {
            loaded[name] = try loader.node(definitions[name]!, at: Self.defs.key(name))
        }
        var streamEvents: [String: SchemaNode] = [:]
        if let events = definitions["stream_events"] {
            let at = Self.defs.key("stream_events")
            guard let object = events as? [String: Any], !object.isEmpty else {
                throw CatalogIssue(location: at, message: "must be an object of event name → schema", hint: "use \"message\" for unnamed SSE events and NDJSON lines")
            }
            for name in object.keys.sorted() {
                streamEvents[name] = try loader.node(object[name]!, at: at.key(name))
            }
        }
        if !streamEvents.isEmpty && stream == nil {
            throw CatalogIssue(location: Self.gateway.key("stream"), message: "missing, but $defs.stream_events is defined", hint: "add {\"format\": \"sse\"} or \"ndjson\"")
        }

        let available: Set<BodyKind> = Set([
            loaded["request"] != nil ? BodyKind.request : nil,
            loaded["response"] != nil ? BodyKind.response : nil,
            loaded["error"] != nil ? BodyKind.error : nil,
            streamEvents.isEmpty ? nil : BodyKind.responseStream,
        ].compactMap { $0 })

        let identify = try identifyMap(meta["identify"], at: Self.gateway.key("identify"), available: available)
        let plainText = try plainTextMap(meta["plain_text"], at: Self.gateway.key("plain_text"), available: available)
        let finishReasons = try finishReasonMap(meta["finish_reasons"], at: Self.gateway.key("finish_reasons"))
        let roles = try roleMap(meta["roles"], at: Self.gateway.key("roles"), available: available, events: Set(streamEvents.keys))
        let requestForms = try flag(meta, "request_forms", at: Self.gateway)
        var fieldMap = FieldMap(schemaID: id, roles: roles, finishReasons: finishReasons, stream: stream, requestForms: requestForms)
        // Only what the entry declares: forms and plain-text answers are never implied.
        if !plainText.isEmpty { fieldMap.plainText = FieldMap.PlainText(request: plainText) }

        return CatalogEntry(
            id: id, title: title, provider: provider, operation: operation, endpoints: endpoints,
            request: loaded["request"], response: loaded["response"], error: loaded["error"],
            streamEvents: streamEvents, stream: stream, identify: identify, plainText: plainText,
            fieldMap: fieldMap.upgradedFromVersion1(endpoints: endpoints, declared: true),
            sourcePath: path)
    }

    // MARK: Pieces

    /// An optional boolean member; absent is false.
    private func flag(_ object: [String: Any], _ key: String, at location: JSONLocation) throws(CatalogIssue) -> Bool {
        guard let value = object[key] else { return false }
        guard let flag = value as? Bool, SchemaLoader.isBoolean(value) else {
            throw CatalogIssue(location: location.key(key), message: "must be true or false", hint: "true when the API's requests are multipart/form-data forms")
        }
        return flag
    }

    private func string(_ object: [String: Any], _ key: String, at location: JSONLocation) throws(CatalogIssue) -> String {
        guard let value = object[key] as? String, !value.isEmpty else {
            throw CatalogIssue(location: location.key(key), message: "missing or not a non-empty string", hint: "see schemas/README.md for the format")
        }
        return value
    }

    private func endpointList(_ value: Any?, at location: JSONLocation) throws(CatalogIssue) -> [String] {
        guard let value else { return [] }
        guard let list = value as? [Any] else {
            throw CatalogIssue(location: location, message: "must be an array of path patterns", hint: "e.g. [\"/v1/chat/completions\"]")
        }
        var out: [String] = []
        for (index, item) in list.enumerated() {
            guard let pattern = item as? String, pattern.hasPrefix("/"), !pattern.contains("?") else {
                throw CatalogIssue(location: location.index(index), message: "must be a path starting with '/' and without a query",
                                   hint: "write placeholders as {name}, e.g. \"/v1beta/models/{model}:generateContent\"")
            }
            for segment in pattern.split(separator: "/") where segment.contains("{") || segment.contains("}") {
                guard segment.hasPrefix("{"), let close = segment.firstIndex(of: "}"), segment.filter({ $0 == "{" || $0 == "}" }).count == 2,
                      close > segment.index(after: segment.startIndex) else {
                    throw CatalogIssue(location: location.index(index), message: "malformed placeholder in segment \"\(segment)\"",
                                       hint: "a placeholder fills a whole segment, optionally followed by :action, e.g. {model}:generateContent")
                }
                let rest = segment[segment.index(after: close)...]
                guard rest.isEmpty || (rest.hasPrefix(":") && rest.count > 1) else {
                    throw CatalogIssue(location: location.index(index), message: "text after a placeholder in segment \"\(segment)\"",
                                       hint: "only a :action may follow a placeholder")
                }
            }
            out.append(pattern)
        }
        return out
    }

    func framing(_ value: Any?, at location: JSONLocation) throws(CatalogIssue) -> StreamFraming? {
        guard let value else { return nil }
        guard let object = value as? [String: Any] else {
            throw CatalogIssue(location: location, message: "must be an object", hint: "e.g. {\"format\": \"sse\", \"done\": \"[DONE]\"}")
        }
        // One format, or a list of them, the API's own first.
        let names = (object["format"] as? String).map { [$0] } ?? (object["format"] as? [Any])?.compactMap { $0 as? String }
        let formats = names?.compactMap(StreamFraming.Format.init(rawValue:)) ?? []
        guard let names, let format = formats.first, formats.count == names.count, Set(formats).count == formats.count else {
            throw CatalogIssue(location: location.key("format"), message: "missing or unknown stream format",
                               hint: "use one of \(StreamFraming.Format.allCases.map(\.rawValue).joined(separator: ", ")), or a list of them")
        }
        var framing = StreamFraming(format: format, alsoFramedAs: Array(formats.dropFirst()))
        if let done = object["done"] {
            guard let text = done as? String else { throw CatalogIssue(location: location.key("done"), message: "must be a string", hint: "e.g. \"[DONE]\"") }
            framing.done = text
        }
        if let key = object["event_key"] {
            guard let text = key as? String, !text.isEmpty else {
                throw CatalogIssue(location: location.key("event_key"), message: "must be a member name", hint: "e.g. \"type\"")
            }
            framing.eventKey = text
        }
        return framing
    }

    private func bodyKind(_ value: Any?, at location: JSONLocation) throws(CatalogIssue) -> BodyKind {
        guard let text = value as? String, let kind = BodyKind(rawValue: text) else {
            throw CatalogIssue(location: location, message: "missing or unknown body kind",
                               hint: "use one of \(BodyKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    private func jsonPath(_ value: Any, at location: JSONLocation) throws(CatalogIssue) -> JSONPath {
        guard let text = value as? String else {
            throw CatalogIssue(location: location, message: "a path must be a string", hint: "write a JSONPath like \"$.usage.prompt_tokens\"")
        }
        do {
            return try JSONPath(text)
        } catch {
            throw CatalogIssue(location: location, message: "\(error) in \"\(text)\"",
                               hint: "paths use $, .name, ['name'], [n], [*] and filters [?@.a == 'x'] only")
        }
    }

    private func pathList(_ value: Any?, at location: JSONLocation) throws(CatalogIssue) -> [JSONPath] {
        guard let list = value as? [Any], !list.isEmpty else {
            throw CatalogIssue(location: location, message: "must be a non-empty array of JSONPaths", hint: "list paths in order of preference")
        }
        var out: [JSONPath] = []
        for (index, item) in list.enumerated() {
            out.append(try jsonPath(item, at: location.index(index)))
        }
        return out
    }

    private func identifyMap(_ value: Any?, at location: JSONLocation, available: Set<BodyKind>) throws(CatalogIssue) -> [BodyKind: [JSONPath: [String]]] {
        guard let value else { return [:] }
        guard let object = value as? [String: Any] else {
            throw CatalogIssue(location: location, message: "must be an object of body kind → {path: [values]}", hint: "e.g. {\"response\": {\"$.object\": [\"chat.completion\"]}}")
        }
        var out: [BodyKind: [JSONPath: [String]]] = [:]
        for name in object.keys.sorted() {
            let at = location.key(name)
            let kind = try bodyKind(name, at: at)
            guard available.contains(kind) else {
                throw CatalogIssue(location: at, message: "names the \(name) body, which has no schema in $defs", hint: "add the schema or remove this block")
            }
            guard let constants = object[name] as? [String: Any] else {
                throw CatalogIssue(location: at, message: "must be an object of path → [values]", hint: "e.g. {\"$.type\": [\"message\"]}")
            }
            out[kind] = try valuesByPath(constants, at: at, hint: "list the constant values that mark this API")
        }
        return out
    }

    /// `plain_text`: request path → the values that ask for a plain-text response.
    private func plainTextMap(_ value: Any?, at location: JSONLocation, available: Set<BodyKind>) throws(CatalogIssue) -> [JSONPath: [String]] {
        guard let value else { return [:] }
        guard let object = value as? [String: Any], !object.isEmpty else {
            throw CatalogIssue(location: location, message: "must be an object of request path → [values]", hint: "e.g. {\"$.response_format\": [\"text\", \"srt\", \"vtt\"]}")
        }
        guard available.contains(.request) else {
            throw CatalogIssue(location: location, message: "names request members, but $defs has no request schema", hint: "add the request schema or remove this block")
        }
        return try valuesByPath(object, at: location, hint: "list the values that ask for a plain-text response")
    }

    /// `{path: [values]}`: each key a JSONPath, each value a non-empty array of strings.
    private func valuesByPath(_ object: [String: Any], at location: JSONLocation, hint: String) throws(CatalogIssue) -> [JSONPath: [String]] {
        var map: [JSONPath: [String]] = [:]
        for text in object.keys.sorted() {
            let path = try jsonPath(text, at: location.key(text))
            guard let values = object[text] as? [String], !values.isEmpty else {
                throw CatalogIssue(location: location.key(text), message: "must be a non-empty array of strings", hint: hint)
            }
            map[path] = values
        }
        return map
    }

    func finishReasonMap(_ value: Any?, at location: JSONLocation) throws(CatalogIssue) -> [String: String] {
        guard let value else { return [:] }
        guard let object = value as? [String: Any] else {
            throw CatalogIssue(location: location, message: "must be an object of raw → canonical", hint: "e.g. {\"end_turn\": \"stop\"}")
        }
        var out: [String: String] = [:]
        for (raw, canonical) in object {
            guard let text = canonical as? String, FieldMap.canonicalFinishReasons.contains(text) else {
                throw CatalogIssue(location: location.key(raw), message: "not a canonical finish reason",
                                   hint: "use one of \(FieldMap.canonicalFinishReasons.sorted().joined(separator: ", "))")
            }
            out[raw] = text
        }
        return out
    }

    /// `events` nil: any event name (a field map outside a catalog entry has no event schemas).
    /// `version` 2 reads the keys of a version 2 field map (`assemble`, `fallbacks`, `url` and
    /// `row` bindings); catalog entries and version 1 maps have none of them.
    func roleMap(
        _ value: Any?, at location: JSONLocation, available: Set<BodyKind>, events: Set<String>?, knownRolesOnly: Bool = false,
        version: Int = 1
    ) throws(CatalogIssue) -> [String: RoleBinding] {
        guard let object = value as? [String: Any], !object.isEmpty else {
            throw CatalogIssue(location: location, message: "missing or empty", hint: "bind at least the request model, messages and usage roles")
        }
        var out: [String: RoleBinding] = [:]
        for name in object.keys.sorted() {
            let at = location.key(name)
            let role = Role(name)
            guard role.isKnown || (role.isInKnownNamespace && !knownRolesOnly) else {
                throw CatalogIssue(location: at, message: "unknown role \"\(name)\"",
                                   hint: knownRolesOnly
                                       ? "the normalizer reads only " + Role.known.map(\.rawValue).joined(separator: ", ")
                                       : "use an OpenTelemetry gen_ai.* name or our gateway.* names (see schemas/README.md)")
            }
            guard let binding = object[name] as? [String: Any] else {
                throw CatalogIssue(location: at, message: "must be an object", hint: "e.g. {\"body\": \"request\", \"paths\": [\"$.model\"]}")
            }
            var parsed = try roleBinding(binding, at: at, available: available, events: events, version: version)
            if version >= 2 {
                parsed.fallbacks = try fallbackList(binding["fallbacks"], at: at.key("fallbacks"), available: available, events: events)
                for (index, link) in parsed.chain.enumerated() where !link.body.isLogged && role != .requestModel {
                    let place = index == 0 ? at.key("body") : at.key("fallbacks").index(index - 1).key("body")
                    throw CatalogIssue(location: place, message: "only gen_ai.request.model reads the \(link.body.rawValue)",
                                       hint: "bind this role to a body: request, response, response_stream or error")
                }
            }
            out[name] = parsed
        }
        return out
    }

    /// A version 2 binding's `fallbacks`: bindings without fallbacks of their own.
    private func fallbackList(_ value: Any?, at location: JSONLocation, available: Set<BodyKind>, events: Set<String>?) throws(CatalogIssue) -> [RoleBinding]? {
        guard let value else { return nil }
        guard let list = value as? [Any], !list.isEmpty else {
            throw CatalogIssue(location: location, message: "must be a non-empty array of bindings", hint: "leave it out when the role has one binding")
        }
        var out: [RoleBinding] = []
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else {
                throw CatalogIssue(location: location.index(index), message: "must be an object", hint: "e.g. {\"body\": \"row\", \"paths\": [\"$.model\"]}")
            }
            if object["fallbacks"] != nil {
                throw CatalogIssue(location: location.index(index).key("fallbacks"), message: "a fallback has no fallbacks of its own",
                                   hint: "list every binding in the role's one fallbacks array, in order")
            }
            out.append(try roleBinding(object, at: location.index(index), available: available, events: events, version: 2))
        }
        return out
    }

    func roleBinding(
        _ object: [String: Any], at location: JSONLocation, available: Set<BodyKind>, events: Set<String>?, version: Int = 1
    ) throws(CatalogIssue) -> RoleBinding {
        let kind = try bodyKind(object["body"], at: location.key("body"))
        guard kind.isLogged || version >= 2 else {
            throw CatalogIssue(location: location.key("body"), message: "the \(kind.rawValue) body is only read by version 2 field maps",
                               hint: "use one of \(BodyKind.logged.map(\.rawValue).joined(separator: ", "))")
        }
        guard available.contains(kind) || !kind.isLogged else {
            throw CatalogIssue(location: location.key("body"), message: "reads the \(kind.rawValue) body, which has no schema in $defs",
                               hint: kind == .responseStream ? "define $defs.stream_events" : "define $defs.\(kind.rawValue)")
        }
        var event: String?
        if let value = object["event"] {
            guard let text = value as? String, !text.isEmpty else {
                throw CatalogIssue(location: location.key("event"), message: "must be an event name or \"*\"", hint: "name a key of $defs.stream_events")
            }
            guard kind == .responseStream else {
                throw CatalogIssue(location: location.key("event"), message: "only response_stream bindings name an event", hint: "remove it or set body to response_stream")
            }
            if let events, text != "*", !events.contains(text) {
                throw CatalogIssue(location: location.key("event"), message: "event \"\(text)\" is not in $defs.stream_events",
                                   hint: "use one of \(events.sorted().joined(separator: ", ")) or \"*\"")
            }
            event = text
        } else if kind == .responseStream {
            throw CatalogIssue(location: location.key("event"), message: "missing for a response_stream binding", hint: "name a key of $defs.stream_events, or \"*\"")
        }
        let paths = kind == .url ? [] : try pathList(object["paths"], at: location.key("paths"))
        let extras = try version2Keys(object, kind: kind, at: location, version: version)
        var item: [String: [JSONPath]]?
        if let value = object["item"] {
            guard let map = value as? [String: Any], !map.isEmpty else {
                throw CatalogIssue(location: location.key("item"), message: "must be an object of key → [relative paths]", hint: "e.g. {\"role\": [\"$.role\"]}")
            }
            var out: [String: [JSONPath]] = [:]
            for key in map.keys.sorted() {
                guard Role.itemKeys.contains(key) else {
                    throw CatalogIssue(location: location.key("item").key(key), message: "unknown item key \"\(key)\"",
                                       hint: "use one of \(Role.itemKeys.sorted().joined(separator: ", "))")
                }
                out[key] = try pathList(map[key], at: location.key("item").key(key))
            }
            item = out
        }
        var tokens: TokenConvention?
        if let value = object["tokens"] {
            guard let text = value as? String, let convention = TokenConvention(rawValue: text) else {
                throw CatalogIssue(location: location.key("tokens"), message: "unknown token convention",
                                   hint: "use one of \(TokenConvention.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            tokens = convention
        }
        var confidence: Double?
        if let value = object["confidence"] {
            guard !SchemaLoader.isBoolean(value), let number = value as? NSNumber, (0...1).contains(number.doubleValue) else {
                throw CatalogIssue(location: location.key("confidence"), message: "must be a number in [0, 1]", hint: "catalog roles usually leave it out")
            }
            confidence = number.doubleValue
        }
        let known = version >= 2 ? Self.version2BindingKeys : Self.version1BindingKeys
        for key in object.keys where !known.contains(key) {
            throw CatalogIssue(location: location.key(key), message: "unknown key", hint: "a binding has " + known.sorted().joined(separator: ", "))
        }
        return RoleBinding(
            body: kind, event: event, paths: paths, templates: extras.templates, item: item, tokens: tokens, assemble: extras.assemble,
            confidence: confidence)
    }

    static let version1BindingKeys: Set<String> = ["body", "event", "paths", "item", "tokens", "confidence"]
    static let version2BindingKeys = version1BindingKeys.union(["templates", "assemble", "fallbacks"])

    /// A version 2 binding's `templates` (url only, required there) and `assemble`
    /// (response_stream only, required there).
    private func version2Keys(
        _ object: [String: Any], kind: BodyKind, at location: JSONLocation, version: Int
    ) throws(CatalogIssue) -> (templates: [String]?, assemble: RoleBinding.Assembly?) {
        guard version >= 2 else { return (nil, nil) }
        var templates: [String]?
        if kind == .url {
            guard let list = object["templates"] as? [Any], !list.isEmpty else {
                throw CatalogIssue(location: location.key("templates"), message: "missing or not a non-empty array", hint: "e.g. [\"/v1beta/models/{model}:generateContent\"]")
            }
            templates = []
            for (index, item) in list.enumerated() {
                guard let text = item as? String, text.hasPrefix("/"), text.contains("{model}") else {
                    throw CatalogIssue(location: location.key("templates").index(index), message: "must be a path starting with '/' that names {model}",
                                       hint: "e.g. \"/model/{model}/invoke\"")
                }
                templates?.append(text)
            }
            if object["paths"] != nil {
                throw CatalogIssue(location: location.key("paths"), message: "a url binding has templates, not paths", hint: "remove paths")
            }
        } else if object["templates"] != nil {
            throw CatalogIssue(location: location.key("templates"), message: "only url bindings have templates", hint: "remove it or set body to url")
        }
        var assemble: RoleBinding.Assembly?
        if let value = object["assemble"] {
            guard kind == .responseStream else {
                throw CatalogIssue(location: location.key("assemble"), message: "only response_stream bindings assemble", hint: "remove it")
            }
            guard let text = value as? String, let parsed = RoleBinding.Assembly(rawValue: text) else {
                throw CatalogIssue(location: location.key("assemble"), message: "unknown assembly",
                                   hint: "use one of \(RoleBinding.Assembly.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            assemble = parsed
        } else if kind == .responseStream {
            throw CatalogIssue(location: location.key("assemble"), message: "missing for a response_stream binding",
                               hint: "say how events combine: concat, first, last or join_calls")
        }
        return (templates, assemble)
    }
}
