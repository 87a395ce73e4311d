/// Reads the values of one scanned document by role: the first path (in the map's order of
/// preference) that yields an acceptable value wins.
extension CaptureVisitor {
    /// Collects into `touched` the specs the scan kept anything for, in program order.
    /// (Mutating, so a visitor held by a class is never copied to call it.)
    mutating func collectTouched() {
        applyDrops()
        var specs = touched
        touched = []
        defer { touched = specs }
        specs.removeAll(keepingCapacity: true)
        for slot in store.dirty {
            let spec = program.slotSpec[Int(slot)]
            if spec >= 0, !specs.contains(spec) { specs.append(spec) }
        }
        for group in store.dirtyGroups {
            let spec = program.groupSpec[Int(group)]
            if spec >= 0, !specs.contains(spec) { specs.append(spec) }
        }
        // Insertion sort: a handful of specs, mostly in order already.
        var index = 1
        while index < specs.count {
            let value = specs[index]
            var position = index
            while position > 0, specs[position - 1] > value {
                specs[position] = specs[position - 1]
                position -= 1
            }
            specs[position] = value
            index += 1
        }
    }

    /// The first value of a top-level slot when it is a string. (Mutating, so a visitor held
    /// by a class is never copied to call it.)
    mutating func firstString(slot: Int32) -> String? {
        store.values[Int(slot)].first?.stringValue
    }

    /// The best rank of a top-level role with an acceptable value: its slot's values and the
    /// rank. When no rank has one, `rejected` is the first non-null value found (for a
    /// wrong-type issue) and `rank` the rank it was found at.
    func values(_ info: PathProgram.SpecInfo, accept: (CapturedValue) -> Bool) -> (values: [CapturedValue]?, rank: Int, rejected: CapturedValue?) {
        var rejected: (CapturedValue, Int)?
        for rank in 0..<Int(info.slotCount) {
            let found = store.values[Int(info.firstSlot) + rank]
            if found.isEmpty { continue }
            if found.contains(where: accept) { return (found, rank, nil) }
            if rejected == nil, let first = found.first(where: { $0 != .null }) { rejected = (first, rank) }
        }
        if let rejected { return (nil, rejected.1, rejected.0) }
        return (nil, 0, nil)
    }

    /// The items of a top-level item role, at the best rank that has any.
    func items(group: Int32) -> [Int32] {
        guard group >= 0 else { return [] }
        let all = store.items[Int(group)]
        var best = Int32.max
        for item in all where !item.dead && item.rank < best { best = item.rank }
        guard best < .max else { return [] }
        var found: [Int32] = []
        found.reserveCapacity(all.count)
        for index in all.indices where all[index].rank == best && !all[index].dead { found.append(Int32(index)) }
        return found
    }

    /// The values of an item field at its best rank with an acceptable value, in document order.
    func field(_ locals: PathProgram.Locals, group: Int32, item: Int32, accept: (CapturedValue) -> Bool) -> [CapturedValue] {
        guard locals.count > 0 else { return [] }
        let first = store.items[Int(group)][Int(item)].firstField
        for local in locals.start..<locals.start + locals.count {
            var good: [CapturedValue] = []
            var entry = first
            while entry >= 0 {
                let field = store.fields[Int(entry)]
                if field.local == local, !field.dead, accept(field.value) { good.append(field.value) }
                entry = field.next
            }
            if !good.isEmpty { return good }
        }
        return []
    }

    /// The first acceptable value of an item field at its best rank.
    func firstField(_ locals: PathProgram.Locals, group: Int32, item: Int32, accept: (CapturedValue) -> Bool) -> CapturedValue? {
        guard locals.count > 0 else { return nil }
        let first = store.items[Int(group)][Int(item)].firstField
        for local in locals.start..<locals.start + locals.count {
            var entry = first
            while entry >= 0 {
                let field = store.fields[Int(entry)]
                if field.local == local, !field.dead, accept(field.value) { return field.value }
                entry = field.next
            }
        }
        return nil
    }

    /// The first string of an item field.
    func string(_ locals: PathProgram.Locals, group: Int32, item: Int32) -> String? {
        firstField(locals, group: group, item: item, accept: { $0.stringValue != nil })?.stringValue
    }

    /// The item's own value when the item was a scalar.
    func direct(group: Int32, item: Int32) -> CapturedValue? {
        store.items[Int(group)][Int(item)].direct
    }

    /// The item read as a tool call (nil when it has no id, name nor arguments: a text block).
    func toolCall(group: Int32, item: Int32) -> NormalizedToolCall? {
        let known = program.known[Int(group)]
        let call = NormalizedToolCall(
            id: string(known.id, group: group, item: item),
            name: string(known.name, group: group, item: item),
            arguments: firstField(known.arguments, group: group, item: item, accept: { $0.jsonOrString != nil })?.jsonOrString
        )
        return call.id == nil && call.name == nil && call.arguments == nil ? nil : call
    }

    /// The index field of a streamed tool-call piece.
    func toolCallIndex(group: Int32, item: Int32) -> Int64? {
        let index = firstField(program.known[Int(group)].index, group: group, item: item, accept: { if case .integer = $0 { true } else { false } })
        if case .integer(let value)? = index { return value }
        return nil
    }

    /// The item read as a message: role, text parts, nested tool calls, tool-call id and name.
    func message(group: Int32, item: Int32) -> NormalizedMessage {
        let known = program.known[Int(group)]
        var parts: [String] = []
        if let direct = direct(group: group, item: item), let text = direct.stringValue {
            parts = [text]
        } else {
            parts = field(known.text, group: group, item: item, accept: { $0.stringValue != nil }).compactMap(\.stringValue)
        }
        var calls: [NormalizedToolCall] = []
        let nested = program.groupInfos[Int(group)].toolCallGroup
        if nested >= 0 {
            let children = store.items[Int(nested)]
            var best: Int32?
            for child in children where child.parent == item && !child.dead && child.rank < (best ?? .max) { best = child.rank }
            if let best {
                for index in children.indices where children[index].parent == item && children[index].rank == best && !children[index].dead {
                    if let call = toolCall(group: nested, item: Int32(index)) { calls.append(call) }
                }
            }
        }
        return NormalizedMessage(
            role: string(known.role, group: group, item: item),
            parts: parts,
            toolCalls: calls,
            toolCallID: string(known.toolCallID, group: group, item: item),
            name: string(known.name, group: group, item: item)
        )
    }
}
