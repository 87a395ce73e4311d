/// The conversion of a version 1 map (no `version` key) to version 2: the one place where the
/// rules version 1 left implicit survive, written out as map content (`schemas/FIELD_MAP.md`,
/// section 10). Catalog entries, written in the version 1 form, are converted the same way when
/// loaded, and heuristic maps when made.
extension FieldMap {
    /// Request `response_format` values that ask for a plain-text answer (transcriptions).
    public static let plainTextFormats = ["text", "srt", "vtt"]

    /// The done marker of SSE streams that version 1 skipped wherever it appeared.
    public static let defaultDoneMarker = "[DONE]"

    /// The stream role ↔ response role pairs whose paths reveal where a stream event wraps a
    /// response-shaped object (an *envelope*).
    static let envelopePairs: [(stream: Role, response: Role)] = [
        (.streamInputTokens, .inputTokens), (.streamOutputTokens, .outputTokens),
        (.streamFinishReason, .responseFinishReasons), (.streamTextDelta, .outputText), (.streamReasoningDelta, .outputReasoning),
    ]

    /// This map with version 1's implicit rules made explicit; `endpoints` are the path
    /// templates the API is served at (those naming `{model}` become a `url` binding of the
    /// request model). Bindings that already have fallbacks or an assembly are left as they are.
    ///
    /// A stored version 1 map read every form request and took every asked-for plain-text answer
    /// as its output; it gets both rules (`declared` false). A map that states its own
    /// `request_forms` and `plain_text` (a catalog entry, a heuristic map) keeps them (`declared`
    /// true), so a map never says more than its API does.
    public func upgradedFromVersion1(endpoints: [String] = [], declared: Bool = false) -> FieldMap {
        var map = self
        map.version = Self.currentVersion
        if !declared {
            map.requestForms = true
            if map.plainText == nil, map[.outputText] != nil {
                map.plainText = PlainText(request: [JSONPath(components: [.key("response_format")]): Self.plainTextFormats])
            }
        }
        if var stream = map.stream, stream.format == .sse, stream.done == nil {
            stream.done = Self.defaultDoneMarker
            map.stream = stream
        }
        if map.stream == nil, map.roles.values.contains(where: { $0.body == .responseStream }) {
            // Version 1 read SSE and NDJSON bodies as streams whatever the map said.
            map.stream = StreamFraming(format: .sse, done: Self.defaultDoneMarker)
        }
        map[.requestModel] = Self.requestModel(map[.requestModel], endpoints: endpoints)
        for (name, binding) in map.roles where binding.body == .responseStream && binding.assemble == nil {
            map.roles[name]?.assemble = Self.defaultAssembly(of: Role(name))
        }
        let streams = map.stream != nil
        let envelopes = streams ? Self.envelopes(of: map) : []
        for (name, binding) in map.roles where binding.fallbacks == nil {
            let role = Role(name)
            switch binding.body {
            case .response where role != .outputMessages && streams:
                var fallbacks = [RoleBinding(body: .responseStream, event: "*", paths: binding.paths, item: binding.item, assemble: .last)]
                for envelope in envelopes {
                    let paths = binding.paths.map { JSONPath(components: envelope.prefix + $0.components) }
                    fallbacks.append(RoleBinding(body: .responseStream, event: envelope.event ?? "*", paths: paths, item: binding.item, assemble: .last))
                }
                map.roles[name]?.fallbacks = fallbacks.map { var copy = $0; copy.tokens = binding.tokens; return copy }
            case .error:
                var fallbacks = [RoleBinding(body: .response, paths: binding.paths, item: binding.item)]
                if streams {
                    fallbacks.append(RoleBinding(body: .responseStream, event: "*", paths: binding.paths, item: binding.item, assemble: .last))
                }
                map.roles[name]?.fallbacks = fallbacks
            default:
                break
            }
        }
        return map
    }

    /// How version 1 assembled a stream role across events.
    static func defaultAssembly(of role: Role) -> RoleBinding.Assembly {
        switch role {
        case .streamTextDelta, .streamReasoningDelta: .concat
        case .streamToolCallDelta: .joinCalls
        default: .last
        }
    }

    /// The request model: the body's paths, then the URL templates naming `{model}`, then the
    /// row's model column.
    static func requestModel(_ binding: RoleBinding?, endpoints: [String]) -> RoleBinding {
        let templates = endpoints.filter { $0.contains("{model}") }
        var chain = binding?.chain ?? []
        if !templates.isEmpty, !chain.contains(where: { $0.body == .url }) {
            chain.append(RoleBinding(body: .url, paths: [], templates: templates))
        }
        if !chain.contains(where: { $0.body == .row }) {
            chain.append(RoleBinding(body: .row, paths: [JSONPath(components: [.key("model")])]))
        }
        var primary = chain[0]
        primary.fallbacks = chain.count > 1 ? Array(chain.dropFirst()) : nil
        return primary
    }

    /// The (event, prefix) pairs under which a stream event carries a response-shaped object:
    /// where a stream role's path ends with the matching response role's path.
    static func envelopes(of map: FieldMap) -> [(event: String?, prefix: [JSONPath.Component])] {
        var found: [(event: String?, prefix: [JSONPath.Component])] = []
        for pair in envelopePairs {
            guard let stream = map[pair.stream], let response = map[pair.response] else { continue }
            for streamPath in stream.paths {
                for responsePath in response.paths where !responsePath.components.isEmpty {
                    let s = streamPath.components
                    let r = responsePath.components
                    guard s.count > r.count, Array(s.suffix(r.count)) == r else { continue }
                    let prefix = Array(s.prefix(s.count - r.count))
                    let event = stream.event == "*" ? nil : stream.event
                    if !found.contains(where: { $0.event == event && $0.prefix == prefix }) {
                        found.append((event, prefix))
                    }
                }
            }
        }
        return found
    }
}
