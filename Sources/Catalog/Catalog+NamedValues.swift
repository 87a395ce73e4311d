extension Catalog {
    /// Every string value the catalog itself names: `enum` and `const` values of its schemas,
    /// identifying constants, raw and canonical finish reasons, stream event names and role names.
    /// These — and model names — are the only body values the mapper may print or persist.
    public var namedValues: Set<String> {
        var values = Set<String>()
        for entry in entries {
            values.formUnion(entry.namedValues)
        }
        return values
    }
}

extension CatalogEntry {
    /// The string values this entry names (see `Catalog.namedValues`).
    public var namedValues: Set<String> {
        var values = Set<String>()
        for node in [request, response, error].compactMap({ $0 }) + Array(streamEvents.values) {
            node.collectLiterals(into: &values)
        }
        values.formUnion(streamEvents.keys)
        for constants in identify.values {
            for allowed in constants.values { values.formUnion(allowed) }
        }
        values.formUnion(fieldMap.finishReasons.keys)
        values.formUnion(fieldMap.finishReasons.values)
        values.formUnion(fieldMap.roles.keys)
        return values
    }
}

extension SchemaNode {
    /// Adds every enum / const string of this node and its descendants.
    func collectLiterals(into values: inout Set<String>, depth: Int = 0) {
        guard depth < 64 else { return }
        if let enumValues { values.formUnion(enumValues) }
        if let constValue { values.insert(constValue) }
        if let otherLiteralValues { values.formUnion(otherLiteralValues) }
        for child in properties.values { child.collectLiterals(into: &values, depth: depth + 1) }
        items?.collectLiterals(into: &values, depth: depth + 1)
        additionalProperties?.collectLiterals(into: &values, depth: depth + 1)
        for alternative in alternatives { alternative.collectLiterals(into: &values, depth: depth + 1) }
    }
}
