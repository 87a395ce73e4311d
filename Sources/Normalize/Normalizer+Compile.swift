import Catalog

extension Normalizer {
    struct Programs {
        var request = PathProgram()
        var response = PathProgram()
        var stream = PathProgram()
        /// The `url` and `row` links of the request model, in chain order.
        var context: [(level: Int32, binding: RoleBinding)] = []
        /// How many drafts a stream fills (FIELD_MAP.md 5.4: stream roles, then the others, by level).
        var streamDrafts = 1
    }

    /// Compiles a map into one path program per body kind: every link of every role's chain
    /// (the binding, then its fallbacks) goes to the program of the body it reads. Nothing is
    /// added that the map does not say; the map's `plain_text` request paths become a selector
    /// role of the request program.
    static func compile(_ map: FieldMap) -> Programs {
        var programs = Programs()
        let toolCallItem = map[.outputToolCalls]?.item
        let sorted = map.roles.sorted { $0.key < $1.key }
        let depth = sorted.map { $0.value.chain.count }.max() ?? 1
        programs.streamDrafts = 2 * depth
        for (name, binding) in sorted {
            let role = Role(name)
            // Links are added last first: for one document, a role's spec applied later (a lower
            // level) overwrites a value an earlier (higher) one gave, so the first link that
            // yields wins.
            for (level, original) in binding.chain.enumerated().reversed() {
                var link = original
                if role == .requestStopSequences {
                    // Elements of an array first, then a single string.
                    link.paths = link.paths.map { $0.appending(.wildcard) } + link.paths
                }
                let level = Int32(level)
                switch link.body {
                case .request:
                    programs.request.add(role, binding: link, level: level, toolCallItem: toolCallItem)
                case .response, .error:
                    programs.response.add(role, binding: link, level: level, toolCallItem: toolCallItem)
                case .responseStream:
                    let draft = (role.rawValue.hasPrefix("gateway.stream.") ? 0 : Int32(depth)) + level
                    programs.stream.add(role, binding: link, level: level, draft: draft, event: link.event, toolCallItem: toolCallItem)
                case .url, .row:
                    programs.context.insert((level, link), at: 0)
                }
                if role == .embeddingsVectors, link.body == .response {
                    // A path may name each vector (`$.data[*].embedding`) or the list of them
                    // (`$.embeddings.float`): its elements are read too, and win when they are vectors.
                    var elements = link
                    elements.paths = link.paths.map { $0.appending(.wildcard) }
                    programs.response.add(Self.vectorElements, binding: elements, level: level)
                }
            }
        }
        if let plainText = map.plainText {
            for (path, values) in plainText.request.sorted(by: { $0.key.description < $1.key.description }) {
                let binding = RoleBinding(body: .request, paths: [path])
                programs.request.add(Self.plainTextSelector, binding: binding, accepted: Set(values.map { $0.lowercased() }))
            }
        }
        if let key = map.stream?.eventKey { programs.stream.addEventKey(key) }
        programs.request.finalize()
        programs.response.finalize()
        programs.stream.finalize()
        return programs
    }

    /// The internal role reading the elements of `gateway.embeddings.vectors`.
    static let vectorElements = Role("gateway.embeddings.vectors[*]")
    /// The internal role reading a request value that may ask for a plain-text answer.
    static let plainTextSelector = Role("gateway.request.plain_text_selector")
}
