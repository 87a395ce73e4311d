import Foundation

/// Builds ``SchemaNode`` trees from a parsed catalog document, resolving `#/$defs/...` references.
struct SchemaLoader {
    /// The whole parsed document, for resolving references.
    let document: [String: Any]
    /// References being resolved, outermost first (the cycle guard).
    private var resolving: [String] = []
    /// Nesting cap for inline schemas.
    static let maximumDepth = 64

    init(document: [String: Any]) {
        self.document = document
    }

    mutating func node(_ value: Any, at location: JSONLocation, depth: Int = 0) throws(CatalogIssue) -> SchemaNode {
        guard depth < Self.maximumDepth else {
            throw CatalogIssue(location: location, message: "schema nested deeper than \(Self.maximumDepth)", hint: "flatten it with $defs")
        }
        if Self.isBoolean(value), let flag = value as? Bool {
            guard flag else {
                throw CatalogIssue(location: location, message: "the schema `false` is not supported here", hint: "leave the member out, or use additionalProperties: false on its parent")
            }
            return SchemaNode()
        }
        guard let object = value as? [String: Any] else {
            throw CatalogIssue(location: location, message: "a schema must be an object or a boolean", hint: "write {\"type\": …}")
        }
        if let reference = object["$ref"] {
            return try resolve(reference, at: location.key("$ref"), depth: depth)
        }
        var node = SchemaNode()
        try readStructure(object, into: &node, at: location, depth: depth)
        try readValues(object, into: &node, at: location)
        try readAlternatives(object, into: &node, at: location, depth: depth)
        return node
    }

    /// `type`, `properties`, `required`, `items` and `additionalProperties`.
    private mutating func readStructure(
        _ object: [String: Any], into node: inout SchemaNode, at location: JSONLocation, depth: Int
    ) throws(CatalogIssue) {
        if let type = object["type"] {
            node.types = try Self.types(type, at: location.key("type"))
        }
        if let properties = object["properties"] {
            guard let members = properties as? [String: Any] else {
                throw CatalogIssue(location: location.key("properties"), message: "properties must be an object", hint: "map each member name to its schema")
            }
            for (name, schema) in members {
                node.properties[name] = try self.node(schema, at: location.key("properties").key(name), depth: depth + 1)
            }
        }
        if let required = object["required"] {
            guard let names = required as? [Any], names.allSatisfy({ $0 is String }) else {
                throw CatalogIssue(location: location.key("required"), message: "required must be an array of strings", hint: "list member names")
            }
            node.required = Set(names.compactMap { $0 as? String })
        }
        if let items = object["items"] {
            node.items = try self.node(items, at: location.key("items"), depth: depth + 1)
        }
        if let additional = object["additionalProperties"] {
            if Self.isBoolean(additional), let flag = additional as? Bool {
                node.allowsAdditionalProperties = flag
            } else {
                node.additionalProperties = try self.node(additional, at: location.key("additionalProperties"), depth: depth + 1)
            }
        }
    }

    /// `enum`, `const` and `format`.
    private func readValues(_ object: [String: Any], into node: inout SchemaNode, at location: JSONLocation) throws(CatalogIssue) {
        if let values = object["enum"] {
            guard let list = values as? [Any] else {
                throw CatalogIssue(location: location.key("enum"), message: "enum must be an array", hint: "list the allowed values")
            }
            node.enumValues = list.compactMap { $0 as? String }
            let others = list.compactMap(Self.literalSpelling)
            if !others.isEmpty { node.otherLiteralValues = others }
        }
        if let constant = object["const"] {
            if let text = constant as? String {
                node.constValue = text
            } else if let spelling = Self.literalSpelling(constant) {
                node.otherLiteralValues = (node.otherLiteralValues ?? []) + [spelling]
            }
        }
        if let format = object["format"] {
            guard let text = format as? String else {
                throw CatalogIssue(location: location.key("format"), message: "format must be a string", hint: "e.g. \"date-time\"")
            }
            node.format = text
        }
    }

    /// `anyOf` / `oneOf` (nested unions flattened) and `allOf` (merged).
    private mutating func readAlternatives(
        _ object: [String: Any], into node: inout SchemaNode, at location: JSONLocation, depth: Int
    ) throws(CatalogIssue) {
        for keyword in ["anyOf", "oneOf"] {
            guard let branches = object[keyword] else { continue }
            guard let list = branches as? [Any], !list.isEmpty else {
                throw CatalogIssue(location: location.key(keyword), message: "\(keyword) must be a non-empty array of schemas", hint: "list the alternatives")
            }
            for (index, branch) in list.enumerated() {
                let alternative = try self.node(branch, at: location.key(keyword).index(index), depth: depth + 1)
                // Nested unions flatten into one list.
                if alternative.types.isEmpty && !alternative.alternatives.isEmpty && alternative.properties.isEmpty {
                    node.alternatives.append(contentsOf: alternative.alternatives)
                } else {
                    node.alternatives.append(alternative)
                }
            }
        }
        if let all = object["allOf"] {
            guard let list = all as? [Any] else {
                throw CatalogIssue(location: location.key("allOf"), message: "allOf must be an array of schemas", hint: "list the schemas to merge")
            }
            for (index, branch) in list.enumerated() {
                let part = try self.node(branch, at: location.key("allOf").index(index), depth: depth + 1)
                node.merge(part)
            }
        }
    }

    private mutating func resolve(_ reference: Any, at location: JSONLocation, depth: Int) throws(CatalogIssue) -> SchemaNode {
        guard let text = reference as? String else {
            throw CatalogIssue(location: location, message: "$ref must be a string", hint: "write \"#/$defs/name\"")
        }
        guard text.hasPrefix("#/$defs/") else {
            throw CatalogIssue(location: location, message: "unsupported $ref \"\(text)\"", hint: "only references into this file's $defs (\"#/$defs/name\") are allowed")
        }
        let tokens = text.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        var target: Any = document
        for token in tokens {
            if let object = target as? [String: Any], let next = object[token] {
                target = next
            } else if let array = target as? [Any], let index = Int(token), array.indices.contains(index) {
                target = array[index]
            } else {
                throw CatalogIssue(location: location, message: "$ref \"\(text)\" does not resolve", hint: "define it under $defs or fix the name")
            }
        }
        let name = tokens.dropFirst().joined(separator: "/")
        if resolving.contains(text) {
            return SchemaNode(definitionName: name, isRecursiveReference: true)
        }
        resolving.append(text)
        defer { resolving.removeLast() }
        var node = try self.node(target, at: location, depth: depth + 1)
        if node.definitionName == nil { node.definitionName = name }
        return node
    }

    static func types(_ value: Any, at location: JSONLocation) throws(CatalogIssue) -> Set<SchemaNode.JSONType> {
        let names: [Any]
        if let single = value as? String {
            names = [single]
        } else if let list = value as? [Any] {
            names = list
        } else {
            throw CatalogIssue(location: location, message: "type must be a string or an array of strings", hint: "use null, boolean, integer, number, string, object or array")
        }
        var types: Set<SchemaNode.JSONType> = []
        for (index, name) in names.enumerated() {
            guard let text = name as? String, let type = SchemaNode.JSONType(rawValue: text) else {
                throw CatalogIssue(
                    location: names.count == 1 && value is String ? location : location.index(index),
                    message: "unknown type \(String(describing: name))",
                    hint: "use null, boolean, integer, number, string, object or array")
            }
            types.insert(type)
        }
        return types
    }

    /// True when a Foundation value came from a JSON `true`/`false` (not a number).
    static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        // JSONSerialization makes booleans as `NSNumber(value: Bool)`, whose type code is `c`.
        return number.objCType.pointee == CChar(UInt8(ascii: "c"))
    }

    /// The JSON spelling of a non-string literal (number, boolean, null), or nil for strings.
    static func literalSpelling(_ value: Any) -> String? {
        if value is String { return nil }
        if value is NSNull { return "null" }
        if let number = value as? NSNumber {
            if isBoolean(value) { return number.boolValue ? "true" : "false" }
            return number.stringValue
        }
        return nil
    }
}

extension SchemaNode {
    /// Merges an `allOf` branch into this node.
    mutating func merge(_ other: SchemaNode) {
        if types.isEmpty {
            types = other.types
        } else if !other.types.isEmpty {
            types.formIntersection(other.types)
        }
        for (name, property) in other.properties where properties[name] == nil {
            properties[name] = property
        }
        required.formUnion(other.required)
        if items == nil { items = other.items }
        if additionalProperties == nil { additionalProperties = other.additionalProperties }
        allowsAdditionalProperties = allowsAdditionalProperties && other.allowsAdditionalProperties
        enumValues = enumValues ?? other.enumValues
        constValue = constValue ?? other.constValue
        otherLiteralValues = otherLiteralValues ?? other.otherLiteralValues
        alternatives += other.alternatives
        format = format ?? other.format
    }
}
