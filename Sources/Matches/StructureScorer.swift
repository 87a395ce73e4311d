import Catalog
import Shapes

/// Compares one shape with one JSON Schema, recursively, and says how well it fits in [0, 1].
///
/// Per object: every required property the schema declares is worth 1, earned in proportion to
/// the share of objects that carry it (so a shape that mixes two APIs half and half earns half)
/// times how well its values fit; an optional property that is present is worth 0.35 × its
/// presence, earned the same way (missing optional properties cost nothing); a member the schema
/// does not declare costs 0.1 × its presence when `additionalProperties` is open (hosts add fields)
/// and 1 × its presence when it is closed; and when undeclared members are the majority (by
/// presence), the object's fit is multiplied by 0.5 + the declared share. A value fits by the share of its JSON types the schema
/// admits (a `null` the schema does not admit counts half: hosts send nulls for absent fields),
/// times the fit of its members, items, map values and closed string values, down to
/// ``maximumDepth`` levels (deeper values are judged by their types only).
///
/// The scorer also records, for reasons, the required properties that are missing, the members
/// the schema does not declare, and the values whose types conflict — as paths, never values.
struct StructureScorer {
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
        /// The views the places below are numbered in.
        let views: ShapeViews
        /// Required properties the samples never had.
        var missingPlaces: [ShapeViews.Place]
        /// Members the schema does not declare (at most a few levels deep).
        var extraPlaces: [ShapeViews.Place]
        /// Values whose JSON types the schema does not admit (or only partly).
        var conflictPlaces: [ShapeViews.Place]

        /// Required properties the samples never had.
        var missing: [ShapePath] { missingPlaces.map(views.path) }
        /// Members the schema does not declare (at most a few levels deep).
        var extras: [ShapePath] { extraPlaces.map(views.path) }
        /// Values whose JSON types the schema does not admit (or only partly).
        var conflicts: [ShapePath] { conflictPlaces.map(views.path) }
    }

    let shape: ShapeViews
    /// False when only the fit and coverage are wanted: the places for reasons are not kept.
    let recordsPlaces: Bool
    private(set) var missing: [ShapeViews.Place] = []
    private(set) var extras: [ShapeViews.Place] = []
    private(set) var conflicts: [ShapeViews.Place] = []
    private var coverage = 1.0

    init(shape: ShapeViews, recordsPlaces: Bool = true) {
        self.shape = shape
        self.recordsPlaces = recordsPlaces
    }

    /// Compares the whole shape with `schema`.
    static func compare(_ shape: Shape, with schema: SchemaNode) -> Outcome {
        compare(ShapeViews(shape), with: CompiledSchema(schema))
    }

    /// Compares the whole shape with `schema`, reading its paths through `shape`'s memo.
    static func compare(_ shape: ShapeViews, with schema: SchemaNode) -> Outcome {
        compare(shape, with: CompiledSchema(schema))
    }

    /// Compares the whole shape with a compiled schema, reading its paths through `shape`'s memo;
    /// the outcome's places are empty unless `recordingPlaces` (the fit and coverage are the same).
    static func compare(_ shape: ShapeViews, with schema: CompiledSchema, recordingPlaces: Bool = true) -> Outcome {
        var scorer = StructureScorer(shape: shape, recordsPlaces: recordingPlaces)
        let root = shape.number(at: .root)
        let fit = shape.entries[root].count > 0 ? scorer.fit(root, schema, depth: 0) : 0
        return Outcome(
            fit: fit, coverage: scorer.coverage, views: shape, missingPlaces: scorer.missing, extraPlaces: scorer.extras,
            conflictPlaces: scorer.conflicts)
    }

    static let objectBit = JSONValueType.allCases.firstIndex(of: .object)!
    static let arrayBit = JSONValueType.allCases.firstIndex(of: .array)!
    static let stringBit = JSONValueType.allCases.firstIndex(of: .string)!
    static let nullBit = JSONValueType.allCases.firstIndex(of: .null)!

    /// How well the values at view `node` fit `schema`, in [0, 1].
    mutating func fit(_ node: Int, _ schema: CompiledSchema, depth: Int) -> Double {
        if schema.acceptsAnything { return 1 }
        guard shape.entries[node].count > 0 else { return 1 }
        var total = 0.0
        var earned = 0.0
        var admitted = 0.0
        for (bit, count) in shape.entries[node].types {
            let weight = Double(count)
            total += weight
            guard schema.admits(typeBit: bit) else {
                if bit == Self.nullBit {
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
            switch bit {
            case Self.objectBit:
                earned += weight * objectFit(node, schema, depth: depth)
            case Self.arrayBit:
                earned += weight * arrayFit(node, schema, depth: depth)
            case Self.stringBit:
                earned += weight * stringFit(node, schema)
            default:
                earned += weight
            }
        }
        if recordsPlaces, total > 0, admitted < 0.75 * total, depth <= 4, conflicts.count < 32 { conflicts.append(.view(node)) }
        return total > 0 ? earned / total : 1
    }

    /// The fit of the objects at view `node` to the schema's object view.
    mutating func objectFit(_ node: Int, _ schema: CompiledSchema, depth: Int) -> Double {
        guard let object = schema.object else { return 1 }
        if shape.entries[node].summary.isMap {
            let mapValue = shape.mapValue(of: node)
            guard mapValue >= 0 else { return 1 }
            if let valueSchema = object.additional {
                return fit(mapValue, valueSchema, depth: depth + 1)
            }
            // Keys that are data where the schema names fields: the names cannot be checked.
            return object.properties.isEmpty ? 1 : 0.5
        }
        let members = shape.members(of: node)
        if object.properties.isEmpty {
            guard let valueSchema = object.additional else { return 1 }
            var sum = 0.0
            var weight = 0.0
            for child in members where child >= 0 {
                let count = shape.entries[child].count
                sum += fit(child, valueSchema, depth: depth + 1) * Double(count)
                weight += Double(count)
            }
            return weight > 0 ? sum / weight : 1
        }
        var possible = 0.0
        var earned = 0.0
        // Names in order (sorting the names alone moves no schema values).
        // Names by number when the object's are all numbered (the same lookups, no hashing).
        let memberNames = object.numbered ? shape.memberNames(of: node) : nil
        for property in object.properties {
            let isRequired = property.isRequired
            let child = memberNames != nil
                ? shape.member(property.name, numbered: property.nameNumber, of: node)
                : shape.member(property.name, of: node)
            guard child >= 0, shape.entries[child].count > 0 else {
                if isRequired {
                    possible += Self.requiredWeight
                    if recordsPlaces, missing.count < 32 { missing.append(.member(parent: node, key: property.name)) }
                }
                continue
            }
            let presence = shape.entries[child].presence
            let childFit = fit(child, property.schema, depth: depth + 1)
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
        let keys = shape.keys(node)
        for (index, child) in members.enumerated() where child >= 0 {
            let presence = shape.entries[child].presence
            allPresence += presence
            let declared = if let memberNames { object.declares(number: memberNames[index]) } else { object.declared.contains(keys[index]) }
            guard !declared else {
                declaredPresence += presence
                continue
            }
            if let valueSchema = object.additional {
                possible += Self.optionalWeight * presence
                earned += Self.optionalWeight * presence * fit(child, valueSchema, depth: depth + 1)
                continue
            }
            possible += (object.allowsAdditional ? Self.extraWeight : Self.closedExtraWeight) * presence
            if recordsPlaces, depth <= 2, extras.count < 32 { extras.append(.view(child)) }
        }
        let fit = possible > 0 ? earned / possible : 1
        // Few undeclared members cost little; an object that is mostly undeclared members is
        // not this schema's object, however few properties the schema requires.
        let declaredShare = allPresence > 0 ? declaredPresence / allPresence : 1
        return fit * min(1, Self.declaredShareFloor + declaredShare)
    }

    /// The fit of the arrays at view `node`: their merged items against the schema's items.
    mutating func arrayFit(_ node: Int, _ schema: CompiledSchema, depth: Int) -> Double {
        guard let itemsSchema = schema.items else { return 1 }
        let items = shape.items(of: node)
        guard items >= 0, shape.entries[items].count > 0 else { return 1 }
        return fit(items, itemsSchema, depth: depth + 1)
    }

    /// The fit of the strings at view `node` to the closed values the schema fixes, if it fixes
    /// any: half for being a string, half for the share of captured values the schema allows.
    /// Strings without a captured closed set (too many distinct values) fit a fixed set poorly.
    func stringFit(_ node: Int, _ schema: CompiledSchema) -> Double {
        guard let allowedSet = schema.closedStrings else { return 1 }
        let candidates = shape.node(node).enumCandidates
        guard !candidates.isEmpty else { return 0.5 }
        let total = candidates.values.reduce(0, +)
        guard total > 0 else { return 1 }
        var inSet = 0
        for (value, count) in candidates where allowedSet.contains(value) { inSet += count }
        return 0.5 + 0.5 * Double(inSet) / Double(total)
    }
}
