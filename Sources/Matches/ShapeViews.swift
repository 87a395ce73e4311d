import Shapes

/// The views of one shape's paths, each built once: scoring a key compares the same shape with
/// every catalog entry, and the entries ask for the same paths. `Shape.node(at:)` walks from the
/// root and builds a `ShapeNode` (types, sorted keys, formats, closed-set candidates) each time.
///
/// Used by one match on one thread, then dropped; it never outlives the shape it reads.
final class ShapeViews {
    let shape: Shape
    private var views: [ShapePath: ShapeNode?] = [:]

    init(_ shape: Shape) {
        self.shape = shape
    }

    /// As `Shape.node(at:)`, memoised.
    func node(at path: ShapePath) -> ShapeNode? {
        if let known = views[path] { return known }
        let view = shape.node(at: path)
        views[path] = .some(view)
        return view
    }

    /// As `Shape.root`.
    var root: ShapeNode { node(at: .root)! }
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
