/// A read-only view of one path of a shape: how often it was reached, with which JSON types,
/// and the statistics of its values. Never holds a value, except the closed-set values the
/// rules allow (`enumValues`) and the in-memory `enumCandidates`.
public struct ShapeNode: Sendable {
    /// Where this node is.
    public let path: ShapePath
    /// Values seen at this path (an array item path counts each item).
    public let count: Int
    /// Documents in which this path was reached at least once.
    public let documents: Int
    /// Values seen at the parent path of the node's kind: objects for a key, items of arrays,
    /// entries of maps; for the root, the number of documents.
    public let parentCount: Int
    /// Values per JSON type (`integer` and `number` are kept apart: `number` is fractional).
    public let types: [JSONValueType: Int]
    /// True when the node is an object whose keys are data, collapsed to one value shape.
    public let isMap: Bool
    /// The keys of an object node (empty for maps), sorted.
    public let keys: [String]
    /// Lengths of arrays at this path.
    public let arrayLengths: Stats?
    /// Member counts of objects at this path (the sizes of a map).
    public let memberCounts: Stats?
    /// Range of integer values.
    public let integerRange: ClosedRange<Double>?
    /// Range of fractional values.
    public let numberRange: ClosedRange<Double>?
    /// UTF-8 lengths of strings at this path.
    public let stringLengths: Stats?
    /// Strings per recognised format (`.none` counts the unrecognised).
    public let formats: [StringFormat: Int]
    /// The closed set of string values, when the rules allow it (see `Shape`), sorted.
    public let enumValues: [String]?
    /// Every captured value with its count, even under the sample minimum: for matching in
    /// memory only; never persist or print a candidate the catalog does not name.
    public let enumCandidates: [String: Int]
    /// Per watched string, how many string values here equalled it.
    public let watchHits: [String: Int]

    /// Count, minimum, maximum and mean of a length.
    public struct Stats: Sendable, Hashable {
        public let count: Int
        public let min: Int
        public let max: Int
        public let mean: Double

        public init(count: Int, min: Int, max: Int, mean: Double) {
            self.count = count
            self.min = min
            self.max = max
            self.mean = mean
        }
    }

    /// Fraction of the parent's values that had this path, in [0, 1].
    public var presence: Double { parentCount > 0 ? min(1, Double(count) / Double(parentCount)) : 0 }
    /// True when every parent value had this path.
    public var isRequired: Bool { parentCount > 0 && count >= parentCount }
    /// The JSON types seen, in a stable order.
    public var typeSet: [JSONValueType] { JSONValueType.allCases.filter { (types[$0] ?? 0) > 0 } }
    /// Values of `type` at this path.
    public func count(of type: JSONValueType) -> Int { types[type] ?? 0 }
    /// True when `null` was seen beside another type.
    public var isNullable: Bool { count(of: .null) > 0 && typeSet.count > 1 }

    /// The format of (almost) every non-empty string here: ≥ 95% of the strings.
    public var format: StringFormat? {
        let strings = count(of: .string)
        guard strings > 0 else { return nil }
        let best = formats.filter { $0.key != .none }.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
        guard let best, best.value * 100 >= strings * 95 else { return nil }
        return best.key
    }
}

extension Shape {
    /// The root node (`$`).
    public var root: ShapeNode { view(0, path: .root) }

    /// The node at `path`, or nil when the shape has no such path. `.mapValue` selects the value
    /// of a map; `.items` the items of an array; a `.key` step on a map also selects its value.
    public func node(at path: ShapePath) -> ShapeNode? {
        var index = Shape.rootNumber
        for component in path.components {
            index = child(of: index, component)
            if index < 0 { return nil }
        }
        return view(index, path: path)
    }

    /// The node at a JSONPath-like list of steps (convenience for `node(at:)`).
    public func node(_ components: ShapePath.Component...) -> ShapeNode? {
        node(at: ShapePath(components))
    }

    /// Calls `body` for every path, depth first, members in key order, items then map values.
    public func forEachPath(_ body: (ShapeNode) -> Void) {
        var stack: [(Int32, ShapePath)] = [(0, .root)]
        while let (index, path) = stack.popLast() {
            let node = nodes[Int(index)]
            body(view(index, path: path))
            var next: [(Int32, ShapePath)] = []
            if node.isMap, node.firstChild >= 0 {
                next.append((node.firstChild, path.appending(.mapValue)))
            } else {
                var children: [(String, Int32)] = []
                var child = node.firstChild
                while child >= 0 {
                    children.append((keyString(child), child))
                    child = nodes[Int(child)].nextSibling
                }
                for (key, child) in children.sorted(by: { $0.0 < $1.0 }) {
                    next.append((child, path.appending(.key(key))))
                }
            }
            if node.items >= 0 { next.append((node.items, path.appending(.items))) }
            stack.append(contentsOf: next.reversed())
        }
    }

    /// Every node, in `forEachPath` order.
    public var allPaths: [ShapeNode] {
        var result: [ShapeNode] = []
        forEachPath { result.append($0) }
        return result
    }

    func keyString(_ index: Int32) -> String {
        let node = nodes[Int(index)]
        return String(decoding: keyBytes[Int(node.keyOffset)..<Int(node.keyOffset + node.keyLength)], as: UTF8.self)
    }

    /// The closed-set values of node `index` with their counts, or nil when given up.
    func enumCounts(_ index: Int32) -> [String: Int]? {
        let node = nodes[Int(index)]
        guard !node.enumGivenUp, node.strings > 0 else { return nil }
        var values: [String: Int] = [:]
        var entry = node.enumHead
        while entry >= 0 {
            let e = enumEntries[Int(entry)]
            values[String(decoding: enumBytes[Int(e.offset)..<Int(e.offset + e.length)], as: UTF8.self), default: 0] += e.count
            entry = e.next
        }
        return values
    }

    /// True when the closed-set rule holds for node `index`: not given up (≤ 16 distinct values,
    /// each ≤ 64 bytes), only strings at the path, and at least 20 strings seen.
    func isClosedEnum(_ index: Int32) -> Bool {
        let node = nodes[Int(index)]
        return !node.enumGivenUp && node.strings >= ShapeLimits.enumMinimumSamples && node.enumHead >= 0
            && !(node.formats[.binary] > 0)
    }

    /// Values seen at the parent path of node `index`'s kind (see `ShapeNode.parentCount`).
    func parentCount(of index: Int32) -> Int {
        let node = nodes[Int(index)]
        guard node.parent >= 0 else { return documentCount }
        let parent = nodes[Int(node.parent)]
        if parent.items == index { return max(parent.lengthSum, node.count) }
        if node.isMapValue { return max(parent.membersSum, node.count) }
        return parent.objects
    }

    func view(_ index: Int32, path: ShapePath) -> ShapeNode {
        let node = nodes[Int(index)]
        let parentCount = parentCount(of: index)
        var types: [JSONValueType: Int] = [:]
        for (type, count) in [
            (JSONValueType.null, node.nulls), (.boolean, node.booleans), (.integer, node.integers),
            (.number, node.fractions), (.string, node.strings), (.object, node.objects), (.array, node.arrays),
        ] where count > 0 {
            types[type] = count
        }
        var keys: [String] = []
        if !node.isMap {
            var child = node.firstChild
            while child >= 0 {
                keys.append(keyString(child))
                child = nodes[Int(child)].nextSibling
            }
            keys.sort()
        }
        func stats(_ count: Int, _ min: Int32, _ max: Int32, _ sum: Int) -> ShapeNode.Stats? {
            count > 0 ? ShapeNode.Stats(count: count, min: Int(min), max: Int(max), mean: Double(sum) / Double(count)) : nil
        }
        var formats: [StringFormat: Int] = [:]
        for format in StringFormat.allCases where node.formats[format] > 0 { formats[format] = node.formats[format] }
        var watchHits: [String: Int] = [:]
        for (offset, value) in watchedValues.enumerated() {
            let hits = self.watchHits[Int(index) * watchedValues.count + offset]
            if hits > 0 { watchHits[value, default: 0] += hits }
        }
        let candidates = enumCounts(index) ?? [:]
        return ShapeNode(
            path: path,
            count: node.count,
            documents: min(node.documents, max(documentCount, node.documents == 0 ? 0 : 1)),
            parentCount: parentCount,
            types: types,
            isMap: node.isMap,
            keys: keys,
            arrayLengths: stats(node.arrays, node.lengthMin, node.lengthMax, node.lengthSum),
            memberCounts: stats(node.objects, node.membersMin, node.membersMax, node.membersSum),
            integerRange: node.integers > 0 ? node.integerMin...node.integerMax : nil,
            numberRange: node.fractions > 0 ? node.fractionMin...node.fractionMax : nil,
            stringLengths: stats(node.strings, node.stringMin, node.stringMax, node.stringSum),
            formats: formats,
            enumValues: isClosedEnum(index) ? candidates.keys.sorted() : nil,
            enumCandidates: candidates,
            watchHits: watchHits)
    }
}

extension ShapeNode: CustomStringConvertible {
    /// Path, types, presence and closed-set size; never a captured candidate value.
    public var description: String {
        let types = typeSet.map { "\($0.rawValue): \(count(of: $0))" }.joined(separator: ", ")
        let enumText = enumValues.map { " enum: \($0)" } ?? ""
        return "\(path) [\(types)] presence: \(presence)\(isMap ? " map" : "")\(format.map { " format: \($0.name)" } ?? "")\(enumText)"
    }
}
