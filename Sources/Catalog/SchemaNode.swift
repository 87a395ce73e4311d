/// The subset of a JSON Schema the matcher needs, with `$ref`s already resolved.
///
/// A node with no types accepts any JSON value. `anyOf` / `oneOf` branches are kept in
/// ``alternatives``; `allOf` branches are merged into the node when it is loaded.
public struct SchemaNode: Sendable, Hashable {
    /// A JSON value type, as JSON Schema names it.
    public enum JSONType: String, Sendable, Hashable, CaseIterable, Comparable {
        case null, boolean, integer, number, string, object, array

        public static func < (lhs: JSONType, rhs: JSONType) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Allowed types; empty means any. `number` also admits integers, as in JSON Schema.
    public var types: Set<JSONType>
    /// Declared object members.
    public var properties: [String: SchemaNode]
    /// Members that must be present.
    public var required: Set<String>
    /// False when the schema says `additionalProperties: false`.
    public var allowsAdditionalProperties: Bool
    /// String values of `enum`, when the schema fixes them.
    public var enumValues: [String]?
    /// The string value of `const`, when the schema fixes one.
    public var constValue: String?
    /// Non-string `enum`/`const` members (numbers, booleans), in their JSON spelling.
    public var otherLiteralValues: [String]?
    /// `anyOf` / `oneOf` branches, flattened.
    public var alternatives: [SchemaNode]
    /// The `format` annotation (`date-time`, `uri`, `byte`…).
    public var format: String?
    /// The `$defs` name this node was resolved from, if it came from a `$ref`.
    public var definitionName: String?
    /// True when this node stands for a `$ref` already being resolved (a recursive schema); it
    /// accepts anything, and ``definitionName`` says which definition it repeats.
    public var isRecursiveReference: Bool

    // Boxed so the tree can recurse.
    private var itemsBox: [SchemaNode]
    private var additionalPropertiesBox: [SchemaNode]

    public init(
        types: Set<JSONType> = [],
        properties: [String: SchemaNode] = [:],
        required: Set<String> = [],
        items: SchemaNode? = nil,
        additionalProperties: SchemaNode? = nil,
        allowsAdditionalProperties: Bool = true,
        enumValues: [String]? = nil,
        constValue: String? = nil,
        otherLiteralValues: [String]? = nil,
        alternatives: [SchemaNode] = [],
        format: String? = nil,
        definitionName: String? = nil,
        isRecursiveReference: Bool = false
    ) {
        self.types = types
        self.properties = properties
        self.required = required
        self.itemsBox = items.map { [$0] } ?? []
        self.additionalPropertiesBox = additionalProperties.map { [$0] } ?? []
        self.allowsAdditionalProperties = allowsAdditionalProperties
        self.enumValues = enumValues
        self.constValue = constValue
        self.otherLiteralValues = otherLiteralValues
        self.alternatives = alternatives
        self.format = format
        self.definitionName = definitionName
        self.isRecursiveReference = isRecursiveReference
    }

    /// The schema of array elements.
    public var items: SchemaNode? {
        get { itemsBox.first }
        set { itemsBox = newValue.map { [$0] } ?? [] }
    }

    /// The schema of members not in ``properties`` (a map's value schema), when one is given.
    public var additionalProperties: SchemaNode? {
        get { additionalPropertiesBox.first }
        set { additionalPropertiesBox = newValue.map { [$0] } ?? [] }
    }

    /// The string values the schema allows (`const` or `enum`), or nil when it does not fix them.
    public var allowedStrings: [String]? {
        if let constValue { return [constValue] }
        return enumValues
    }

    /// True when a value of `type` may appear here (any branch of ``alternatives`` counts).
    public func admits(_ type: JSONType) -> Bool {
        if !alternatives.isEmpty, alternatives.contains(where: { $0.admits(type) }) { return true }
        if types.isEmpty { return alternatives.isEmpty }
        if types.contains(type) { return true }
        return type == .integer && types.contains(.number)
    }

    /// The member schema for `key`: a declared property, else the additional-properties schema.
    /// Looks into ``alternatives`` when the node itself declares nothing.
    public func child(forKey key: String) -> SchemaNode? {
        if let property = properties[key] { return property }
        for alternative in alternatives {
            if let found = alternative.child(forKey: key) { return found }
        }
        return additionalProperties
    }

    /// The node a path leads to (keys through properties, indices, wildcards and filters through items),
    /// or nil when the schema does not declare it.
    public func node(at path: JSONPath) -> SchemaNode? {
        var node = self
        for component in path.components {
            switch component {
            case .key(let key):
                guard let next = node.child(forKey: key) else { return nil }
                node = next
            case .index, .wildcard, .filter:
                guard let next = node.items ?? node.alternatives.lazy.compactMap(\.items).first else { return nil }
                node = next
            }
        }
        return node
    }
}
