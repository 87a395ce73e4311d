import Catalog

/// Reads the values of one scanned document by role: the first path (in the map's order of
/// preference) that yields an acceptable value wins.
struct DocumentReading {
    let program: PathProgram
    let store: CaptureStore

    /// True when the scan kept anything for the role.
    func hasValues(_ spec: PathProgram.RoleSpec) -> Bool {
        if spec.group >= 0 { return !store.items[Int(spec.group)].isEmpty }
        for slot in spec.slots where !store.values[Int(slot)].isEmpty { return true }
        return false
    }

    /// The values of a top-level role at its best rank, and that rank's path; `accept` says
    /// which values count. When no rank has an acceptable value, `rejected` is the first non-null
    /// value found (for a wrong-type issue).
    func values(_ spec: PathProgram.RoleSpec, accept: (CapturedValue) -> Bool) -> (values: [CapturedValue], rank: Int, rejected: CapturedValue?) {
        var rejected: (CapturedValue, Int)?
        for (rank, slot) in spec.slots.enumerated() {
            let found = store.values[Int(slot)]
            if found.isEmpty { continue }
            let good = found.filter(accept)
            if !good.isEmpty { return (good, rank, nil) }
            if rejected == nil, let first = found.first(where: { $0 != .null }) { rejected = (first, rank) }
        }
        if let rejected { return ([], rejected.1, rejected.0) }
        return ([], 0, nil)
    }

    /// The items of a top-level item role, at the best rank that has any.
    func items(_ spec: PathProgram.RoleSpec) -> [Int32] {
        guard spec.group >= 0 else { return [] }
        let all = store.items[Int(spec.group)]
        guard let best = all.map(\.rank).min() else { return [] }
        return all.indices.filter { all[$0].rank == best }.map { Int32($0) }
    }

    /// The values of an item field at its best rank with an acceptable value.
    func field(_ key: String, group: Int32, item: Int32, accept: (CapturedValue) -> Bool) -> [CapturedValue] {
        guard let locals = program.groups[Int(group)].fields[key] else { return [] }
        let fields = store.items[Int(group)][Int(item)].fields
        for local in locals {
            let good = fields[Int(local)].filter(accept)
            if !good.isEmpty { return good }
        }
        return []
    }

    /// The first string of an item field.
    func string(_ key: String, group: Int32, item: Int32) -> String? {
        field(key, group: group, item: item, accept: { $0.stringValue != nil }).first?.stringValue
    }

    /// The item's own value when the item was a scalar.
    func direct(group: Int32, item: Int32) -> CapturedValue? {
        store.items[Int(group)][Int(item)].direct
    }

    /// The item read as a tool call (nil when it has no id, name nor arguments: a text block).
    func toolCall(group: Int32, item: Int32) -> NormalizedToolCall? {
        let call = NormalizedToolCall(
            id: string("id", group: group, item: item),
            name: string("name", group: group, item: item),
            arguments: field("arguments", group: group, item: item, accept: { $0.jsonOrString != nil }).first?.jsonOrString
        )
        return call.id == nil && call.name == nil && call.arguments == nil ? nil : call
    }

    /// The item read as a message: role, text parts, nested tool calls, tool-call id and name.
    func message(group: Int32, item: Int32) -> NormalizedMessage {
        var parts: [String] = []
        if let direct = direct(group: group, item: item), let text = direct.stringValue {
            parts = [text]
        } else {
            parts = field("text", group: group, item: item, accept: { $0.stringValue != nil }).compactMap(\.stringValue)
        }
        var calls: [NormalizedToolCall] = []
        let nested = program.groups[Int(group)].toolCallGroup
        if nested >= 0 {
            let children = store.items[Int(nested)]
            let best = children.filter { $0.parent == item }.map(\.rank).min()
            for index in children.indices where children[index].parent == item && children[index].rank == best {
                if let call = toolCall(group: nested, item: Int32(index)) { calls.append(call) }
            }
        }
        return NormalizedMessage(
            role: string("role", group: group, item: item),
            parts: parts,
            toolCalls: calls,
            toolCallID: string("tool_call_id", group: group, item: item),
            name: string("name", group: group, item: item)
        )
    }
}
