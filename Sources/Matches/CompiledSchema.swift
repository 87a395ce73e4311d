import Catalog
import Shapes

/// A catalog schema node prepared once for `StructureScorer`: what the scorer asks of a
/// `SchemaNode` on every comparison (`acceptsAnything`, which shape types it admits, its
/// `objectView` with the property names sorted, its `itemsView`, its `closedStrings` as a set),
/// computed when the matcher is built instead of once per key and entry.
///
/// Compiled down to `StructureScorer.maximumDepth`: deeper nodes are only asked for their types.
/// Immutable after `init`.
final class CompiledSchema: Sendable {
    /// One declared property of the object view.
    struct Property: Sendable {
        let name: String
        /// The name's number in the matcher's `PropertyNames` (-1: not numbered).
        let nameNumber: Int32
        let schema: CompiledSchema
        let isRequired: Bool
    }

    /// The object view of a schema node (see `SchemaNode.objectView`).
    struct Object: Sendable {
        /// Declared properties, by name in `String` order.
        let properties: [Property]
        /// The declared names, for membership by `String` equality (as the view's dictionary).
        let declared: Set<String>
        /// The declared names' numbers, as bits; complete only when `numbered`.
        let declaredBits: [UInt64]
        /// True when every declared name has a number: members may be looked up by number.
        let numbered: Bool

        /// True when the name numbered `number` is declared (`numbered` objects only).
        @inline(__always)
        func declares(number: Int32) -> Bool {
            guard number >= 0 else { return false }
            let word = Int(number) >> 6
            return word < declaredBits.count && declaredBits[word] & (1 << UInt64(number & 63)) != 0
        }
        /// The schema of undeclared members, if given.
        let additional: CompiledSchema?
        /// False under `additionalProperties: false`.
        let allowsAdditional: Bool
    }

    let acceptsAnything: Bool
    /// Bit `i` set when a shape value of `JSONValueType.allCases[i]` is admitted (an integer also
    /// when the node admits numbers).
    let admitted: UInt8
    let object: Object?
    let items: CompiledSchema?
    /// The closed string values, when the node fixes a non-empty set.
    let closedStrings: Set<String>?

    /// Compiles `schema` as seen at `depth` below a compared root, without numbered names.
    convenience init(_ schema: SchemaNode, depth: Int = 0) {
        self.init(schema, depth: depth) { _ in -1 }
    }

    /// Compiles `schema`, numbering its property names with `number` (-1: not numbered).
    init(_ schema: SchemaNode, depth: Int = 0, number: (String) -> Int32) {
        acceptsAnything = schema.acceptsAnything
        var admitted: UInt8 = 0
        for (bit, type) in JSONValueType.allCases.enumerated()
        where schema.admits(type) || (type == .integer && schema.admits(JSONValueType.number)) {
            admitted |= 1 << UInt8(bit)
        }
        self.admitted = admitted
        if let allowed = schema.closedStrings, !allowed.isEmpty {
            closedStrings = Set(allowed)
        } else {
            closedStrings = nil
        }
        // `StructureScorer.fit` looks into objects and items only above the maximum depth.
        guard depth < StructureScorer.maximumDepth, !acceptsAnything else {
            object = nil
            items = nil
            return
        }
        if let view = schema.objectView {
            let properties = view.properties.keys.sorted().map { name in
                Property(
                    name: name, nameNumber: number(name),
                    schema: CompiledSchema(view.properties[name]!, depth: depth + 1, number: number),
                    isRequired: view.required.contains(name))
            }
            var bits: [UInt64] = []
            for property in properties where property.nameNumber >= 0 {
                let word = Int(property.nameNumber) >> 6
                if word >= bits.count { bits += repeatElement(0, count: word + 1 - bits.count) }
                bits[word] |= 1 << UInt64(property.nameNumber & 63)
            }
            object = Object(
                properties: properties, declared: Set(view.properties.keys), declaredBits: bits,
                numbered: properties.allSatisfy { $0.nameNumber >= 0 },
                additional: view.additionalProperties.map { CompiledSchema($0, depth: depth + 1, number: number) },
                allowsAdditional: view.allowsAdditionalProperties)
        } else {
            object = nil
        }
        items = schema.itemsView.map { CompiledSchema($0, depth: depth + 1, number: number) }
    }

    /// True when a shape value of `type` may appear here.
    @inline(__always)
    func admits(typeBit bit: Int) -> Bool { admitted & (1 << UInt8(bit)) != 0 }
}
