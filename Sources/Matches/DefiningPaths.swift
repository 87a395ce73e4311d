import Catalog
import Shapes

/// The paths that define a catalog entry's API, read from its schemas once per matcher, and how
/// much of a key's samples carries them.
///
/// A path defines the API when the request, response or a stream event schema requires it, at the top level or
/// in the items of a required top-level array (the API's identifying arrays: `choices`, `data`,
/// `results`, `messages`…), and it is one of:
/// - a container (an array or object: `$.messages`, `$.choices`, `$.data`);
/// - a member of those items (`$.data[*].embedding`, `$.choices[*].message`);
/// - a value the entry's field map reads as content (`$.prompt`, `$.text`, `$.generation`).
///
/// Left out: members whose values the schema fixes (`object: "list"`, `type`, `role`: tags,
/// weighed by `IdentifyEvidence` by how specific they are), and members bound to roles that name
/// the call rather than carry it (the model, the response id, finish reasons, token counts):
/// hosts and clients legitimately move or drop those (Azure names the model in the path).
///
/// An entry whose defining paths are absent from a share of the samples cannot speak for those
/// samples: ``presence(in:views:)`` is the smallest presence of any defining path (over the body
/// kind's documents, or the event's, or over the items of its array), and `EntryScorer` caps the confidence by it.
struct DefiningPaths: Sendable {
    /// One defining path.
    struct Path: Sendable {
        let kind: BodyKind
        /// The stream event whose schema requires the path (stream paths only).
        let event: String?
        let shapePath: ShapePath
        /// The same path in a body whose root is an array of the objects (the HF Inference API
        /// wraps TGI's answer in a list), when the schema admits that.
        let wrapped: ShapePath?
        /// `kind $.path`, for reasons.
        let label: String
    }

    let paths: [Path]

    /// The defining paths of `entry`'s request, response and stream event schemas.
    init(_ entry: CatalogEntry) {
        var bound: [BodyKind: [ShapePath: Bool]] = [:]
        for (role, binding) in entry.fieldMap.roles {
            let names = Self.namesTheCall(role)
            for path in binding.paths {
                let shapePath = path.shapePath
                // A path some role reads as content stays content, whatever else reads it.
                bound[binding.body, default: [:]][shapePath] = (bound[binding.body]?[shapePath] ?? true) && names
            }
        }
        var paths: [Path] = []
        var schemas: [(kind: BodyKind, event: String?, schema: SchemaNode?)] = [(.request, nil, entry.request), (.response, nil, entry.response)]
        for (event, schema) in entry.streamEvents.sorted(by: { $0.key < $1.key }) { schemas.append((.responseStream, event, schema)) }
        for (kind, event, schema) in schemas {
            guard let object = schema?.objectView else { continue }
            let roles = bound[kind] ?? [:]
            let prefix = event.map { "\(kind.rawValue) \($0)" } ?? kind.rawValue
            let wraps = schema?.admits(SchemaNode.JSONType.array) == true && schema?.itemsView?.objectView != nil
            func path(_ components: [ShapePath.Component]) -> Path {
                let shapePath = ShapePath(components)
                return Path(
                    kind: kind, event: event, shapePath: shapePath, wrapped: wraps ? ShapePath([.items] + components) : nil,
                    label: "\(prefix) \(JSONPath(shapePath))")
            }
            for name in object.required.sorted() {
                guard let member = object.properties[name] else { continue }
                if Self.defines(member, path: ShapePath([.key(name)]), roles: roles, inItems: false) {
                    paths.append(path([.key(name)]))
                }
                guard member.admits(SchemaNode.JSONType.array), let items = member.itemsView?.objectView else { continue }
                for itemName in items.required.sorted() {
                    guard let itemMember = items.properties[itemName] else { continue }
                    let components: [ShapePath.Component] = [.key(name), .items, .key(itemName)]
                    if Self.defines(itemMember, path: ShapePath(components), roles: roles, inItems: true) {
                        paths.append(path(components))
                    }
                }
            }
        }
        self.paths = paths
    }

    /// True when a required member at `path` defines the API (see the type's rules); `roles`
    /// says, per bound path, whether every role reading it names the call.
    static func defines(_ member: SchemaNode, path: ShapePath, roles: [ShapePath: Bool], inItems: Bool) -> Bool {
        if member.closedStrings != nil { return false }
        if let namesTheCall = roles[path] { return !namesTheCall }
        return inItems || member.admits(SchemaNode.JSONType.array) || member.admits(SchemaNode.JSONType.object)
    }

    /// True for roles that name or count the call rather than carry its content.
    static func namesTheCall(_ role: String) -> Bool {
        let role = Role(role)
        return role == .requestModel || role == .responseModel || role == .responseID || role == .responseFinishReasons
            || role == .streamFinishReason || role.isTokenCount
    }

    /// The smallest presence of a defining path in the sampled bodies of its kind, with the
    /// labels of the paths under `1`; body kinds not sampled are not judged, nor are item paths
    /// whose arrays held no items.
    func presence(in input: MatchInput, views: MatchViews) -> (presence: Double, short: [(label: String, presence: Double)]) {
        var lowest = 1.0
        var short: [(label: String, presence: Double)] = []
        for path in paths {
            let shape: ShapeViews?
            switch path.kind {
            case .request: shape = views.request
            case .response: shape = views.response
            case .responseStream:
                // Only events sampled under the entry's own name (not blurred into `message`).
                shape = path.event.flatMap(input.streamIndex).map { views.streams[$0] }
            case .error, .url, .row: shape = nil
            }
            guard let shape, shape.shape.documentCount > 0 else { continue }
            // The path as written, or wrapped; absent from the items: judged only when the array
            // held items at all.
            let written = Self.presence(of: path.shapePath, in: shape)
            let wrapped = written == 1 ? nil : path.wrapped.flatMap { Self.presence(of: $0, in: shape) }
            guard var presence = written.map({ found in wrapped.map { max(found, $0) } ?? found }) ?? wrapped else { continue }
            if path.kind == .request, path.shapePath.depth == 1, presence < 1 {
                presence = Self.requestPresence(presence, requests: shape.shape.documentCount, failed: input.failedRows)
            }
            guard presence < 1 else { continue }
            lowest = min(lowest, presence)
            short.append((path.label, presence))
        }
        return (lowest, short)
    }

    /// A top-level request member's presence over the requests whose calls did not fail: a request
    /// that ended in an error (or a proxy's 502 page) may lack what the API requires, or be
    /// another API's, so the requests missing it are first set against the failed rows.
    static func requestPresence(_ presence: Double, requests: Int, failed: Int) -> Double {
        let succeeded = requests - min(failed, requests)
        guard succeeded > 0 else { return 1 }
        return min(1, presence * Double(requests) / Double(succeeded))
    }

    /// The presence of `path` in `shape`; nil when it steps through an array that held no items.
    static func presence(of path: ShapePath, in shape: ShapeViews) -> Double? {
        let number = shape.number(at: path)
        if number >= 0 { return shape.entries[number].presence }
        guard path.isInsideArray else { return 0 }
        var parent = path.parent
        while parent.components.last != .items, !parent.components.isEmpty { parent = parent.parent }
        let items = shape.number(at: parent)
        return items >= 0 && shape.entries[items].count > 0 ? 0 : nil
    }
}
