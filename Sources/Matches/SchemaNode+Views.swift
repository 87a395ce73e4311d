import Catalog
import Shapes

extension SchemaNode {
    /// True when the node accepts any value: no types, no members, no items, no branches, or a
    /// recursive reference (which the loader leaves open).
    var acceptsAnything: Bool {
        isRecursiveReference
            || (types.isEmpty && alternatives.isEmpty && properties.isEmpty && items == nil && additionalProperties == nil
                && allowedStrings == nil)
    }

    /// True when a value of the shape's `type` may appear here.
    func admits(_ type: JSONValueType) -> Bool {
        guard let schemaType = SchemaNode.JSONType(rawValue: type.rawValue) else { return false }
        return admits(schemaType)
    }

    /// The object schema that describes objects here: the node itself, or its object branches.
    /// Several object branches (a discriminated union such as content blocks) read as one object
    /// whose properties are the union of theirs, required only when every branch requires them,
    /// and whose closed string values are the union of the branches' values.
    var objectView: SchemaNode? {
        var branches: [SchemaNode] = []
        if !properties.isEmpty || additionalProperties != nil || (types.contains(.object) && alternatives.isEmpty) {
            branches.append(self)
        }
        for alternative in alternatives where alternative.admits(SchemaNode.JSONType.object) && !alternative.types.isEmpty {
            if let view = alternative.objectView { branches.append(view) }
        }
        guard var merged = branches.first else { return nil }
        guard branches.count > 1 else { return merged }
        merged.alternatives = []
        for branch in branches.dropFirst() {
            merged.required.formIntersection(branch.required)
            merged.allowsAdditionalProperties = merged.allowsAdditionalProperties || branch.allowsAdditionalProperties
            if merged.additionalProperties == nil { merged.additionalProperties = branch.additionalProperties }
            for (name, property) in branch.properties {
                guard let existing = merged.properties[name] else {
                    merged.properties[name] = property
                    continue
                }
                merged.properties[name] = existing.unitedStrings(with: property)
            }
        }
        return merged
    }

    /// The schema of array items here: the node's own, or the first array branch's.
    var itemsView: SchemaNode? {
        if let items { return items }
        for alternative in alternatives where alternative.admits(SchemaNode.JSONType.array) && !alternative.types.isEmpty {
            if let items = alternative.itemsView { return items }
        }
        return nil
    }

    /// The closed string values allowed here, from the node or its branches; nil when any branch
    /// admits strings without fixing them.
    var closedStrings: [String]? {
        if let allowedStrings { return allowedStrings }
        guard !alternatives.isEmpty else { return nil }
        var values: [String] = []
        for alternative in alternatives where alternative.admits(SchemaNode.JSONType.string) {
            guard let fixed = alternative.closedStrings else { return nil }
            values += fixed
        }
        return values.isEmpty ? nil : values
    }

    /// This node with `other`'s closed string values added to its own (when both fix them).
    func unitedStrings(with other: SchemaNode) -> SchemaNode {
        var node = self
        if let mine = allowedStrings, let theirs = other.allowedStrings {
            node.constValue = nil
            node.enumValues = Array(Set(mine + theirs)).sorted()
        } else if allowedStrings != nil || other.allowedStrings != nil {
            node.constValue = nil
            node.enumValues = nil
        }
        node.types.formUnion(other.types)
        return node
    }
}
