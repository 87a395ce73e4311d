extension Shape {
    /// Adds everything `other` recorded to this shape: counts add up, ranges widen, closed sets
    /// unite (and give up past their bound), maps stay maps. Watched-value hits are merged when
    /// both shapes watch the same strings.
    public mutating func merge(_ other: Shape) {
        documentCount += other.documentCount
        droppedPaths += other.droppedPaths
        droppedKeys += other.droppedKeys
        numberSamples.merge(other.numberSamples)
        let sameWatch = other.watchedValues == watchedValues
        mergeNode(from: other, 0, into: 0, watch: sameWatch)
        var candidates: [Int32] = []
        for index in nodes.indices where nodes[index].childCount >= 2 && !nodes[index].isMap {
            candidates.append(Int32(index))
        }
        detectMaps(candidates)
    }

    /// Merges node `source` of `other` (and its subtree) into node `target` of this shape.
    mutating func mergeNode(from other: Shape, _ source: Int32, into target: Int32, watch: Bool) {
        let s = other.nodes[Int(source)]
        let t = Int(target)
        do {
            var n = nodes[t]
            n.count += s.count
            n.documents += s.documents
            n.nulls += s.nulls
            n.trues += s.trues
            n.falses += s.falses
            n.integers += s.integers
            n.fractions += s.fractions
            n.strings += s.strings
            n.objects += s.objects
            n.arrays += s.arrays
            n.lengthMin = min(n.lengthMin, s.lengthMin)
            n.lengthMax = max(n.lengthMax, s.lengthMax)
            n.lengthSum += s.lengthSum
            n.membersMin = min(n.membersMin, s.membersMin)
            n.membersMax = max(n.membersMax, s.membersMax)
            n.membersSum += s.membersSum
            n.integerMin = min(n.integerMin, s.integerMin)
            n.integerMax = max(n.integerMax, s.integerMax)
            n.fractionMin = min(n.fractionMin, s.fractionMin)
            n.fractionMax = max(n.fractionMax, s.fractionMax)
            n.stringMin = min(n.stringMin, s.stringMin)
            n.stringMax = max(n.stringMax, s.stringMax)
            n.stringSum += s.stringSum
            n.formats.add(s.formats)
            nodes[t] = n
        }
        mergeEnum(from: other, s, into: t)
        if watch, !watched.isEmpty {
            let width = watched.count
            for index in 0..<width {
                watchHits[t * width + index] += other.watchHits[Int(source) * width + index]
            }
        }
        // Items.
        if s.items >= 0, let items = ensureItems(target) {
            mergeNode(from: other, s.items, into: items, watch: watch)
        }
        // Members.
        guard s.firstChild >= 0 else { return }
        if s.isMap, !nodes[t].isMap, nodes[t].firstChild >= 0 {
            collapseToMap(target)
        }
        if s.isMap || nodes[t].isMap {
            let value = ensureMapValue(target)
            var child = s.firstChild
            while child >= 0 {
                mergeNode(from: other, child, into: value, watch: watch)
                child = other.nodes[Int(child)].nextSibling
            }
            return
        }
        var child = s.firstChild
        while child >= 0 {
            let key = other.key(of: child)
            let existing = findChild(of: target, key: key)
            let into: Int32?
            if let existing {
                into = existing
            } else {
                into = appendChild(to: target, key: key)
            }
            if let into {
                mergeNode(from: other, child, into: into, watch: watch)
            }
            child = other.nodes[Int(child)].nextSibling
        }
    }

    mutating func mergeEnum(from other: Shape, _ s: Node, into t: Int) {
        if nodes[t].enumGivenUp { return }
        if s.enumGivenUp {
            nodes[t].enumGivenUp = true
            return
        }
        var entry = s.enumHead
        while entry >= 0 {
            let e = other.enumEntries[Int(entry)]
            let bytes = Array(other.enumBytes[Int(e.offset)..<Int(e.offset + e.length)])
            var found = nodes[t].enumHead
            while found >= 0 {
                let f = enumEntries[Int(found)]
                if f.length == e.length, enumBytes[Int(f.offset)..<Int(f.offset + f.length)].elementsEqual(bytes) { break }
                found = f.next
            }
            if found >= 0 {
                enumEntries[Int(found)].count += e.count
            } else if Int(nodes[t].enumDistinct) >= ShapeLimits.enumMaximumValues {
                nodes[t].enumGivenUp = true
                return
            } else {
                let offset = Int32(enumBytes.count)
                enumBytes.append(contentsOf: bytes)
                enumEntries.append(EnumEntry(offset: offset, length: e.length, count: e.count, next: nodes[t].enumHead, format: e.format))
                nodes[t].enumHead = Int32(enumEntries.count - 1)
                nodes[t].enumDistinct += 1
            }
            entry = e.next
        }
    }

    func key(of index: Int32) -> [UInt8] {
        let node = nodes[Int(index)]
        return Array(keyBytes[Int(node.keyOffset)..<Int(node.keyOffset + node.keyLength)])
    }

    func findChild(of parent: Int32, key: [UInt8]) -> Int32? {
        var child = nodes[Int(parent)].firstChild
        while child >= 0 {
            let matches = key.withUnsafeBytes { keyMatches(child, $0) }
            if matches { return child }
            child = nodes[Int(child)].nextSibling
        }
        return nil
    }

    /// Appends a node outside a document (merges, collapses), within the limits.
    mutating func appendNode(parent: Int32, key: [UInt8]) -> Int32? {
        guard nodes.count < limits.maximumPaths else {
            droppedPaths += 1
            return nil
        }
        var node = Node(parent: parent)
        node.keyOffset = Int32(keyBytes.count)
        node.keyLength = Int32(key.count)
        node.keyPrefix = key.withUnsafeBytes { Shape.keyPrefix($0) }
        keyBytes.append(contentsOf: key)
        nodes.append(node)
        if !watched.isEmpty { watchHits.append(contentsOf: repeatElement(0, count: watched.count)) }
        return Int32(nodes.count - 1)
    }

    mutating func appendChild(to parent: Int32, key: [UInt8]) -> Int32? {
        let p = Int(parent)
        guard Int(nodes[p].childCount) < limits.maximumKeysPerObject else {
            droppedKeys += 1
            return nil
        }
        guard let index = appendNode(parent: parent, key: key) else { return nil }
        if nodes[p].lastChild >= 0 {
            nodes[Int(nodes[p].lastChild)].nextSibling = index
        } else {
            nodes[p].firstChild = index
        }
        nodes[p].lastChild = index
        nodes[p].childCount += 1
        return index
    }

    mutating func ensureItems(_ parent: Int32) -> Int32? {
        if nodes[Int(parent)].items >= 0 { return nodes[Int(parent)].items }
        guard let index = appendNode(parent: parent, key: []) else { return nil }
        nodes[Int(parent)].items = index
        return index
    }

    /// The single value node of a map node, created when missing.
    mutating func ensureMapValue(_ parent: Int32) -> Int32 {
        let p = Int(parent)
        if nodes[p].isMap, nodes[p].firstChild >= 0 { return nodes[p].firstChild }
        // A map value is created even over the path limit: it replaces many nodes.
        var node = Node(parent: parent)
        node.isMapValue = true
        nodes.append(node)
        if !watched.isEmpty { watchHits.append(contentsOf: repeatElement(0, count: watched.count)) }
        let index = Int32(nodes.count - 1)
        nodes[p].isMap = true
        nodes[p].firstChild = index
        nodes[p].lastChild = index
        nodes[p].childCount = 1
        nodes[p].firstKeyHint = -1
        return index
    }

    // MARK: Maps

    /// Checks each object node in `candidates` and collapses those whose keys are data.
    mutating func detectMaps(_ candidates: [Int32]) {
        var collapsed = false
        for node in candidates.sorted() where Int(node) < nodes.count && !nodes[Int(node)].isMap && looksLikeMap(node) {
            collapseToMap(node)
            collapsed = true
        }
        if collapsed, garbage > nodes.count / 2 { compact() }
    }

    /// An object path is a map when it has many distinct keys whose values share one JSON type,
    /// and the keys are data: each rare among the objects seen, or shaped like data (ids,
    /// numbers, words with spaces), or so many that they reached the key limit.
    func looksLikeMap(_ index: Int32) -> Bool {
        let node = nodes[Int(index)]
        let keys = Int(node.childCount)
        guard keys >= limits.mapMinimumKeys, node.objects > 0 else { return false }
        var presence = 0
        var dataKeys = 0
        var typeVotes: [JSONValueType: Int] = [:]
        var child = node.firstChild
        while child >= 0 {
            let c = nodes[Int(child)]
            presence += c.count
            if let type = dominantType(c) { typeVotes[type, default: 0] += 1 }
            if Self.isDataKey(keyBytes[Int(c.keyOffset)..<Int(c.keyOffset + c.keyLength)]) { dataKeys += 1 }
            child = c.nextSibling
        }
        guard let alike = typeVotes.values.max(), alike * 10 >= keys * 9 else { return false }
        let rare = presence * 2 <= keys * node.objects
        let dataLike = dataKeys * 2 >= keys
        let full = keys >= limits.maximumKeysPerObject
        return rare || dataLike || full
    }

    /// The non-null type with the most values (the first of boolean, number, string, object,
    /// array on a tie), or `.null` when there is none. No arrays: it runs per child at every
    /// map check.
    func dominantType(_ node: Node) -> JSONValueType? {
        var best = JSONValueType.boolean
        var most = node.booleans
        if node.integers + node.fractions > most { best = .integer; most = node.integers + node.fractions }
        if node.strings > most { best = .string; most = node.strings }
        if node.objects > most { best = .object; most = node.objects }
        if node.arrays > most { best = .array; most = node.arrays }
        return most > 0 ? best : .null
    }

    /// Keys that look like data rather than field names: with spaces or punctuation, non-ASCII,
    /// starting with a digit, long, or mixing letters and digits like an id.
    static func isDataKey(_ key: ArraySlice<UInt8>) -> Bool {
        guard let first = key.first else { return true }
        if key.count > 40 || first &- 0x30 < 10 { return true }
        var digits = 0
        for byte in key {
            if byte &- 0x30 < 10 {
                digits += 1
            } else if !((byte | 0x20) &- 0x61 < 26 || byte == 0x5F) {
                return true
            }
        }
        return digits >= 3 && key.count >= 6
    }

    /// Replaces the children of object node `index` with one map-value node, their merge.
    mutating func collapseToMap(_ index: Int32) {
        let p = Int(index)
        let snapshot = self
        var unlinked = 0
        var child = nodes[p].firstChild
        nodes[p].firstChild = -1
        nodes[p].lastChild = -1
        nodes[p].childCount = 0
        let value = ensureMapValue(index)
        while child >= 0 {
            mergeNode(from: snapshot, child, into: value, watch: true)
            unlinked += snapshot.subtreeSize(child)
            child = snapshot.nodes[Int(child)].nextSibling
        }
        garbage += unlinked
    }

    func subtreeSize(_ index: Int32) -> Int {
        var size = 1
        let node = nodes[Int(index)]
        if node.items >= 0 { size += subtreeSize(node.items) }
        var child = node.firstChild
        while child >= 0 {
            size += subtreeSize(child)
            child = nodes[Int(child)].nextSibling
        }
        return size
    }

    /// Rebuilds the arena with only linked nodes.
    mutating func compact() {
        var fresh = Shape(watching: watchedValues, limits: limits)
        fresh.mergeNode(from: self, 0, into: 0, watch: true)
        fresh.documentCount = documentCount
        fresh.droppedPaths = droppedPaths
        fresh.droppedKeys = droppedKeys
        fresh.serial = serial
        fresh.numberSamples = numberSamples
        self = fresh
    }
}
