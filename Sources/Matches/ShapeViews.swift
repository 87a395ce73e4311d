import Catalog
import Foundation
import Shapes

/// The views of one shape's paths, each built once: scoring a key compares the same shape with
/// every catalog entry, and the entries ask for the same paths. `Shape.node(at:)` walks from the
/// root and builds a `ShapeNode` (types, sorted keys, formats, closed-set candidates) each time.
///
/// Views are numbered as they are first reached; a view's members, array items and map value are
/// found once and kept as numbers, so the scorer walks the shape without building paths. Path
/// texts (for reasons) are built once per view.
///
/// Used by one match on one thread, then dropped; it never outlives the shape it reads.
final class ShapeViews {
    let shape: Shape
    /// The matcher's property names: members are numbered by them as they are found.
    let names: PropertyNames

    /// One view and what has been found around it. The full `ShapeNode` (formats, closed-set
    /// candidates, watched hits: dictionaries) is built only when asked for; walking a shape
    /// needs the summary.
    struct Entry {
        /// The shape's number of the node viewed (see `Shape.child(of:_:)`).
        let number: Int32
        /// The path that leads to the node.
        let path: ShapePath
        /// Count, parent count, map flag and per-type counts.
        let summary: Shape.NodeSummary
        /// The types with a count above 0, in `JSONValueType.allCases` order, as bit numbers
        /// (read from `summary`: no array of its own per view).
        var types: some Sequence<(bit: Int, count: Int)> {
            summary.typeCounts.enumerated().lazy.filter { $0.element > 0 }.map { (bit: $0.offset, count: $0.element) }
        }
        /// `node.keys`, once asked for.
        var keys: [String]?
        /// The node's full view, once asked for.
        var node: ShapeNode?
        /// Per key of `keys`, the number of the member's view, or -1 when it has none.
        var members: [Int]?
        /// Member views by key, as a `[String: ShapeNode]` dictionary of them would be.
        var membersByKey: [String: Int]?
        /// Per key of `keys`, its number in `names` (-1: not a name the catalog declares).
        var memberNames: [Int32]?
        /// The view of `path + [*]` (-2: not looked up yet; -1: none).
        var items = -2
        /// The view of `path + .*` (-2: not looked up yet; -1: none).
        var mapValue = -2
        /// `path.description`, once asked for.
        var pathText: String?

        /// As `ShapeNode.count`.
        var count: Int { summary.count }
        /// As `ShapeNode.presence`.
        var presence: Double { summary.presence }
        /// As `ShapeNode.count(of:)`.
        func count(of type: JSONValueType) -> Int { summary.typeCounts[JSONValueType.allCases.firstIndex(of: type)!] }
    }

    private(set) var entries: [Entry] = []
    /// View numbers by parent view and step (-1: no such view).
    private var steps: [Step: Int] = [:]
    private var missingTexts: [MissingKey: String] = [:]

    init(_ shape: Shape, names: PropertyNames = PropertyNames([:])) {
        self.shape = shape
        self.names = names
        entries.reserveCapacity(shape.pathCount)
        steps.reserveCapacity(shape.pathCount)
        entries.append(Self.entry(shape, number: Shape.rootNumber, path: .root))
    }

    static func entry(_ shape: Shape, number: Int32, path: ShapePath) -> Entry {
        Entry(number: number, path: path, summary: shape.summary(ofNode: number))
    }

    /// The full view of view `number`.
    func node(_ number: Int) -> ShapeNode {
        if let known = entries[number].node { return known }
        let node = shape.view(ofNode: entries[number].number, path: entries[number].path)
        entries[number].node = node
        return node
    }

    /// The sorted keys of view `number` (as `ShapeNode.keys`).
    func keys(_ number: Int) -> [String] {
        if let known = entries[number].keys { return known }
        let keys = shape.sortedKeys(ofNode: entries[number].number)
        entries[number].keys = keys
        return keys
    }

    /// As `Shape.node(at:)`, memoised.
    func node(at path: ShapePath) -> ShapeNode? {
        let number = self.number(at: path)
        return number >= 0 ? node(number) : nil
    }

    /// The number of the view at `path` (as `Shape.node(at:)` finds it), or -1 when there is none.
    /// `Shape.node(at:)` walks the path step by step from the root, so the view of a path is
    /// found from the view of its parent path and its last step.
    func number(at path: ShapePath) -> Int {
        var number = 0
        for component in path.components {
            number = step(from: number, component)
            if number < 0 { return -1 }
        }
        return number
    }

    /// The number of the view one `component` below view `parent` (-1 when there is none): the
    /// shape's node one step below the parent's, as `Shape.node(at:)` would find it from the root.
    func step(from parent: Int, _ component: ShapePath.Component) -> Int {
        let key = Step(parent: parent, component: component)
        if let known = steps[key] { return known }
        let number: Int
        let node = shape.child(of: entries[parent].number, component)
        if node >= 0 {
            var path = entries[parent].path
            path.components.append(component)
            number = entries.count
            entries.append(Self.entry(shape, number: node, path: path))
        } else {
            number = -1
        }
        steps[key] = number
        return number
    }

    /// A view and one step below it, keys compared by their bytes (as `Shape.node(at:)` finds
    /// them; `String` equality would take canonically equivalent keys for one another).
    private struct Step: Hashable {
        let parent: Int
        let component: ShapePath.Component

        static func == (lhs: Step, rhs: Step) -> Bool {
            guard lhs.parent == rhs.parent else { return false }
            switch (lhs.component, rhs.component) {
            case (.key(let a), .key(let b)): return ExactText.sameBytes(a, b)
            case (.items, .items), (.mapValue, .mapValue): return true
            default: return false
            }
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(parent)
            switch component {
            case .key(var key):
                hasher.combine(0 as UInt8)
                key.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            case .items: hasher.combine(1 as UInt8)
            case .mapValue: hasher.combine(2 as UInt8)
            }
        }
    }

    /// Per key of view `number`'s keys, its member's view number (-1 when none).
    func members(of number: Int) -> [Int] {
        if let known = entries[number].members { return known }
        let keys = self.keys(number)
        var members: [Int] = []
        members.reserveCapacity(keys.count)
        var byKey: [String: Int] = [:]
        byKey.reserveCapacity(keys.count)
        var memberNames: [Int32] = []
        memberNames.reserveCapacity(keys.count)
        for key in keys {
            let child = step(from: number, .key(key))
            members.append(child)
            if child >= 0 { byKey[key] = child }
            memberNames.append(names.number(key))
        }
        entries[number].members = members
        entries[number].membersByKey = byKey
        entries[number].memberNames = memberNames
        return members
    }

    /// Per key of view `number`'s keys, its number in `names` (-1: none).
    func memberNames(of number: Int) -> [Int32] {
        if entries[number].memberNames == nil { _ = members(of: number) }
        return entries[number].memberNames!
    }

    /// `member(name, of: number)` for the name numbered `nameNumber` in `names`: the same view,
    /// found without hashing `name` (the last member with that number stands for the
    /// dictionary's entry, as later keys overwrite earlier ones there).
    func member(_ name: String, numbered nameNumber: Int32, of number: Int) -> Int {
        let members = self.members(of: number)
        let numbers = entries[number].memberNames!
        var index = members.count - 1
        while index >= 0, numbers[index] != nameNumber || members[index] < 0 { index -= 1 }
        guard index >= 0 else { return -1 }
        let child = members[index]
        if case .key(let found)? = entries[child].path.components.last, ExactText.sameBytes(found, name) { return child }
        return step(from: number, .key(name))
    }

    /// Member views by key, as a dictionary of `node(at: path + key)` per key would hold them.
    func membersByKey(of number: Int) -> [String: Int] {
        if entries[number].membersByKey == nil { _ = members(of: number) }
        return entries[number].membersByKey!
    }

    /// The member `key` of view `number` when its dictionary of members holds the key (by `String`
    /// equality): the member with the same bytes, else the view `Shape.node(at:)` finds by the
    /// key's bytes; -1 when the dictionary has no such key or there is no such view.
    func member(_ key: String, of number: Int) -> Int {
        guard let child = membersByKey(of: number)[key] else { return -1 }
        if case .key(let found)? = entries[child].path.components.last, ExactText.sameBytes(found, key) { return child }
        return step(from: number, .key(key))
    }

    /// The view of the items of view `number`'s arrays, or -1.
    func items(of number: Int) -> Int { memoisedStep(from: number, .items, in: \.items) }

    /// The view of the values of view `number`'s map, or -1.
    func mapValue(of number: Int) -> Int { memoisedStep(from: number, .mapValue, in: \.mapValue) }

    /// `step(from:_:)`, kept in `slot` of the entry (-2 there: not looked up yet).
    private func memoisedStep(from number: Int, _ component: ShapePath.Component, in slot: WritableKeyPath<Entry, Int>) -> Int {
        let known = entries[number][keyPath: slot]
        if known != -2 { return known }
        let found = step(from: number, component)
        entries[number][keyPath: slot] = found
        return found
    }

    /// The path text of view `number`.
    func pathText(_ number: Int) -> String {
        if let known = entries[number].pathText { return known }
        let text = entries[number].path.description
        entries[number].pathText = text
        return text
    }

    /// The path of a place a comparison names.
    func path(_ place: Place) -> ShapePath {
        switch place {
        case .view(let number): entries[number].path
        case .member(let parent, let key): entries[parent].path.appending(.key(key))
        }
    }

    /// The path text of a place a comparison names.
    func pathText(_ place: Place) -> String {
        switch place {
        case .view(let number):
            return pathText(number)
        case .member(let parent, let key):
            let missing = MissingKey(parent: parent, key: ExactText(key))
            if let known = missingTexts[missing] { return known }
            let text = path(place).description
            missingTexts[missing] = text
            return text
        }
    }

    /// A path a comparison names: a view, or a member an object view does not have.
    enum Place {
        case view(Int)
        case member(parent: Int, key: String)
    }

    private struct MissingKey: Hashable {
        let parent: Int
        let key: ExactText
    }

    /// True when the two strings have the same UTF-8 bytes.
}

/// The memoised views of every shape of one match input, shared by all entry scorers.
final class MatchViews {
    let request: ShapeViews?
    let response: ShapeViews?
    let error: ShapeViews?
    /// In the order of `MatchInput.streams`.
    let streams: [ShapeViews]
    /// The reason texts naming the shapes' paths.
    let texts = ReasonTexts()
    /// The matcher's property names.
    let names: PropertyNames

    init(_ input: MatchInput, names: PropertyNames = PropertyNames([:])) {
        self.names = names
        request = input.request.map { ShapeViews($0, names: names) }
        response = input.response.map { ShapeViews($0, names: names) }
        error = input.error.map { ShapeViews($0, names: names) }
        streams = input.streams.map { ShapeViews($0.shape, names: names) }
    }

    /// The views of a body kind named the catalog's way (every stream event type's for
    /// `response_stream`, in the order of `MatchInput.streams`).
    func views(for kind: MatchInput.BodyKindSelector) -> [ShapeViews] {
        switch kind {
        case .request: request.map { [$0] } ?? []
        case .response: response.map { [$0] } ?? []
        case .error: error.map { [$0] } ?? []
        case .stream: streams
        }
    }
}
