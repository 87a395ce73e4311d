import Shapes

/// The views of one shape's paths, each built once: scoring a key compares the same shape with
/// every catalog entry, and the entries ask for the same paths. `Shape.node(at:)` walks from the
/// root and builds a `ShapeNode` (types, sorted keys, formats, closed-set candidates) each time.
///
/// Used by one match on one thread, then dropped; it never outlives the shape it reads.
final class ShapeViews {
    let shape: Shape
    private var views: [ExactPath: ShapeNode?] = [:]
    private var memberViews: [ExactPath: [String: ShapeNode]] = [:]

    init(_ shape: Shape) {
        self.shape = shape
    }

    /// As `Shape.node(at:)`, memoised.
    func node(at path: ShapePath) -> ShapeNode? {
        let key = ExactPath(path)
        if let known = views[key] { return known }
        let view = shape.node(at: path)
        views[key] = .some(view)
        return view
    }

    /// The views of an object node's members by key (as `node(at: path + key)` for each of its
    /// keys), built once per node.
    func members(of node: ShapeNode) -> [String: ShapeNode] {
        let path = ExactPath(node.path)
        if let known = memberViews[path] { return known }
        var members: [String: ShapeNode] = [:]
        members.reserveCapacity(node.keys.count)
        for key in node.keys {
            if let child = self.node(at: node.path.appending(.key(key))) { members[key] = child }
        }
        memberViews[path] = members
        return members
    }

    /// As `Shape.root`.
    var root: ShapeNode { node(at: .root)! }
}

/// A path compared by the UTF-8 bytes of its keys, as `Shape.node(at:)` finds them (`String`
/// equality would take canonically equivalent keys for one another).
struct ExactPath: Hashable {
    let path: ShapePath

    init(_ path: ShapePath) {
        self.path = path
    }

    static func == (lhs: ExactPath, rhs: ExactPath) -> Bool {
        lhs.path.components.count == rhs.path.components.count
            && zip(lhs.path.components, rhs.path.components).allSatisfy { left, right in
                switch (left, right) {
                case (.key(let a), .key(let b)): a.utf8.elementsEqual(b.utf8)
                case (.items, .items), (.mapValue, .mapValue): true
                default: false
                }
            }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(path.components.count)
        for component in path.components {
            switch component {
            case .key(var key):
                hasher.combine(0 as UInt8)
                key.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
                hasher.combine(key.utf8.count)
            case .items: hasher.combine(1 as UInt8)
            case .mapValue: hasher.combine(2 as UInt8)
            }
        }
    }
}

/// The memoised views of every shape of one match input, shared by all entry scorers.
final class MatchViews {
    let request: ShapeViews?
    let response: ShapeViews?
    let error: ShapeViews?
    /// In the order of `MatchInput.streams`.
    let streams: [ShapeViews]

    init(_ input: MatchInput) {
        request = input.request.map(ShapeViews.init)
        response = input.response.map(ShapeViews.init)
        error = input.error.map(ShapeViews.init)
        streams = input.streams.map { ShapeViews($0.shape) }
    }
}
