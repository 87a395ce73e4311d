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
/// element, are ordered the same way. The finish reasons and stream framing are the entry's. The
/// token roles' conventions are learned from the key's own totals where it has them, plain
/// answers and stream events each from their own (see `TokenConventionLearner`), else the
/// catalog's stand; `token_evidence` and `stream_token_evidence` say which.
struct FieldMapResolver {
    let entry: CatalogEntry
    let input: MatchInput
    /// The input's shapes with their path views memoised (shared with the scoring).
    let views: MatchViews

    struct Result {
        var fieldMap: FieldMap
        /// Roles whose body kind was sampled but none of whose paths exists.
        var missing: [String]
        /// Roles whose body kind was not sampled.
        var unsampled: [String]
    }

    /// The field map, from the entry's roles as `CompiledEntry.roles` prepares them.
    func resolve(roles: [CompiledEntry.Role]) -> Result {
        var map = entry.fieldMap
        map.roles = [:]
        var missing: [String] = []
        var unsampled: [String] = []
        for role in roles {
            let name = role.name
            let binding = role.binding
            guard binding.body.isLogged else {
                // A request model read from the URL or the row: nothing to sample.
                map.roles[name] = binding
                continue
            }
            let shapes = self.shapes(for: binding)
            guard !shapes.isEmpty else {
                unsampled.append(name)
                map.roles[name] = binding
                continue
            }
            var kept: [JSONPath] = []
            var keptShapePaths: [ShapePath] = []
            for (path, shapePath) in zip(binding.paths, role.shapePaths) {
                let found = shapes.contains { shape in
                    let number = shape.number(at: shapePath)
                    return number >= 0 && shape.entries[number].count > 0
                }
                if found {
                    kept.append(path)
                    keptShapePaths.append(shapePath)
                }
            }
            guard !kept.isEmpty else {
                missing.append(name)
                map.roles[name] = binding
                continue
            }
            var resolved = binding
            resolved.paths = kept + binding.paths.filter { !kept.contains($0) }
            if let items = role.items {
                resolved.item = Self.items(items, under: keptShapePaths, in: shapes)
            }
            map.roles[name] = resolved
        }
        TokenConventionLearner.apply(to: &map, body: .response, shapes: input.response.map { [(event: "", shape: $0)] } ?? [])
        TokenConventionLearner.apply(to: &map, body: .responseStream, shapes: input.streams)
        return Result(fieldMap: map, missing: missing, unsampled: unsampled)
    }

    /// The sampled shapes a binding reads (their views).
    func shapes(for binding: RoleBinding) -> [ShapeViews] {
        switch binding.body {
        case .request: return views.request.map { [$0] } ?? []
        case .response: return views.response.map { [$0] } ?? []
        case .error: return views.error.map { [$0] } ?? []
        case .url, .row: return []
        case .responseStream:
            let event = binding.event ?? StreamFraming.defaultEventName
            if event == "*" { return views.streams }
            if let shape = stream(event) { return [shape] }
            // Events named inside the JSON, their `event:` lines gone: the unnamed shape holds them.
            if let key = entry.stream?.eventKey, let shape = stream(StreamFraming.defaultEventName),
                let node = shape.node(at: ShapePath([.key(key)])), node.enumCandidates[event] != nil
            {
                return [shape]
            }
            return []
        }
    }

    /// The views of a stream event type's shape, if sampled (as `MatchInput.stream(_:)`).
    func stream(_ event: String) -> ShapeViews? {
        input.streamIndex(event).map { views.streams[$0] }
    }

    /// The item paths, those that exist under the kept paths first; every path is kept.
    static func items(
        _ items: [(key: String, relatives: [JSONPath], shapePaths: [ShapePath])], under kept: [ShapePath], in shapes: [ShapeViews]
    ) -> [String: [JSONPath]] {
        var result: [String: [JSONPath]] = [:]
        for (key, relatives, relativeShapePaths) in items {
            var paths: [JSONPath] = []
            for (relative, relativeShapePath) in zip(relatives, relativeShapePaths) {
                let exists = kept.contains { base in
                    shapes.contains { shape in
                        // Items of an array, or the value itself when the path reaches an object.
                        var number = shape.number(at: base)
                        guard number >= 0 else { return false }
                        if shape.entries[number].count(of: .array) > 0 { number = shape.step(from: number, .items) }
                        for component in relativeShapePath.components where number >= 0 {
                            number = shape.step(from: number, component)
                        }
                        return number >= 0 && shape.entries[number].count > 0
                    }
                }
                if exists { paths.append(relative) }
            }
            result[key] = paths + relatives.filter { !paths.contains($0) }
        }
        return result
    }
}
