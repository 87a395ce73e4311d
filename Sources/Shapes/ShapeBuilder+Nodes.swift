import JSONScanning

/// The node arena as the builder writes it: journaling, counting, children and items.
extension ShapeBuilder {
    /// Keeps a copy of node `index` the first time this document changes it.
    @inline(__always)
    mutating func touch(_ index: Int32) {
        if nodeBase[Int(index)].journalStamp != journalEpoch { save(index) }
    }

    /// Copies node `index` into the journal, inline (no call to libc's `memcpy`), its index in
    /// the copy's `journalStamp` (the stamp itself needs no undo: see `rollbackDocument()`).
    @inline(__always)
    mutating func save(_ index: Int32) {
        let node = nodeBase + Int(index)
        let copy = journal.appendUninitialized()
        Node.copy(node, to: copy)
        copy.pointee.journalStamp = UInt32(bitPattern: index)
        node.pointee.journalStamp = journalEpoch
    }

    /// Counts a value at node `index`.
    @inline(__always)
    mutating func reach(_ index: Int32) {
        touch(index)
        Self.count(&nodeBase[Int(index)], serial: shape.serial)
    }

    /// Journals node `index`, counts a value there and lets `body` record it through a pointer.
    @inline(__always)
    mutating func record(_ index: Int32, _ body: (UnsafeMutablePointer<Node>) -> Void) {
        touch(index)
        let node = nodeBase + Int(index)
        Self.count(&node.pointee, serial: shape.serial)
        body(node)
    }

    /// Lets `body` update node `index` through a pointer (no journaling: the node was reached).
    @inline(__always)
    mutating func update(_ index: Int32, _ body: (UnsafeMutablePointer<Node>) -> Void) {
        body(nodeBase + Int(index))
    }

    @inline(__always)
    static func count(_ node: inout Node, serial: UInt32) {
        // Counts of values cannot reach `Int.max`: no overflow check.
        node.count &+= 1
        if node.documentStamp != serial {
            node.documentStamp = serial
            node.documents &+= 1
        }
    }

    /// Appends a node (journal-free: it is past the checkpoint), or nil over the path limit.
    mutating func newNode(parent: Int32, key: UnsafeRawBufferPointer?) -> Int32? {
        guard shape.nodes.count < shape.limits.maximumPaths else {
            shape.droppedPaths += 1
            return nil
        }
        var node = Node(parent: parent)
        node.journalStamp = journalEpoch
        if let key {
            node.keyOffset = Int32(shape.keyBytes.count)
            node.keyLength = Int32(key.count)
            node.keyPrefix = Shape.keyPrefix(key)
            shape.keyBytes.append(contentsOf: key)
        }
        let index = Int32(shape.nodes.count)
        shape.nodes.append(node)
        nodeBase = shape.nodes.uniqueBase()
        if !shape.watched.isEmpty {
            shape.watchHits.append(contentsOf: repeatElement(0, count: shape.watched.count))
        }
        return index
    }

    /// The child of object node `parent` for `key`, created when new; -1 when dropped.
    /// `previous` is the child the object's previous key matched (`parent` itself or -1 for the
    /// first key).
    ///
    /// Documents repeat their key order, so the child tried first is the one that followed
    /// `previous` last time (its `nextKeyHint`), or for a first key the one that came first last
    /// time (the parent's `firstKeyHint`): one parent, prefix and length compare for keys of up
    /// to 8 bytes, one more word for keys of up to 16, nothing written. A hint is only a guess,
    /// checked like any candidate; a miss goes to `searchChild(of:key:after:)`, which learns.
    @inline(__always)
    mutating func child(of parent: Int32, key: UnsafeRawBufferPointer, after previous: Int32) -> Int32 {
        let base = nodeBase
        let parentNode = base + Int(parent)
        if !parentNode.pointee.isMap {
            let hint = previous >= 0 && previous != parent ? base[Int(previous)].nextKeyHint : parentNode.pointee.firstKeyHint
            if hint >= 0 {
                let candidate = base + Int(hint)
                if candidate.pointee.parent == parent, keyEquals(candidate, key, prefix: Shape.keyPrefix(key)) { return hint }
            }
        }
        return searchChild(of: parent, key: key, after: previous)
    }

    /// True when the key of `node` equals `key`, whose first eight bytes are `prefix`.
    @inline(__always)
    func keyEquals(_ node: UnsafeMutablePointer<Node>, _ key: UnsafeRawBufferPointer, prefix: UInt64) -> Bool {
        let length = key.count
        guard node.pointee.keyPrefix == prefix, Int(node.pointee.keyLength) == length else { return false }
        if length <= 8 { return true }
        let offset = Int(node.pointee.keyOffset)
        return shape.keyBytes.withUnsafeBytes { keyBytes in
            let stored = keyBytes.baseAddress! + offset
            let bytes = key.baseAddress!
            if length <= 16 {
                // The last eight bytes (overlapping the prefix for keys under 16 bytes).
                return stored.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                    == bytes.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            }
            return Shape.bytesEqual(stored + 8, bytes + 8, length - 8)
        }
    }

    /// The child of `parent` for `key` by a pass over its children, or a new child; the map
    /// value for a map. Records the order seen: the child found follows `previous` (or comes
    /// first) in the hints. The nodes written were journaled: `parent` when its object began,
    /// `previous` when it received its value.
    mutating func searchChild(of parent: Int32, key: UnsafeRawBufferPointer, after previous: Int32) -> Int32 {
        let base = nodeBase
        let parentNode = base + Int(parent)
        if parentNode.pointee.isMap { return parentNode.pointee.firstChild }
        let prefix = Shape.keyPrefix(key)
        var found: Int32 = -1
        var candidate = parentNode.pointee.firstChild
        while candidate >= 0 {
            let c = base + Int(candidate)
            if keyEquals(c, key, prefix: prefix) {
                found = candidate
                break
            }
            candidate = c.pointee.nextSibling
        }
        if found < 0 {
            found = addChild(to: parent, key: key)
            if found < 0 { return -1 }
        }
        let nodes = nodeBase  // `addChild` may have moved the arena
        if previous >= 0, previous != parent, nodes[Int(previous)].parent == parent {
            nodes[Int(previous)].nextKeyHint = found
        } else {
            nodes[Int(parent)].firstKeyHint = found
        }
        return found
    }

    mutating func addChild(to parent: Int32, key: UnsafeRawBufferPointer) -> Int32 {
        let p = Int(parent)
        let count = Int(shape.nodes[p].childCount)
        if count >= shape.limits.maximumKeysPerObject {
            shape.droppedKeys += 1
            mapChecks.append(parent)
            return -1
        }
        guard let index = newNode(parent: parent, key: key) else { return -1 }
        let last = shape.nodes[p].lastChild
        if last >= 0 {
            touch(last)
            shape.nodes[Int(last)].nextSibling = index
        } else {
            shape.nodes[p].firstChild = index
        }
        shape.nodes[p].lastChild = index
        shape.nodes[p].childCount += 1
        let newCount = count + 1
        if newCount >= shape.limits.mapMinimumKeys, newCount & (newCount - 1) == 0 || newCount == shape.limits.mapMinimumKeys
            || newCount == shape.limits.maximumKeysPerObject
        {
            mapChecks.append(parent)
        }
        return index
    }

    mutating func itemNode(of parent: Int32) -> Int32 {
        let items = nodeBase[Int(parent)].items
        if items >= 0 { return items }
        guard let index = newNode(parent: parent, key: nil) else { return -1 }
        nodeBase[Int(parent)].items = index
        return index
    }
}
