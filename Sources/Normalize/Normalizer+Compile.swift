import Catalog

extension Normalizer {
    struct Programs {
        var request = PathProgram()
        var response = PathProgram()
        var stream = PathProgram()
    }

    /// Compiles a map into one path program per body kind.
    ///
    /// - The response program also reads the `error` roles, so an error-shaped body under 400 is
    ///   recognised in the same scan.
    /// - The stream program reads the `response_stream` roles, the `error` roles, and — as a
    ///   fallback for what the stream roles do not carry (model, id, cache tokens, the final
    ///   object of a `response.completed`) — every `response` role inside each event: at `$`, and
    ///   under each *envelope* the map implies, i.e. where a stream role's path ends with the
    ///   matching response role's path (`$.message.usage.input_tokens` in `message_start` vs
    ///   `$.usage.input_tokens` gives the envelope `$.message` of `message_start`).
    static func compile(_ map: FieldMap) -> Programs {
        var programs = build(map)
        programs.request.finalize()
        programs.response.finalize()
        programs.stream.finalize()
        return programs
    }

    private static func build(_ map: FieldMap) -> Programs {
        var programs = Programs()
        let toolCallItem = map[.outputToolCalls]?.item
        let sorted = map.roles.sorted { $0.key < $1.key }
        for (name, original) in sorted {
            let role = Role(name)
            var binding = original
            if role == .requestStopSequences {
                // Elements of an array first, then a single string.
                binding.paths = binding.paths.map { $0.appending(.wildcard) } + binding.paths
            }
            switch binding.body {
            case .request:
                programs.request.add(role, binding: binding, toolCallItem: toolCallItem)
            case .response:
                programs.response.add(role, binding: binding, toolCallItem: toolCallItem)
            case .error:
                programs.response.add(role, binding: binding)
                programs.stream.add(role, binding: binding)
            case .responseStream:
                programs.stream.add(role, binding: binding, event: binding.event)
            }
            if role == .embeddingsVectors {
                // A path may name each vector (`$.data[*].embedding`) or the list of them
                // (`$.embeddings.float`): its elements are read too, and win when they are vectors.
                var elements = binding
                elements.paths = binding.paths.map { $0.appending(.wildcard) }
                programs.response.add(Self.vectorElements, binding: elements)
            }
        }
        guard map.stream != nil || sorted.contains(where: { $0.value.body == .responseStream }) else { return programs }
        let envelopes = envelopes(of: map)
        for (name, binding) in sorted where binding.body == .response {
            let role = Role(name)
            programs.stream.add(role, binding: binding, source: .envelope, toolCallItem: toolCallItem)
            for envelope in envelopes {
                programs.stream.add(role, binding: binding, source: .wrapped, event: envelope.event, prefix: envelope.prefix, toolCallItem: toolCallItem)
            }
        }
        if let key = map.stream?.eventKey { programs.stream.addEventKey(key) }
        return programs
    }

    /// The internal role reading the elements of `gateway.embeddings.vectors`.
    static let vectorElements = Role("gateway.embeddings.vectors[*]")

    /// Stream role ↔ response role pairs whose paths reveal where a stream event wraps a response.
    static let envelopePairs: [(stream: Role, response: Role)] = [
        (.streamInputTokens, .inputTokens), (.streamOutputTokens, .outputTokens),
        (.streamFinishReason, .responseFinishReasons), (.streamTextDelta, .outputText),
    ]

    /// The (event, prefix) pairs under which a stream event carries a response-shaped object.
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
