import JSONScanning

/// The scanner's events: containers, keys, numbers (one by one and in runs), literals.
extension ShapeBuilder {
    mutating func beginObject() {
        flushRun()
        let node = current
        if node >= 0 { record(node) { $0.pointee.objects += 1 } }
        if stack.isEmpty { root.isObject = true }
        stack.append(node)
    }

    /// Finds the member's node. `current` still holds the node of the previous member's value
    /// (the containers' ends restore it), or the object's own node before its first key.
    @inline(__always)
    mutating func key(_ key: JSONStringToken) {
        let parent = stack.last
        if stack.count == 1 { noteRootKey(key) }
        guard parent >= 0 else {
            current = -1
            return
        }
        let previous = current
        if key.hasEscapes {
            current = key.withDecodedBytes { child(of: parent, key: $0, after: previous) }
        } else {
            current = child(of: parent, key: key.raw, after: previous)
        }
    }

    @inline(__always)
    mutating func noteRootKey(_ key: JSONStringToken) {
        root.awaiting = 0
        let length = key.utf8Count
        guard length == 4 || length == 5 else { return }
        if key.equals(literal: "error") {
            root.awaiting = 1
        } else if key.equals(literal: "type") {
            root.awaiting = 2
        }
    }

    mutating func endObject(memberCount: Int) {
        flushRun()
        let node = stack.removeLast()
        current = node  // the previous member, for the next key's hint
        if stack.isEmpty { root.members = memberCount }
        if stack.count == 1, root.awaiting == 1 { root.hasError = true }
        guard node >= 0 else { return }
        update(node) { n in
            let members = Int32(clamping: memberCount)
            n.pointee.membersMin = min(n.pointee.membersMin, members)
            n.pointee.membersMax = max(n.pointee.membersMax, members)
            n.pointee.membersSum += memberCount
        }
    }

    mutating func beginArray() {
        flushRun()
        arrayDepth &+= 1
        let node = current
        if node >= 0 { record(node) { $0.pointee.arrays += 1 } }
        if stack.count == 1, root.awaiting == 1 { root.hasError = true }
        stack.append(node)
    }

    @inline(__always)
    mutating func element(_ index: Int) {
        let parent = stack.last
        if parent == cachedArray {
            current = cachedItem
            return
        }
        current = parent >= 0 ? itemNode(of: parent) : -1
        cachedArray = parent
        cachedItem = current
    }

    @inline(__always)
    mutating func endArray(count: Int) {
        flushRun()
        arrayDepth &-= 1
        let node = stack.removeLast()
        current = node  // the previous member, for the next key's hint
        guard node >= 0 else { return }
        update(node) { n in
            let length = Int32(clamping: count)
            n.pointee.lengthMin = min(n.pointee.lengthMin, length)
            n.pointee.lengthMax = max(n.pointee.lengthMax, length)
            n.pointee.lengthSum += count
        }
    }


    /// Counts one number: into the pending run when one is open at its node, else straight
    /// into the node (a member's value, an array's first item): the same statistics as a run of
    /// one flushed there (counts add up; `min` keeps the first of equal values and `max` the
    /// last, whatever the grouping), without opening a run only to flush it at the next value.
    @inline(__always)
    mutating func number(_ token: JSONNumberToken) {
        if stack.count == 1, root.awaiting == 1 { root.hasError = true }
        let node = current
        guard node >= 0 else { return }
        // Exact for integers that fit: `Double(significand)`, as `Double(int64Value)` gives.
        let value = token.approximateDoubleValue
        // An integer outside arrays, of a document the shape may still keep.
        if capture.active, arrayDepth == 0, token.isInteger { capture.add(node, value) }
        if run.node == node {
            run.statistics.add(value, isInteger: token.isInteger)
            return
        }
        flushRun()
        touch(node)
        let n = nodeBase + Int(node)
        Self.count(&n.pointee, serial: shape.serial)
        n.pointee.addNumber(value, isInteger: token.isInteger)
    }

    /// Numbers at consecutive items of an array: counted as `element(_:)` and `number(_:)` for
    /// each would count them (their node is the same item node), from the run's statistics.
    @inline(__always)
    mutating func numberRun(_ numbers: JSONNumberRun) {
        element(numbers.first)
        if stack.count == 1, root.awaiting == 1 { root.hasError = true }
        let node = current
        guard node >= 0 else { return }
        if run.node != node {
            flushRun()
            touch(node)
            run.node = node
        }
        // The same values as folding the numbers one by one (see `JSONNumberStatistics`).
        run.statistics.add(numbers.statistics)
    }

    @inline(__always)
    mutating func bool(_ value: Bool) {
        flushRun()
        if stack.count == 1, root.awaiting == 1 { root.hasError = true }
        let node = current
        guard node >= 0 else { return }
        record(node) { n in
            if value { n.pointee.trues += 1 } else { n.pointee.falses += 1 }
        }
    }

    @inline(__always)
    mutating func null() {
        flushRun()
        let node = current
        guard node >= 0 else { return }
        record(node) { $0.pointee.nulls += 1 }
    }
}
