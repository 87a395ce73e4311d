import Catalog
import Shapes

extension JSONPath {
    /// The catalog path for a shape path: keys stay keys; array items and map values become `[*]`.
    init(_ path: ShapePath) {
        self.init(components: path.components.map { component in
            switch component {
            case .key(let key): .key(key)
            case .items, .mapValue: .wildcard
            }
        })
    }

    /// The shape path a catalog path reads: keys stay keys; `[n]`, `[*]` and filters (`[?…]`, a
    /// wildcard for structure) read the merged items.
    var shapePath: ShapePath {
        ShapePath(components.map { component in
            switch component {
            case .key(let key): .key(key)
            case .index, .wildcard, .filter: .items
            }
        })
    }
}

extension ShapePath {
    /// The object keys along the path, innermost last.
    var keys: [String] {
        components.compactMap { if case .key(let key) = $0 { key } else { nil } }
    }

    /// The last key of the path, if its last step is a key.
    var lastKey: String? {
        if case .key(let key)? = components.last { return key }
        return nil
    }

    /// The path without its last step.
    var parent: ShapePath {
        ShapePath(Array(components.dropLast()))
    }

    /// Number of steps.
    var depth: Int { components.count }

    /// True when the path steps through an array's items.
    var isInsideArray: Bool { components.contains(.items) }
}
