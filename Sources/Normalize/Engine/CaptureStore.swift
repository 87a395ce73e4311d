/// The values one scan found, by slot and by item; reused across documents.
struct CaptureStore: Sendable {
    /// One item of an array-valued role: a message, a tool call, a system block.
    struct Item: Sendable {
        /// The index of the owning item in the parent group, or -1.
        var parent: Int32
        /// The rank of the role path the item was found at.
        var rank: Int32
        /// The item itself when it is a scalar (a message given as a string).
        var direct: CapturedValue?
        /// Values per local slot of the group.
        var fields: [[CapturedValue]]
    }

    /// Values per top-level slot, in document order.
    var values: [[CapturedValue]]
    /// Items per group, in document order.
    var items: [[Item]]
    /// Slots written since the last reset.
    private var dirty: [Int32] = []
    private var anyItems = false

    init(program: PathProgram) {
        values = Array(repeating: [], count: program.slots.count)
        items = Array(repeating: [], count: program.groups.count)
    }

    mutating func append(_ value: CapturedValue, slot: Int32) {
        if values[Int(slot)].isEmpty { dirty.append(slot) }
        values[Int(slot)].append(value)
    }

    mutating func openItem(group: Int32, parent: Int32, rank: Int32, fieldCount: Int32) -> Int32 {
        anyItems = true
        items[Int(group)].append(Item(parent: parent, rank: rank, direct: nil, fields: Array(repeating: [], count: Int(fieldCount))))
        return Int32(items[Int(group)].count - 1)
    }

    mutating func appendField(_ value: CapturedValue, group: Int32, item: Int32, local: Int32) {
        items[Int(group)][Int(item)].fields[Int(local)].append(value)
    }

    mutating func setDirect(_ value: CapturedValue, group: Int32, item: Int32) {
        items[Int(group)][Int(item)].direct = value
    }

    /// Empties every slot and group, keeping capacity.
    mutating func reset() {
        for slot in dirty { values[Int(slot)].removeAll(keepingCapacity: true) }
        dirty.removeAll(keepingCapacity: true)
        if anyItems {
            for index in items.indices where !items[index].isEmpty { items[index].removeAll(keepingCapacity: true) }
            anyItems = false
        }
    }
}
