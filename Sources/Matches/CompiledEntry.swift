import Catalog
import Foundation
import Shapes

/// What scoring a catalog entry needs that no key changes, prepared once per matcher: the
/// entry's schemas compiled (see `CompiledSchema`), and its identifying paths with their
/// constants, the other entries' constants at the same paths, and their reason texts.
final class CompiledEntry: @unchecked Sendable {
    /// One identifying path of one body kind (see `IdentifyEvidence`).
    struct IdentifyingPath: Sendable {
        let kind: BodyKind
        let path: JSONPath
        let shapePath: ShapePath
        /// The entry's constants at the path.
        let constants: Set<String>
        /// Each constant's weight as evidence: 1 / the entries that fix it (see `ConstantSpecificity`).
        let weights: [String: Double]
        /// Other entries' constants at the same path that are not this entry's.
        let foreign: Set<String>
        /// `path.description`.
        let pathText: String
        /// `kind path = a|b|c` (the first three constants, sorted; `|…` when there are more).
        let label: String
        /// `kind path holds other values than a|b|c`.
        let otherValues: String
        /// ` of kind path values are another API's constants`, after a percentage.
        let foreignText: String
    }

    /// One role of the entry's field map, its paths as shape paths (see `FieldMapResolver`).
    struct Role: Sendable {
        let name: String
        let binding: RoleBinding
        /// `binding.paths`, each as the shape path it reads.
        let shapePaths: [ShapePath]
        /// `binding.item`, each relative path also as the shape path it reads.
        let items: [(key: String, relatives: [JSONPath], shapePaths: [ShapePath])]?
    }

    let entry: CatalogEntry
    /// The field map's roles, by name.
    let roles: [Role]
    let request: CompiledSchema?
    let response: CompiledSchema?
    let error: CompiledSchema?
    let streamEvents: [String: CompiledSchema]
    /// The paths that define the entry's API (see `DefiningPaths`).
    let defining: DefiningPaths
    /// Per body kind other than errors, in `BodyKind.allCases` order, the identifying paths in
    /// the order of their text; kinds without paths left out.
    let identifying: [(kind: BodyKind, paths: [IdentifyingPath])]

    private let lock = NSLock()
    /// Unions of event schemas (events blurred into one shape), by their event names.
    private var unions: [[String]: CompiledSchema] = [:]

    /// Prepares `entry`, its constants weighed by `specificity`; its schemas' property names are
    /// numbered in `names`.
    init(_ entry: CatalogEntry, catalog: [CatalogEntry], specificity: ConstantSpecificity, names: inout PropertyNames.Builder) {
        self.entry = entry
        roles = Self.roles(of: entry)
        defining = DefiningPaths(entry)
        request = entry.request.map { CompiledSchema($0) { names.number($0) } }
        response = entry.response.map { CompiledSchema($0) { names.number($0) } }
        error = entry.error.map { CompiledSchema($0) { names.number($0) } }
        streamEvents = entry.streamEvents.mapValues { CompiledSchema($0) { names.number($0) } }
        var identifying: [(kind: BodyKind, paths: [IdentifyingPath])] = []
        for kind in BodyKind.allCases where kind != .error {
            guard let paths = entry.identify[kind], !paths.isEmpty else { continue }
            var prepared: [IdentifyingPath] = []
            for (path, values) in paths.sorted(by: { $0.key.description < $1.key.description }) {
                let constants = Set(values)
                var foreign: Set<String> = []
                for other in catalog where other.id != entry.id {
                    if let theirs = other.identify[kind]?[path] { foreign.formUnion(theirs) }
                }
                foreign.subtract(constants)
                // The texts read the catalog's list as written (duplicates and all).
                let sorted = values.sorted().prefix(3).joined(separator: "|")
                prepared.append(IdentifyingPath(
                    kind: kind, path: path, shapePath: path.shapePath, constants: constants,
                    weights: Dictionary(uniqueKeysWithValues: constants.map { ($0, specificity.weight(of: $0)) }), foreign: foreign,
                    pathText: path.description,
                    label: "\(kind.rawValue) \(path) = \(sorted)\(values.count > 3 ? "|…" : "")",
                    otherValues: "\(kind.rawValue) \(path) holds other values than \(sorted)",
                    foreignText: " of \(kind.rawValue) \(path) values are another API's constants"))
            }
            identifying.append((kind, prepared))
        }
        self.identifying = identifying
    }

    /// The roles of `entry`'s field map, prepared.
    static func roles(of entry: CatalogEntry) -> [Role] {
        entry.fieldMap.roles.sorted { $0.key < $1.key }.map { name, binding in
            Role(
                name: name, binding: binding, shapePaths: binding.paths.map(\.shapePath),
                items: binding.item.map { item in item.map { ($0.key, $0.value, $0.value.map(\.shapePath)) } })
        }
    }

    /// The compiled union of the event schemas named `events` (in this order), read as one
    /// discriminated object, its property names numbered in `names`; built once per list of names.
    func union(of events: [String], names: PropertyNames) -> CompiledSchema {
        if let known = lock.withLock({ unions[events] }) { return known }
        let schema = CompiledSchema(SchemaNode(alternatives: events.compactMap { entry.streamEvents[$0] })) { names.number($0) }
        lock.withLock {
            if unions.count >= 256 { unions.removeAll(keepingCapacity: true) }
            unions[events] = schema
        }
        return schema
    }
}
