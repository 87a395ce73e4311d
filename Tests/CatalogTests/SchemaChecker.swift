import Foundation
@testable import Catalog

/// A small JSON Schema 2020-12 evaluator for the keywords `schemas/field_map.schema.json` uses
/// (type, enum, const, required, properties, additionalProperties, propertyNames, items,
/// minItems, minProperties, minLength, pattern, minimum, maximum, local `$ref`, allOf, not,
/// if/then/else, boolean schemas), so a test can hold the schema and the validator to the same
/// examples without a package dependency.
struct SchemaChecker {
    let root: [String: Any]

    func isValid(_ value: Any) -> Bool { isValid(value, against: root) }

    func isValid(_ value: Any, against schema: Any) -> Bool {
        if let flag = schema as? Bool { return flag }
        guard let schema = schema as? [String: Any] else { return false }
        if let reference = schema["$ref"] as? String, !isValid(value, against: resolve(reference)) { return false }
        if let type = schema["type"] as? String, !Self.has(value, type: type) { return false }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) { return false }
        if let constant = schema["const"], !Self.equal(constant, value) { return false }
        if let all = schema["allOf"] as? [Any], !all.allSatisfy({ isValid(value, against: $0) }) { return false }
        if let negated = schema["not"], isValid(value, against: negated) { return false }
        if let condition = schema["if"] {
            let branch = isValid(value, against: condition) ? schema["then"] : schema["else"]
            if let branch, !isValid(value, against: branch) { return false }
        }
        if let object = value as? [String: Any], !objectIsValid(object, schema) { return false }
        if let array = value as? [Any] {
            if let minimum = schema["minItems"] as? Int, array.count < minimum { return false }
            if let items = schema["items"], !array.allSatisfy({ isValid($0, against: items) }) { return false }
        }
        if let text = value as? String {
            if let minimum = schema["minLength"] as? Int, text.count < minimum { return false }
            if let pattern = schema["pattern"] as? String,
               text.range(of: pattern, options: .regularExpression) == nil { return false }
        }
        if let number = value as? NSNumber, !Self.isBoolean(value) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { return false }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { return false }
        }
        return true
    }

    private func objectIsValid(_ object: [String: Any], _ schema: [String: Any]) -> Bool {
        if let required = schema["required"] as? [String], !required.allSatisfy({ object[$0] != nil }) { return false }
        if let minimum = schema["minProperties"] as? Int, object.count < minimum { return false }
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for (key, value) in object {
            if let names = schema["propertyNames"], !isValid(key, against: names) { return false }
            if let property = properties[key] {
                if !isValid(value, against: property) { return false }
            } else if let additional = schema["additionalProperties"], !isValid(value, against: additional) {
                return false
            }
        }
        return true
    }

    private func resolve(_ reference: String) -> Any {
        var node: Any = root
        for part in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? false }
        return node
    }

    static func isBoolean(_ value: Any) -> Bool { SchemaLoader.isBoolean(value) }

    static func has(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "boolean": isBoolean(value)
        case "number": value is NSNumber && !isBoolean(value)
        case "integer": (value as? NSNumber).map { !isBoolean(value) && $0.doubleValue.rounded() == $0.doubleValue } ?? false
        default: false
        }
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if isBoolean(a) != isBoolean(b) { return false }
        switch (a, b) {
        case (let x as String, let y as String): return x == y
        case (let x as NSNumber, let y as NSNumber): return x == y
        default: return false
        }
    }
}
