import Catalog

/// How specific a catalog constant is: a value many APIs fix (`object: "list"`, `type: "message"`)
/// says little about which API a body speaks; one only this API fixes says a lot.
///
/// A value's sharers are the catalog entries that fix it anywhere in their schemas (a `const` or
/// `enum` string of any body kind or stream event) or name it among their `identify` constants;
/// its weight is 1 / sharers. Computed once per matcher.
struct ConstantSpecificity: Sendable {
    /// Value → the number of entries that fix it.
    let sharers: [String: Int]

    init(_ entries: [CatalogEntry]) {
        var sharers: [String: Int] = [:]
        for entry in entries {
            var values: Set<String> = []
            for schema in [entry.request, entry.response, entry.error].compactMap({ $0 }) + Array(entry.streamEvents.values) {
                Self.collect(schema, into: &values)
            }
            for paths in entry.identify.values {
                for constants in paths.values { values.formUnion(constants) }
            }
            for value in values { sharers[value, default: 0] += 1 }
        }
        self.sharers = sharers
    }

    /// The weight of agreeing on `value`: 1 / the entries that fix it (1 for a value none fixes).
    func weight(of value: String) -> Double {
        1 / Double(max(1, sharers[value] ?? 1))
    }

    /// Adds every closed string value of `node` and its members, items and branches.
    static func collect(_ node: SchemaNode, into values: inout Set<String>) {
        if let allowed = node.allowedStrings { values.formUnion(allowed) }
        for property in node.properties.values { collect(property, into: &values) }
        if let items = node.items { collect(items, into: &values) }
        if let additional = node.additionalProperties { collect(additional, into: &values) }
        for alternative in node.alternatives { collect(alternative, into: &values) }
    }
}
