extension Shape {
    /// The number of the root node (`$`), where `node(at:)` starts.
    public static let rootNumber: Int32 = 0

    /// The number of the node one `component` below node `number` (keys compared by their bytes;
    /// `[*]` on a map, an object whose keys are data, and a key on a map select its values), or -1
    /// when there is none: the step `node(at:)` takes, for readers that walk paths step by step.
    public func child(of number: Int32, _ component: ShapePath.Component) -> Int32 {
        guard number >= 0, Int(number) < nodes.count else { return -1 }
        let (items, isMap, firstChild) = nodes.withUnsafeBufferPointer { nodes in
            let node = nodes[Int(number)]
            return (node.items, node.isMap, node.firstChild)
        }
        switch component {
        case .items:
            return items >= 0 ? items : isMap ? firstChild : -1
        case .mapValue:
            return isMap ? firstChild : -1
        case .key(var key):
            if isMap { return firstChild }
            return key.withUTF8 { key in
                var child = firstChild
                while child >= 0 {
                    if keyMatches(child, UnsafeRawBufferPointer(key)) { return child }
                    child = nodes[Int(child)].nextSibling
                }
                return -1
            }
        }
    }

    /// The view of node `number` (from `child(of:_:)`), named `path`: the path that leads to it.
    public func view(ofNode number: Int32, path: ShapePath) -> ShapeNode {
        view(number, path: path)
    }
}

extension Shape {
    /// What a reader walking a shape needs of most nodes, read without building a `ShapeNode`:
    /// the same `count`, `parentCount`, `isMap` and per-type counts the node's view has.
    public struct NodeSummary: Sendable, Hashable {
        /// As `ShapeNode.count`.
        public let count: Int
        /// As `ShapeNode.parentCount`.
        public let parentCount: Int
        /// As `ShapeNode.isMap`.
        public let isMap: Bool
        /// Values per JSON type, in `JSONValueType.allCases` order (0 for a type not seen).
        public let typeCounts: [Int]

        /// As `ShapeNode.presence`.
        public var presence: Double { parentCount > 0 ? min(1, Double(count) / Double(parentCount)) : 0 }
    }

    /// The summary of node `number` (from `child(of:_:)`).
    public func summary(ofNode number: Int32) -> NodeSummary {
        let node = nodes[Int(number)]
        // `JSONValueType.allCases` order.
        let typeCounts = [node.nulls, node.booleans, node.integers, node.fractions, node.strings, node.objects, node.arrays]
        return NodeSummary(count: node.count, parentCount: parentCount(of: number), isMap: node.isMap, typeCounts: typeCounts)
    }

    /// The keys of node `number`, sorted, as its view's `keys` (empty for a map).
    public func sortedKeys(ofNode number: Int32) -> [String] {
        let node = nodes[Int(number)]
        guard !node.isMap else { return [] }
        var keys: [String] = []
        var child = node.firstChild
        while child >= 0 {
            keys.append(keyString(child))
            child = nodes[Int(child)].nextSibling
        }
        keys.sort()
        return keys
    }
}
