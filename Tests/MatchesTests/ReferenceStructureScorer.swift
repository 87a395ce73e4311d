import Catalog
import Shapes
@testable import Matches

// The scorer as it was before schemas were compiled and shape views numbered (commit 24948d7):
// the simple path the fast one is compared with. Every view is read from the shape afresh.

/// The shape read with `Shape.node(at:)` on every call, members built on every call.
struct ReferenceViews {
    let shape: Shape

    var root: ShapeNode { shape.root }

    func node(at path: ShapePath) -> ShapeNode? { shape.node(at: path) }

    func members(of node: ShapeNode) -> [String: ShapeNode] {
        var members: [String: ShapeNode] = [:]
        for key in node.keys {
            if let child = shape.node(at: node.path.appending(.key(key))) { members[key] = child }
        }
        return members
    }
}

struct ReferenceStructureScorer {
    /// Levels of objects and arrays compared below the root.
    static let maximumDepth = 8
    /// Weight of a required property.
    static let requiredWeight = 1.0
    /// Weight of an optional property that is present (times its presence).
    static let optionalWeight = 0.35
    /// Cost of an undeclared member under open `additionalProperties` (times its presence).
    static let extraWeight = 0.1
    /// Cost of an undeclared member under `additionalProperties: false` (times its presence).
    static let closedExtraWeight = 1.0
    /// An object's fit is multiplied by min(1, this + the share of its members, by presence,
    /// that the schema declares): from half undeclared members down, it costs more and more.
    static let declaredShareFloor = 0.5

    /// What one comparison found.
    struct Outcome {
        /// The fit, in [0, 1].
        var fit: Double
        /// The smallest presence among the root object's required properties that occur at all:
        /// the largest share of documents that can be this schema. 1 when none is required.
        var coverage: Double
        /// Required properties the samples never had.
        var missing: [ShapePath]
        /// Members the schema does not declare (at most a few levels deep).
        var extras: [ShapePath]
        /// Values whose JSON types the schema does not admit (or only partly).
        var conflicts: [ShapePath]
    }

    let shape: ReferenceViews
    private(set) var missing: [ShapePath] = []
    private(set) var extras: [ShapePath] = []
    private(set) var conflicts: [ShapePath] = []
    private var coverage = 1.0

    init(shape: ReferenceViews) {
        self.shape = shape
    }

    /// Compares the whole shape with `schema`.
    static func compare(_ shape: Shape, with schema: SchemaNode) -> Outcome {
        let shape = ReferenceViews(shape: shape)
        var scorer = ReferenceStructureScorer(shape: shape)
        let root = shape.root
        let fit = root.count > 0 ? scorer.fit(root, schema, depth: 0) : 0
        return Outcome(fit: fit, coverage: scorer.coverage, missing: scorer.missing, extras: scorer.extras, conflicts: scorer.conflicts)
    }

    /// How well the values at `node` fit `schema`, in [0, 1].
    mutating func fit(_ node: ShapeNode, _ schema: SchemaNode, depth: Int) -> Double {
        if schema.acceptsAnything { return 1 }
        guard node.count > 0 else { return 1 }
        var total = 0.0
        var earned = 0.0
        var admitted = 0.0
        for (type, count) in node.types where count > 0 {
            let weight = Double(count)
            total += weight
            guard schema.admits(type) || (type == .integer && schema.admits(JSONValueType.number)) else {
                if type == .null {
                    earned += weight * 0.5
                    admitted += weight * 0.5
                }
                continue
            }
            admitted += weight
            guard depth < Self.maximumDepth else {
                earned += weight
                continue
            }
            switch type {
            case .object:
                earned += weight * objectFit(node, schema, depth: depth)
            case .array:
                earned += weight * arrayFit(node, schema, depth: depth)
            case .string:
                earned += weight * stringFit(node, schema)
            case .null, .boolean, .integer, .number:
                earned += weight
            }
        }
        if total > 0, admitted < 0.75 * total, depth <= 4, conflicts.count < 32 { conflicts.append(node.path) }
        return total > 0 ? earned / total : 1
    }

    /// The fit of the objects at `node` to the schema's object view.
    mutating func objectFit(_ node: ShapeNode, _ schema: SchemaNode, depth: Int) -> Double {
        guard let object = schema.objectView else { return 1 }
        if node.isMap {
            guard let mapValue = shape.node(at: node.path.appending(.mapValue)) else { return 1 }
            if let valueSchema = object.additionalProperties {
                return fit(mapValue, valueSchema, depth: depth + 1)
            }
            // Keys that are data where the schema names fields: the names cannot be checked.
            return object.properties.isEmpty ? 1 : 0.5
        }
        let members = shape.members(of: node)
        if object.properties.isEmpty {
            guard let valueSchema = object.additionalProperties else { return 1 }
            var sum = 0.0
            var weight = 0.0
            for key in node.keys {
                guard let child = member(key, of: node, in: members) else { continue }
                sum += fit(child, valueSchema, depth: depth + 1) * Double(child.count)
                weight += Double(child.count)
            }
            return weight > 0 ? sum / weight : 1
        }
        var possible = 0.0
        var earned = 0.0
        // Names in order (sorting the names alone moves no schema values).
        for name in object.properties.keys.sorted() {
            let property = object.properties[name]!
            let isRequired = object.required.contains(name)
            guard members[name] != nil, let child = member(name, of: node, in: members), child.count > 0 else {
                if isRequired {
                    possible += Self.requiredWeight
                    if missing.count < 32 { missing.append(node.path.appending(.key(name))) }
                }
                continue
            }
            let presence = child.presence
            let childFit = fit(child, property, depth: depth + 1)
            if isRequired {
                possible += Self.requiredWeight
                earned += Self.requiredWeight * presence * childFit
                if depth == 0 { coverage = min(coverage, presence) }
            } else {
                possible += Self.optionalWeight * presence
                earned += Self.optionalWeight * presence * childFit
            }
        }
        var declaredPresence = 0.0
        var allPresence = 0.0
        for key in node.keys {
            guard let child = member(key, of: node, in: members) else { continue }
            let presence = child.presence
            allPresence += presence
            guard object.properties[key] == nil else {
                declaredPresence += presence
                continue
            }
            if let valueSchema = object.additionalProperties {
                possible += Self.optionalWeight * presence
                earned += Self.optionalWeight * presence * fit(child, valueSchema, depth: depth + 1)
                continue
            }
            possible += (object.allowsAdditionalProperties ? Self.extraWeight : Self.closedExtraWeight) * presence
            if depth <= 2, extras.count < 32 { extras.append(child.path) }
        }
        let fit = possible > 0 ? earned / possible : 1
        // Few undeclared members cost little; an object that is mostly undeclared members is
        // not this schema's object, however few properties the schema requires.
        let declaredShare = allPresence > 0 ? declaredPresence / allPresence : 1
        return fit * min(1, Self.declaredShareFloor + declaredShare)
    }

    /// The member `key` of `node`: from the memo when its key has the same bytes (`String`
    /// equality is canonical equivalence), else looked up by its bytes as `Shape.node(at:)` does.
    func member(_ key: String, of node: ShapeNode, in members: [String: ShapeNode]) -> ShapeNode? {
        if let child = members[key], case .key(let found)? = child.path.components.last, Self.sameBytes(found, key) {
            return child
        }
        return shape.node(at: node.path.appending(.key(key)))
    }

    /// True when the two strings have the same UTF-8 bytes.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && x.elementsEqual(y) } }
    }

    /// The fit of the arrays at `node`: their merged items against the schema's items.
    mutating func arrayFit(_ node: ShapeNode, _ schema: SchemaNode, depth: Int) -> Double {
        guard let itemsSchema = schema.itemsView else { return 1 }
        guard let items = shape.node(at: node.path.appending(.items)), items.count > 0 else { return 1 }
        return fit(items, itemsSchema, depth: depth + 1)
    }

    /// The fit of the strings at `node` to the closed values the schema fixes, if it fixes any:
    /// half for being a string, half for the share of captured values the schema allows.
    /// Strings without a captured closed set (too many distinct values) fit a fixed set poorly.
    func stringFit(_ node: ShapeNode, _ schema: SchemaNode) -> Double {
        guard let allowed = schema.closedStrings, !allowed.isEmpty else { return 1 }
        let candidates = node.enumCandidates
        guard !candidates.isEmpty else { return 0.5 }
        let allowedSet = Set(allowed)
        let total = candidates.values.reduce(0, +)
        guard total > 0 else { return 1 }
        let inSet = candidates.filter { allowedSet.contains($0.key) }.values.reduce(0, +)
        return 0.5 + 0.5 * Double(inSet) / Double(total)
    }
}
