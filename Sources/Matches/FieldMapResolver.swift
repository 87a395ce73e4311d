import Catalog
import Shapes

/// The field map of a matched catalog entry, ordered by what the samples show.
///
/// Every role of the entry's map is kept: the catalog knows where an API puts a value even when
/// this key's samples never carried it (no error sampled yet, no stream, an optional parameter no
/// client sent), and the gateway needs those bindings for the rows still to come. For each role,
/// the paths that exist in the shape of the role's body kind come first, in the catalog's order
/// of preference, then the others. Stream roles count as seen when a sampled event type is theirs
/// (by `event:` name, `*` for any, or the entry's `event_key` member holding that name) and their
/// path exists in it. Roles none of whose paths was seen are reported as missing (body kind
/// sampled) or unsampled (body kind never sampled). `item` paths, relative to each array
/// element, are ordered the same way. The finish reasons and stream framing are the entry's.
struct FieldMapResolver {
    let entry: CatalogEntry
    let input: MatchInput

    struct Result {
        var fieldMap: FieldMap
        /// Roles whose body kind was sampled but none of whose paths exists.
        var missing: [String]
        /// Roles whose body kind was not sampled.
        var unsampled: [String]
    }

    func resolve() -> Result {
        var map = FieldMap(schemaID: entry.id, finishReasons: entry.fieldMap.finishReasons, stream: entry.fieldMap.stream)
        var missing: [String] = []
        var unsampled: [String] = []
        for (name, binding) in entry.fieldMap.roles.sorted(by: { $0.key < $1.key }) {
            let shapes = self.shapes(for: binding)
            guard !shapes.isEmpty else {
                unsampled.append(name)
                map.roles[name] = binding
                continue
            }
            var kept: [JSONPath] = []
            var nodes: [ShapeNode] = []
            for path in binding.paths {
                let found = shapes.compactMap { $0.node(at: path.shapePath) }.filter { $0.count > 0 }
                if !found.isEmpty {
                    kept.append(path)
                    nodes += found
                }
            }
            guard !kept.isEmpty else {
                missing.append(name)
                map.roles[name] = binding
                continue
            }
            var resolved = binding
            resolved.paths = kept + binding.paths.filter { !kept.contains($0) }
            if let item = binding.item {
                resolved.item = Self.items(item, under: kept, in: shapes)
            }
            map.roles[name] = resolved
        }
        return Result(fieldMap: map, missing: missing, unsampled: unsampled)
    }

    /// The sampled shapes a binding reads.
    func shapes(for binding: RoleBinding) -> [Shape] {
        switch binding.body {
        case .request: return input.request.map { [$0] } ?? []
        case .response: return input.response.map { [$0] } ?? []
        case .error: return input.error.map { [$0] } ?? []
        case .responseStream:
            let event = binding.event ?? StreamFraming.defaultEventName
            if event == "*" { return input.streams.map(\.shape) }
            if let shape = input.stream(event) { return [shape] }
            // Events named inside the JSON, their `event:` lines gone: the unnamed shape holds them.
            if let key = entry.stream?.eventKey, let shape = input.stream(StreamFraming.defaultEventName),
                let node = shape.node(at: ShapePath([.key(key)])), node.enumCandidates[event] != nil
            {
                return [shape]
            }
            return []
        }
    }

    /// The item paths, those that exist under the kept paths first; every path is kept.
    static func items(_ item: [String: [JSONPath]], under kept: [JSONPath], in shapes: [Shape]) -> [String: [JSONPath]] {
        var result: [String: [JSONPath]] = [:]
        for (key, relatives) in item {
            var paths: [JSONPath] = []
            for relative in relatives {
                let exists = kept.contains { base in
                    let elementBase = base.shapePath
                    return shapes.contains { shape in
                        // Items of an array, or the value itself when the path reaches an object.
                        let element = shape.node(at: elementBase)?.count(of: .array) ?? 0 > 0
                            ? elementBase.appending(.items) : elementBase
                        let full = ShapePath(element.components + relative.shapePath.components)
                        return (shape.node(at: full)?.count ?? 0) > 0
                    }
                }
                if exists { paths.append(relative) }
            }
            result[key] = paths + relatives.filter { !paths.contains($0) }
        }
        return result
    }
}
