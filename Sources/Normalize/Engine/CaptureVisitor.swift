#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Catalog
import JSONScanning

/// A `JSONVisitor` that matches the current path against a `PathProgram` and keeps only the
/// values the program names.
///
/// The set of trie nodes each open container sits at lives on a flat stack; a container no path
/// can reach is skipped with a depth counter, so most of a large body costs the scanner alone.
struct CaptureVisitor: JSONVisitor {
    let program: PathProgram
    var store: CaptureStore
    /// The specs the last scan kept values for (see `collectTouched()`).
    var touched: [Int32] = []

    /// Node sets: for each open container its nodes, then the nodes of the value about to come.
    /// Only `buffer[..<bufferCount]` is live; the array itself never shrinks.
    private var buffer: [Int32] = [0]
    private var bufferCount = 1
    private var frames: [(start: Int, count: Int)] = []
    private var pendingStart = 0
    private var depth = 0
    /// Containers being skipped (no path reaches inside and nothing is being re-serialised).
    private var deadDepth = 0

    private struct OpenCapture {
        var slot: Int32
        var depth: Int
        var jsonStart: Int
        var item: Int32
        var node: Int32
    }
    private var openCaptures: [OpenCapture] = []
    /// Compact JSON of the containers captured in `json` mode, written while any is open.
    private var json: [UInt8] = []
    private var jsonLevels: [Int] = []
    private var jsonOpen = 0

    private struct OpenItems {
        var group: Int32
        var depth: Int
        var isArray: Bool
        var previous: Int32
        var rank: Int32
        var node: Int32
    }
    private var openItems: [OpenItems] = []
    /// The current item per group, or -1.
    private var current: [Int32]

    /// What one capture added to the store, and the trie node it was made at.
    private struct Capture {
        enum Kind: UInt8 { case value, item, field, test }
        var kind: Kind
        /// The slot (value), the group (item), the field entry (field) or the test record (test).
        var owner: Int32
        /// The value's position in its slot, or the item's index in its group.
        var position: Int32
        var node: Int32
    }
    /// Every capture of this document, in order.
    private var journal: [Capture] = []
    /// Per open object read by `[*]`: its members so far (name, journal span), to drop the
    /// captures of an earlier member a later one of the same name replaces.
    private var wildMembers: [(depth: Int, node: Int32, name: String, start: Int, end: Int)] = []
    /// Captures a later duplicate member or a later array element replaced: dropped before reading.
    private var dropped: [(slot: Int32, position: Int32)] = []
    /// Per open object, the key children met so far and where the journal stood when each was.
    private var seenKeys: [(depth: Int, node: Int32, start: Int)] = []
    /// Per open array read by a negative index: the child node, how far from the end, and the
    /// journal position at each element's start.
    private var negativeScopes: [(depth: Int, node: Int32, back: Int, marks: [Int])] = []
    /// Per element of an open container read by a filter: the filter's node and the journal
    /// position at the element's start (its captures are dropped if the filter fails).
    private var filterScopes: [(depth: Int, node: Int32, start: Int)] = []
    /// What filter queries found in this document: the filter's node, the query, the value.
    private var tests: [(scope: Int32, operand: Int32, found: JSONPathFilter.Found, alive: Bool)] = []

    init(program: PathProgram) {
        self.program = program
        self.store = CaptureStore(program: program)
        self.current = Array(repeating: -1, count: program.groups.count)
        buffer.reserveCapacity(64)
        openCaptures.reserveCapacity(8)
        touched.reserveCapacity(program.specs.count)
        openItems.reserveCapacity(8)
        frames.reserveCapacity(32)
    }

    /// Forgets the values and any state left by a failed scan, before the next document.
    mutating func reset() {
        store.reset()
        resetPosition()
    }

    /// Forgets the position only (after a document), keeping the values.
    mutating func resetPosition() {
        buffer[0] = 0
        bufferCount = 1
        // After a whole document these are empty already; only a failed scan leaves state.
        if !frames.isEmpty { frames.removeAll(keepingCapacity: true) }
        pendingStart = 0
        depth = 0
        deadDepth = 0
        if !openCaptures.isEmpty { openCaptures.removeAll(keepingCapacity: true) }
        if !json.isEmpty { json.removeAll(keepingCapacity: true) }
        if !jsonLevels.isEmpty { jsonLevels.removeAll(keepingCapacity: true) }
        jsonOpen = 0
        if !openItems.isEmpty { openItems.removeAll(keepingCapacity: true) }
        for index in current.indices where current[index] != -1 { current[index] = -1 }
        if !journal.isEmpty { journal.removeAll(keepingCapacity: true) }
        if !dropped.isEmpty { dropped.removeAll(keepingCapacity: true) }
        if !seenKeys.isEmpty { seenKeys.removeAll(keepingCapacity: true) }
        if !negativeScopes.isEmpty { negativeScopes.removeAll(keepingCapacity: true) }
        if !wildMembers.isEmpty { wildMembers.removeAll(keepingCapacity: true) }
        if !filterScopes.isEmpty { filterScopes.removeAll(keepingCapacity: true) }
        if !tests.isEmpty { tests.removeAll(keepingCapacity: true) }
    }

    // MARK: Containers

    mutating func beginObject() { begin(isArray: false) }
    mutating func beginArray() { begin(isArray: true) }
    mutating func endObject(memberCount: Int) { end(isArray: false, count: memberCount) }
    mutating func endArray(count: Int) { end(isArray: true, count: count) }

    @inline(__always)
    private mutating func begin(isArray: Bool) {
        if deadDepth > 0 {
            deadDepth += 1
            return
        }
        let pendingCount = bufferCount - pendingStart
        if pendingCount == 0, jsonOpen == 0 {
            deadDepth = 1
            return
        }
        depth += 1
        for position in pendingStart..<bufferCount {
            let at = buffer[position]
            let node = program.flatNodes[Int(at)]
            for index in node.actionStart..<node.actionEnd {
                switch program.actions[Int(index)] {
                case .items(let group, let rank):
                    if isArray {
                        openItems.append(OpenItems(
                            group: group, depth: depth, isArray: true, previous: current[Int(group)], rank: rank, node: at))
                    } else {
                        let previous = current[Int(group)]
                        current[Int(group)] = openItem(group, rank: rank, node: at)
                        openItems.append(OpenItems(group: group, depth: depth, isArray: false, previous: previous, rank: rank, node: at))
                    }
                case .capture(let slot):
                    let group = program.slots[Int(slot)].group
                    var item: Int32 = -1
                    if group >= 0 {
                        item = current[Int(group)]
                        if item < 0 { continue }
                    }
                    openCaptures.append(OpenCapture(slot: slot, depth: depth, jsonStart: json.count, item: item, node: at))
                    if program.slots[Int(slot)].mode == .json { jsonOpen += 1 }
                case .test(let scope, let operand):
                    recordTest(scope: scope, operand: operand, .container, node: at)
                }
            }
        }
        if jsonOpen > 0 {
            json.append(isArray ? UInt8(ascii: "[") : UInt8(ascii: "{"))
            jsonLevels.append(0)
        }
        frames.append((pendingStart, pendingCount))
        pendingStart = bufferCount
    }

    @inline(__always)
    private mutating func end(isArray: Bool, count: Int) {
        if deadDepth > 0 {
            deadDepth -= 1
            return
        }
        if let last = filterScopes.last, last.depth == depth { closeFilterScopes() }
        if !jsonLevels.isEmpty {
            json.append(isArray ? UInt8(ascii: "]") : UInt8(ascii: "}"))
            jsonLevels.removeLast()
        }
        while let last = openCaptures.last, last.depth == depth {
            openCaptures.removeLast()
            var text: String?
            if program.slots[Int(last.slot)].mode == .json {
                // Compact JSON written from validated tokens: valid UTF-8.
                text = json.withUnsafeBufferPointer {
                    String.fromValidatedUTF8(UnsafeBufferPointer(rebasing: $0[last.jsonStart...]), isASCII: false)
                }
                jsonOpen -= 1
            }
            deliver(isArray ? .array(count: count, json: text) : .object(count: count, json: text), slot: last.slot, item: last.item, node: last.node)
        }
        if jsonOpen == 0, !json.isEmpty { json.removeAll(keepingCapacity: true) }
        while let last = openItems.last, last.depth == depth {
            openItems.removeLast()
            current[Int(last.group)] = last.previous
        }
        if isArray {
            while let last = negativeScopes.last, last.depth == depth { finishNegativeScope(negativeScopes.removeLast()) }
        } else {
            while let last = seenKeys.last, last.depth == depth { seenKeys.removeLast() }
            while let last = wildMembers.last, last.depth == depth { wildMembers.removeLast() }
        }
        let frame = frames.removeLast()
        bufferCount = frame.start + frame.count
        pendingStart = frame.start
        depth -= 1
    }

    mutating func key(_ key: JSONStringToken) {
        if deadDepth > 0 { return }
        if let last = filterScopes.last, last.depth == depth { closeFilterScopes() }
        let frame = frames[frames.count - 1]
        let end = frame.start + frame.count
        bufferCount = end
        pendingStart = end
        var prefix: UInt64?
        for position in frame.start..<end {
            let owner = buffer[position]
            let node = program.flatNodes[Int(owner)]
            if node.keyStart < node.keyEnd {
                let child: Int32
                if key.hasEscapes {
                    child = escapedChild(of: node, key)
                } else {
                    let word = prefix ?? Self.prefix(of: key)
                    prefix = word
                    child = self.child(of: owner, key, prefix: word)
                }
                if child >= 0 {
                    noteKey(child)
                    push(child)
                }
            }
            if node.wildcard >= 0 {
                noteMember(of: node.wildcard, key)
                push(node.wildcard)
            }
            for index in node.filterStart..<node.filterEnd {
                let child = program.filterEdges[Int(index)].node
                noteMember(of: child, key)
                openFilterScope(child)
            }
        }
        if !jsonLevels.isEmpty {
            let members = jsonLevels[jsonLevels.count - 1]
            if members > 0 { json.append(UInt8(ascii: ",")) }
            jsonLevels[jsonLevels.count - 1] = members + 1
            json.append(UInt8(ascii: "\""))
            json.append(contentsOf: key.raw)
            json.append(UInt8(ascii: "\""))
            json.append(UInt8(ascii: ":"))
        }
    }

    mutating func element(_ index: Int) {
        if deadDepth > 0 { return }
        if let last = filterScopes.last, last.depth == depth { closeFilterScopes() }
        let frame = frames[frames.count - 1]
        let end = frame.start + frame.count
        bufferCount = end
        pendingStart = end
        for position in frame.start..<end {
            let node = program.flatNodes[Int(buffer[position])]
            for edge in node.indexStart..<node.indexEnd {
                let indexEdge = program.indexEdges[Int(edge)]
                if indexEdge.index == index {
                    push(indexEdge.node)
                } else if indexEdge.index < 0 {
                    // Every element may be the one counted from the end: read each, keep the one.
                    markElement(of: indexEdge.node, back: -indexEdge.index)
                    push(indexEdge.node)
                }
            }
            if node.wildcard >= 0 { push(node.wildcard) }
            for index in node.filterStart..<node.filterEnd { openFilterScope(program.filterEdges[Int(index)].node) }
            if node.elements >= 0 { push(node.elements) }
        }
        var position = openItems.count - 1
        while position >= 0, openItems[position].depth == depth {
            let open = openItems[position]
            if open.isArray { current[Int(open.group)] = openItem(open.group, rank: open.rank, node: open.node) }
            position -= 1
        }
        if index > 0, !jsonLevels.isEmpty { json.append(UInt8(ascii: ",")) }
    }

    // MARK: Scalars

    mutating func string(_ token: JSONStringToken) {
        if deadDepth > 0 { return }
        if !jsonLevels.isEmpty {
            json.append(UInt8(ascii: "\""))
            json.append(contentsOf: token.raw)
            json.append(UInt8(ascii: "\""))
        }
        if pendingStart == bufferCount { return }
        var decoded: CapturedValue?
        for position in pendingStart..<bufferCount {
            let node = program.flatNodes[Int(buffer[position])]
            for index in node.actionStart..<node.actionEnd {
                let action = program.actions[Int(index)]
                let value: CapturedValue
                if case .capture(let slot) = action, program.slots[Int(slot)].mode == .measure {
                    var padding = 0
                    var end = token.raw.count
                    while end > 0, token.raw[end - 1] == UInt8(ascii: "=") {
                        padding += 1
                        end -= 1
                    }
                    value = .measuredString(length: token.utf8Count, padding: padding)
                } else if let decoded {
                    value = decoded
                } else {
                    value = .string(token.fastDecoded())
                    decoded = value
                }
                apply(action, value, node: buffer[position])
            }
        }
    }

    mutating func number(_ token: JSONNumberToken) {
        if deadDepth > 0 { return }
        if !jsonLevels.isEmpty { json.append(contentsOf: token.raw) }
        if pendingStart == bufferCount { return }
        scalar(CapturedValue(number: token))
    }

    mutating func bool(_ value: Bool) {
        if deadDepth > 0 { return }
        if !jsonLevels.isEmpty { json.append(contentsOf: value ? "true".utf8 : "false".utf8) }
        if pendingStart == bufferCount { return }
        scalar(.bool(value))
    }

    mutating func null() {
        if deadDepth > 0 { return }
        if !jsonLevels.isEmpty { json.append(contentsOf: "null".utf8) }
        if pendingStart == bufferCount { return }
        scalar(.null)
    }

    private mutating func scalar(_ value: CapturedValue) {
        for position in pendingStart..<bufferCount {
            let node = program.flatNodes[Int(buffer[position])]
            for index in node.actionStart..<node.actionEnd { apply(program.actions[Int(index)], value, node: buffer[position]) }
        }
    }

    @inline(__always)
    private mutating func apply(_ action: PathProgram.Action, _ value: CapturedValue, node: Int32) {
        switch action {
        case .capture(let slot):
            let group = program.slots[Int(slot)].group
            let item = group >= 0 ? current[Int(group)] : -1
            if group >= 0, item < 0 { return }
            deliver(value, slot: slot, item: item, node: node)
        case .items(let group, let rank):
            // A scalar where items were expected: one item holding the value itself.
            let item = openItem(group, rank: rank, node: node)
            store.setDirect(value, group: group, item: item)
        case .test(let scope, let operand):
            recordTest(scope: scope, operand: operand, value.filterFound, node: node)
        }
    }

    private mutating func deliver(_ value: CapturedValue, slot: Int32, item: Int32, node: Int32) {
        let spec = program.slots[Int(slot)]
        if spec.group < 0 {
            journal.append(Capture(kind: .value, owner: slot, position: Int32(store.values[Int(slot)].count), node: node))
            store.append(value, slot: slot)
        } else {
            journal.append(Capture(kind: .field, owner: Int32(store.fields.count), position: 0, node: node))
            store.appendField(value, group: spec.group, item: item, local: spec.local)
        }
    }

    private mutating func openItem(_ group: Int32, rank: Int32, node: Int32) -> Int32 {
        let parentGroup = program.groupInfos[Int(group)].parent
        let parent = parentGroup >= 0 ? current[Int(parentGroup)] : -1
        let item = store.openItem(group: group, parent: parent, rank: rank)
        journal.append(Capture(kind: .item, owner: group, position: item, node: node))
        return item
    }

    // MARK: Duplicate members and negative indexes (FIELD_MAP.md 4.1, 4.2)

    /// A member leading to `child` in the open object: a second one replaces the first, whose
    /// captures are dropped (the last duplicate wins, as most JSON parsers have it).
    private mutating func noteKey(_ child: Int32) {
        var position = seenKeys.count - 1
        while position >= 0, seenKeys[position].depth == depth {
            if seenKeys[position].node == child {
                drop(under: child, in: seenKeys[position].start..<journal.count, keeping: nil)
                seenKeys[position].start = journal.count
                return
            }
            position -= 1
        }
        seenKeys.append((depth, child, journal.count))
    }

    /// An element of the open array, read by the negative-index edge to `node`.
    private mutating func markElement(of node: Int32, back: Int) {
        var position = negativeScopes.count - 1
        while position >= 0, negativeScopes[position].depth == depth {
            if negativeScopes[position].node == node {
                negativeScopes[position].marks.append(journal.count)
                return
            }
            position -= 1
        }
        negativeScopes.append((depth, node, back, [journal.count]))
    }

    /// At the end of an array: the captures under the negative-index node from every element but
    /// the one `back` from the end are dropped.
    private mutating func finishNegativeScope(_ scope: (depth: Int, node: Int32, back: Int, marks: [Int])) {
        let keep = scope.marks.count - scope.back
        let range: Range<Int>? = keep >= 0 ? scope.marks[keep]..<(keep + 1 < scope.marks.count ? scope.marks[keep + 1] : journal.count) : nil
        drop(under: scope.node, in: scope.marks[0]..<journal.count, keeping: range)
    }

    /// A member of an object read by `[*]` (its values reach `node`): a later member of the same
    /// name replaces the earlier one, whose captures are dropped.
    private mutating func noteMember(of node: Int32, _ key: JSONStringToken) {
        let name = key.fastDecoded()
        var replaced: Int?
        var position = wildMembers.count - 1
        while position >= 0, wildMembers[position].depth == depth {
            if wildMembers[position].node == node {
                if wildMembers[position].end == Int.max { wildMembers[position].end = journal.count }
                if wildMembers[position].name == name { replaced = position }
            }
            position -= 1
        }
        if let replaced {
            let earlier = wildMembers.remove(at: replaced)
            drop(under: node, in: earlier.start..<earlier.end, keeping: nil)
        }
        wildMembers.append((depth, node, name, journal.count, Int.max))
    }

    /// Drops the captures in `range` of the journal made at `node` or below it, but those in `keeping`.
    private mutating func drop(under node: Int32, in range: Range<Int>, keeping: Range<Int>?) {
        for position in range where position < journal.count && !(keeping?.contains(position) ?? false) {
            let entry = journal[position]
            guard program.isAt(entry.node, orBelow: node) else { continue }
            switch entry.kind {
            case .value: dropped.append((entry.owner, entry.position))
            case .item: store.kill(group: entry.owner, item: entry.position)
            case .field: store.kill(field: entry.owner)
            case .test: tests[Int(entry.owner)].alive = false
            }
        }
    }

    // MARK: Filters (FIELD_MAP.md 4.2)

    /// An element (or member value) of the open container, read by the filter at `node`.
    private mutating func openFilterScope(_ node: Int32) {
        filterScopes.append((depth, node, journal.count))
        push(node)
    }

    /// What a query of the filter at `scope` found in the element under test.
    private mutating func recordTest(scope: Int32, operand: Int32, _ found: JSONPathFilter.Found, node: Int32) {
        journal.append(Capture(kind: .test, owner: Int32(tests.count), position: 0, node: node))
        tests.append((scope, operand, found, true))
    }

    /// At the end of the elements read by filters: each filter is evaluated on what its queries
    /// found (the last duplicate member wins), and an element it rejects loses its captures.
    private mutating func closeFilterScopes() {
        while let scope = filterScopes.last, scope.depth == depth {
            filterScopes.removeLast()
            let filter = Int(program.nodeFilter[Int(scope.node)])
            let operands = program.filterOperands[filter]
            var found = Array(repeating: JSONPathFilter.Found.nothing, count: operands.count)
            for entry in journal[scope.start...] where entry.kind == .test {
                let test = tests[Int(entry.owner)]
                if test.scope == scope.node, test.alive { found[Int(test.operand)] = test.found }
            }
            let passes = program.filters[filter].matches { query in operands.firstIndex(of: query).map { found[$0] } ?? .nothing }
            if !passes { drop(under: scope.node, in: scope.start..<journal.count, keeping: nil) }
        }
    }

    /// Removes the dropped captures from the store (called once the document is read).
    mutating func applyDrops() {
        guard !dropped.isEmpty else { return }
        let ordered = dropped.sorted { $0.slot != $1.slot ? $0.slot < $1.slot : $0.position > $1.position }
        var previous: (slot: Int32, position: Int32)?
        for entry in ordered {
            if let previous, previous == entry { continue }
            store.remove(slot: entry.slot, at: Int(entry.position))
            previous = entry
        }
        dropped.removeAll(keepingCapacity: true)
    }

    // MARK: Node sets

    @inline(__always)
    private mutating func push(_ node: Int32) {
        if bufferCount < buffer.count {
            buffer[bufferCount] = node
        } else {
            buffer.append(node)
        }
        bufferCount += 1
    }

    /// The first eight bytes of a key as written (zero-padded, little-endian).
    @inline(__always)
    private static func prefix(of key: JSONStringToken) -> UInt64 {
        let raw = key.raw
        guard let base = raw.baseAddress else { return 0 }
        if raw.count >= 8 { return UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)) }
        var word: UInt64 = 0
        for offset in 0..<raw.count { word |= UInt64(raw[offset]) << (8 * UInt64(offset)) }
        return word
    }

    /// The child of node `owner` reached by an unescaped `key`, or -1: a probe of the key
    /// table on (owner, length, first word), then the rest of the bytes for a long name.
    @inline(__always)
    private func child(of owner: Int32, _ key: JSONStringToken, prefix: UInt64) -> Int32 {
        let length = Int32(truncatingIfNeeded: key.raw.count)
        let mask = program.keyTable.count - 1
        var index = PathProgram.keyHash(owner: owner, length: length, prefix: prefix, mask: mask)
        while true {
            let slot = program.keyTable[index]
            if slot.owner < 0 { return -1 }
            if slot.owner == owner, slot.length == length, slot.prefix == prefix,
               length <= 8 || tailMatches(key, bytesStart: slot.bytesStart, length: slot.length)
            {
                return slot.node
            }
            index = (index + 1) & mask
        }
    }

    /// Bytes 8… of an unescaped key against the edge's name.
    private func tailMatches(_ key: JSONStringToken, bytesStart: Int32, length: Int32) -> Bool {
        program.keyBytes.withUnsafeBufferPointer { bytes in
            memcmp(key.raw.baseAddress! + 8, bytes.baseAddress! + Int(bytesStart) + 8, Int(length) - 8) == 0
        }
    }

    /// The child of `node` reached by a key written with escapes, or -1 (compared decoded).
    private func escapedChild(of node: PathProgram.FlatNode, _ key: JSONStringToken) -> Int32 {
        for index in node.keyStart..<node.keyEnd {
            let edge = program.keyEdges[Int(index)]
            guard key.utf8Count == Int(edge.length) else { continue }
            let same = program.keyBytes.withUnsafeBufferPointer {
                key.equals(UnsafeBufferPointer(rebasing: $0[Int(edge.bytesStart)..<Int(edge.bytesStart) + Int(edge.length)]))
            }
            if same { return edge.node }
        }
        return -1
    }
}
