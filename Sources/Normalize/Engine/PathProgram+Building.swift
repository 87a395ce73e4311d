import Catalog

extension PathProgram {
    /// Adds one link of a role's chain: its paths and, for item roles, its item fields;
    /// `toolCallItem` is the item map used for each message's `tool_calls`.
    mutating func add(
        _ role: Role, binding: RoleBinding, level: Int32 = 0, draft: Int32 = 0, event: String? = nil,
        toolCallItem: [String: [JSONPath]]? = nil, accepted: Set<String>? = nil
    ) {
        let specIndex = Int32(specs.count)
        specs.append(RoleSpec(
            role: role, code: RoleCode(role), binding: binding, level: level, draft: draft, accepted: accepted, event: event, slots: [], group: -1))
        var spec = specs[Int(specIndex)]
        if let item = binding.item, !item.isEmpty {
            let group = addGroup(spec: specIndex, parent: -1, item: item, toolCallItem: toolCallItem)
            spec.group = group
            for (rank, path) in binding.paths.enumerated() {
                let node = insert(path.components, from: 0)
                nodes[node].actions.insert(.items(group: group, rank: Int32(rank)), at: 0)
                attachFields(of: group, item: item, at: node, toolCallItem: toolCallItem)
            }
        } else {
            let mode = Self.mode(for: role, field: nil)
            for (rank, path) in binding.paths.enumerated() {
                let slot = Int32(slots.count)
                slots.append(Slot(spec: specIndex, group: -1, local: 0, rank: Int32(rank), mode: mode))
                spec.slots.append(slot)
                let node = insert(path.components, from: 0)
                nodes[node].actions.append(.capture(slot: slot))
            }
        }
        specs[Int(specIndex)] = spec
    }

    /// Flattens the nodes and resolves what reading needs into plain values; call once, after
    /// the last `add`.
    mutating func finalize() {
        flatNodes = []
        filterEdges = []
        keyEdges = []
        keyBytes = []
        indexEdges = []
        actions = []
        for node in nodes {
            var flat = FlatNode(wildcard: node.wildcard, elements: node.elements)
            // Each node lists its edges (compared one by one for escaped keys); `keyTable` files
            // them by (node, length, first word) for everything else.
            flat.keyStart = Int32(keyEdges.count)
            var edges: [KeyEdge] = []
            for (key, child) in node.keys {
                var prefix: UInt64 = 0
                for (offset, byte) in key.prefix(8).enumerated() { prefix |= UInt64(byte) << (8 * UInt64(offset)) }
                edges.append(KeyEdge(length: Int32(key.count), node: child, prefix: prefix, bytesStart: Int32(keyBytes.count)))
                keyBytes.append(contentsOf: key)
            }
            keyEdges.append(contentsOf: edges)
            flat.keyEnd = Int32(keyEdges.count)
            flat.indexStart = Int32(indexEdges.count)
            for (index, child) in node.indexes { indexEdges.append(IndexEdge(index: index, node: child)) }
            flat.indexEnd = Int32(indexEdges.count)
            flat.filterStart = Int32(filterEdges.count)
            for (filter, child) in node.filters { filterEdges.append(FilterEdge(filter: filter, node: child)) }
            flat.filterEnd = Int32(filterEdges.count)
            flat.actionStart = Int32(actions.count)
            actions.append(contentsOf: node.actions)
            flat.actionEnd = Int32(actions.count)
            flatNodes.append(flat)
        }

        var capacity = 8
        while capacity < keyEdges.count * 2 { capacity *= 2 }
        keyTable = Array(repeating: KeySlot(), count: capacity)
        for (owner, flat) in flatNodes.enumerated() {
            for edge in keyEdges[Int(flat.keyStart)..<Int(flat.keyEnd)] {
                var index = Self.keyHash(owner: Int32(owner), length: edge.length, prefix: edge.prefix, mask: capacity - 1)
                while keyTable[index].owner >= 0 { index = (index + 1) & (capacity - 1) }
                keyTable[index] = KeySlot(owner: Int32(owner), length: edge.length, prefix: edge.prefix, bytesStart: edge.bytesStart, node: edge.node)
            }
        }

        eventNames = []
        infos = specs.map { spec in
            var event: Int32 = -1
            if let name = spec.event, name != "*" {
                if let known = eventNames.firstIndex(of: name) {
                    event = Int32(known)
                } else {
                    event = Int32(eventNames.count)
                    eventNames.append(name)
                }
            }
            assert(spec.slots.enumerated().allSatisfy { $0.element == (spec.slots.first ?? 0) + Int32($0.offset) })
            return SpecInfo(
                code: spec.code, level: spec.level, draft: spec.draft, assemble: spec.binding.assemble ?? .last,
                body: spec.binding.body, event: event,
                firstSlot: spec.slots.first ?? 0, slotCount: Int32(spec.slots.count), group: spec.group,
                confidence: spec.binding.confidence, tokens: spec.binding.tokens)
        }
        slotSpec = slots.map { $0.group < 0 ? $0.spec : -1 }
        hasNegativeIndexes = nodes.contains { $0.indexes.contains { $0.index < 0 } }
        parents = Array(repeating: -1, count: nodes.count)
        nodeFilter = Array(repeating: -1, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            for child in node.keys.map(\.node) + node.indexes.map(\.node) + node.filters.map(\.node) + [node.wildcard, node.elements]
            where child >= 0 {
                parents[Int(child)] = Int32(index)
            }
            for (filter, child) in node.filters { nodeFilter[Int(child)] = filter }
        }
        groupSpec = Array(repeating: -1, count: groups.count)
        for (index, spec) in specs.enumerated() where spec.group >= 0 { groupSpec[Int(spec.group)] = Int32(index) }
        groupInfos = groups.map { GroupInfo(parent: $0.parent, localCount: $0.localCount, toolCallGroup: $0.toolCallGroup) }
        known = groups.map { group in
            func locals(_ key: String) -> Locals {
                guard let ranks = group.fields[key], let first = ranks.first else { return Locals() }
                return Locals(start: first, count: Int32(ranks.count))
            }
            return KnownFields(
                role: locals("role"), text: locals("text"), id: locals("id"), name: locals("name"),
                arguments: locals("arguments"), toolCallID: locals("tool_call_id"), index: locals("index"))
        }
    }

    /// Adds the capture of `$.<key>` that names unnamed stream events.
    mutating func addEventKey(_ key: String) {
        let slot = Int32(slots.count)
        slots.append(Slot(spec: -1, group: -1, local: 0, rank: 0, mode: .value))
        eventKeySlot = slot
        let node = insert([.key(key)], from: 0)
        nodes[node].actions.append(.capture(slot: slot))
    }

    /// The slot mode a role (or one of its item fields) needs.
    static func mode(for role: Role, field: String?) -> Mode {
        if role == .embeddingsVectors || role == Normalizer.vectorElements { return .measure }
        if field == "arguments" { return .json }
        return .value
    }

    private mutating func addGroup(spec: Int32, parent: Int32, item: [String: [JSONPath]], toolCallItem: [String: [JSONPath]]?) -> Int32 {
        let group = Int32(groups.count)
        var fields: [String: [Int32]] = [:]
        var local: Int32 = 0
        for key in item.keys.sorted() {
            var ranks: [Int32] = []
            for _ in item[key] ?? [] {
                ranks.append(local)
                local += 1
            }
            fields[key] = ranks
        }
        groups.append(Group(spec: spec, parent: parent, fields: fields, localCount: local))
        return group
    }

    /// Hangs the item fields of `group` below `node` (the value is one object) and below its
    /// array elements (the value is a list of items).
    private mutating func attachFields(of group: Int32, item: [String: [JSONPath]], at node: Int, toolCallItem: [String: [JSONPath]]?) {
        let bases = [node, elementsChild(of: node)]
        let specRole = pendingRole(of: group)
        for key in item.keys.sorted() {
            guard let paths = item[key], let locals = groups[Int(group)].fields[key] else { continue }
            if key == "tool_calls", let toolCallItem, !toolCallItem.isEmpty {
                // Each message's tool calls are items of a nested group, read with the tool-call item map.
                var nested = groups[Int(group)].toolCallGroup
                if nested < 0 {
                    nested = addGroup(spec: groups[Int(group)].spec, parent: group, item: toolCallItem, toolCallItem: nil)
                    groups[Int(group)].toolCallGroup = nested
                }
                for (rank, path) in paths.enumerated() {
                    for base in bases {
                        let target = insert(path.components, from: base)
                        nodes[target].actions.insert(.items(group: nested, rank: Int32(rank)), at: 0)
                        attachFields(of: nested, item: toolCallItem, at: target, toolCallItem: nil)
                    }
                }
                continue
            }
            let mode = Self.mode(for: specRole, field: key)
            for (rank, path) in paths.enumerated() {
                let slot = Int32(slots.count)
                slots.append(Slot(spec: groups[Int(group)].spec, group: group, local: locals[rank], rank: Int32(rank), mode: mode))
                for base in bases {
                    let target = insert(path.components, from: base)
                    nodes[target].actions.append(.capture(slot: slot))
                }
            }
        }
    }

    private func pendingRole(of group: Int32) -> Role {
        specs[Int(groups[Int(group)].spec)].role
    }

    /// Follows (creating as needed) `components` from `base`; returns the node reached.
    mutating func insert(_ components: [JSONPath.Component], from base: Int) -> Int {
        var node = base
        for component in components {
            switch component {
            case .key(let name):
                let bytes = Array(name.utf8)
                if let existing = nodes[node].keys.first(where: { $0.key == bytes }) {
                    node = Int(existing.node)
                } else {
                    let child = newNode()
                    nodes[node].keys.append((bytes, Int32(child)))
                    node = child
                }
            case .index(let index):
                if let existing = nodes[node].indexes.first(where: { $0.index == index }) {
                    node = Int(existing.node)
                } else {
                    let child = newNode()
                    nodes[node].indexes.append((index, Int32(child)))
                    node = child
                }
            case .wildcard:
                if nodes[node].wildcard >= 0 {
                    node = Int(nodes[node].wildcard)
                } else {
                    let child = newNode()
                    nodes[node].wildcard = Int32(child)
                    node = child
                }
            case .filter(let filter):
                node = filterChild(of: node, filter)
            }
        }
        return node
    }

    /// The node of the elements `filter` admits below `node`; made with the `test` actions
    /// that record, for each of the filter's queries, what it finds in an element.
    private mutating func filterChild(of node: Int, _ filter: JSONPathFilter) -> Int {
        let id: Int32
        if let known = filters.firstIndex(of: filter) {
            id = Int32(known)
        } else {
            id = Int32(filters.count)
            filters.append(filter)
            filterOperands.append(filter.queries)
        }
        if let existing = nodes[node].filters.first(where: { $0.filter == id }) { return Int(existing.node) }
        let child = newNode()
        nodes[node].filters.append((id, Int32(child)))
        for (operand, query) in filterOperands[Int(id)].enumerated() {
            let target = insert(query.keys.map { .key($0) }, from: child)
            nodes[target].actions.append(.test(scope: Int32(child), operand: Int32(operand)))
        }
        return child
    }

    private mutating func elementsChild(of node: Int) -> Int {
        if nodes[node].elements >= 0 { return Int(nodes[node].elements) }
        let child = newNode()
        nodes[node].elements = Int32(child)
        return child
    }

    private mutating func newNode() -> Int {
        nodes.append(Node())
        return nodes.count - 1
    }
}
