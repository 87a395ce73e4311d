/// The values one scan found, by slot and by item; reused across documents (and, through a
/// `Workspace`, across rows) so that steady-state scanning allocates only the values it keeps.
struct CaptureStore: Sendable {
    /// One item of an array-valued role: a message, a tool call, a system block.
    struct Item: Sendable {
        /// The index of the owning item in the parent group, or -1.
        var parent: Int32
        /// The rank of the role path the item was found at.
        var rank: Int32
        /// The item itself when it is a scalar (a message given as a string).
        var direct: CapturedValue?
        /// The item's first and last entries in `fields`, or -1.
        var firstField: Int32 = -1
        var lastField: Int32 = -1
        /// Replaced by a later duplicate member or array element: not read.
        var dead = false
    }

    /// One value of an item field, chained to the item's next field value.
    struct FieldEntry: Sendable {
        var local: Int32
        var next: Int32
        var value: CapturedValue
        /// Replaced by a later duplicate member or array element: not read.
        var dead = false
    }

    /// Values per top-level slot, in document order.
    var values: [[CapturedValue]]
    /// Items per group, in document order.
    var items: [[Item]]
    /// Item field values of every group, chained per item.
    var fields: [FieldEntry] = []
    /// Top-level slots written since the last reset, in first-write order.
    private(set) var dirty: [Int32] = []
    /// Groups with items since the last reset.
    private(set) var dirtyGroups: [Int32] = []

    init(program: PathProgram) {
        values = Array(repeating: [], count: program.slots.count)
        items = Array(repeating: [], count: program.groups.count)
        dirty.reserveCapacity(program.slots.count)
        dirtyGroups.reserveCapacity(program.groups.count)
    }

    @inline(__always)
    mutating func append(_ value: CapturedValue, slot: Int32) {
        if values[Int(slot)].isEmpty { dirty.append(slot) }
        values[Int(slot)].append(value)
    }

    /// Removes one top-level value (a duplicate member's or a non-last element's).
    mutating func remove(slot: Int32, at position: Int) {
        if values[Int(slot)].indices.contains(position) { values[Int(slot)].remove(at: position) }
    }

    /// Marks an item replaced (it is not read).
    mutating func kill(group: Int32, item: Int32) {
        items[Int(group)][Int(item)].dead = true
    }

    /// Marks an item field value replaced (it is not read).
    mutating func kill(field entry: Int32) {
        fields[Int(entry)].dead = true
    }

    mutating func openItem(group: Int32, parent: Int32, rank: Int32) -> Int32 {
        if items[Int(group)].isEmpty { dirtyGroups.append(group) }
        items[Int(group)].append(Item(parent: parent, rank: rank, direct: nil))
        return Int32(items[Int(group)].count - 1)
    }

    mutating func appendField(_ value: CapturedValue, group: Int32, item: Int32, local: Int32) {
        let entry = Int32(fields.count)
        fields.append(FieldEntry(local: local, next: -1, value: value))
        let last = items[Int(group)][Int(item)].lastField
        if last >= 0 {
            fields[Int(last)].next = entry
        } else {
            items[Int(group)][Int(item)].firstField = entry
        }
        items[Int(group)][Int(item)].lastField = entry
    }

    mutating func setDirect(_ value: CapturedValue, group: Int32, item: Int32) {
        items[Int(group)][Int(item)].direct = value
    }

    /// Empties every slot and group, keeping capacity.
    mutating func reset() {
        // Slots hold a value or two: popping keeps capacity without the generic range removal.
        for slot in dirty {
            while values[Int(slot)].popLast() != nil {}
        }
        dirty.removeAll(keepingCapacity: true)
        for group in dirtyGroups { items[Int(group)].removeAll(keepingCapacity: true) }
        dirtyGroups.removeAll(keepingCapacity: true)
        if !fields.isEmpty { fields.removeAll(keepingCapacity: true) }
    }
}
