#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONScanning

/// Builds one document at a time into a `Shape`: a `JSONVisitor` that records every value at
/// its path while the scanner runs, with an undo journal so a document the scanner rejects
/// half-way leaves the shape exactly as it was.
///
/// Journal: the first time a document changes a node, a copy of the node is kept; new nodes,
/// keys and closed-set entries are appended past a checkpoint. Rolling back restores the copies
/// and truncates the arrays. Closed-set and watched-value hits are applied at commit only.
@usableFromInline
struct ShapeBuilder: JSONNumberRunVisitor, Sendable {
    @usableFromInline var shape: Shape
    /// `shape.nodes` made unique and lent for the document being scanned (see
    /// `NodeArena.uniqueBase()`): refreshed by `beginDocument()` and after every new node.
    @inlinable var nodeBase: UnsafeMutablePointer<Node> {
        @inline(__always) get { lent.base }
        @inline(__always) set { lent.base = newValue }
    }
    @usableFromInline var lent: LentNodes
    @usableFromInline var stack = ScratchStack<Int32>(capacity: 16)
    /// The node that receives the next value; -1 when the value is dropped (over a limit).
    @usableFromInline var current: Int32 = 0
    /// This document's saved nodes, each copy's `journalStamp` holding the index it came from
    /// (the stack keeps its storage across documents, and emptying it is just a reset).
    @usableFromInline var journal = ScratchStack<Node>(capacity: 8)
    /// Closed-set entries and watch slots hit by this document, counted at commit.
    @usableFromInline var pendingEnum = ScratchStack<Int32>(capacity: 16)
    @usableFromInline var pendingWatch = ScratchStack<Int32>(capacity: 4)
    /// Shared by the four scratch stacks above (see `ScratchOwner`).
    @usableFromInline var scratchOwner = ScratchOwner()
    @usableFromInline var mapChecks: [Int32] = []
    @usableFromInline var scratch: [UInt8] = []
    @usableFromInline var checkpoint = Checkpoint()
    /// The serial of the document that began the journal (a run's first document): a node whose
    /// `journalStamp` equals it has its copy in the journal already.
    @usableFromInline var journalEpoch: UInt32 = 0
    /// What the document's root looks like, for routing error bodies.
    @usableFromInline var root = RootSummary()
    /// Numbers at one node in a row (an array of numbers), summed before touching the node.
    @usableFromInline var run = NumberRun()
    /// The last array whose item node was looked up, and that item node.
    @usableFromInline var cachedArray: Int32 = -1
    @usableFromInline var cachedItem: Int32 = -1

    /// After this many strings at a path without a recognised format, formats are no longer
    /// guessed there (free text such as message content; a format needs ≥ 95% anyway).
    @usableFromInline static let formatGuessLimit = 64

    /// Statistics of consecutive numbers at `node`, not yet added to it.
    @usableFromInline
    struct NumberRun: Sendable {
        @usableFromInline var node: Int32 = -1
        @usableFromInline var statistics = JSONNumberStatistics()
        @usableFromInline init() {}
    }

    @usableFromInline
    struct Checkpoint: Sendable {
        @usableFromInline var nodes = 0
        @usableFromInline var keyBytes = 0
        @usableFromInline var enumEntries = 0
        @usableFromInline var enumBytes = 0
        @usableFromInline var watchHits = 0
        @usableFromInline var droppedPaths = 0
        @usableFromInline var droppedKeys = 0
        @usableFromInline var garbage = 0
        @usableFromInline init() {}
    }

    /// The base address of the builder's own node storage. Sendable because it is only written
    /// through between `beginDocument()` (which makes the storage unique and refreshes it) and the
    /// end of that document, on the thread scanning it; a copy of the builder refreshes it too.
    @usableFromInline
    struct LentNodes: @unchecked Sendable {
        @usableFromInline var base: UnsafeMutablePointer<Node>
        @usableFromInline init(base: UnsafeMutablePointer<Node>) { self.base = base }
    }

    /// The top level of the last document: enough to tell an error body from a success.
    @usableFromInline
    struct RootSummary: Sendable {
        @usableFromInline var isObject = false
        @usableFromInline var members = 0
        @usableFromInline var hasError = false
        @usableFromInline var typeIsError = false
        @usableFromInline var awaiting: UInt8 = 0  // 1: value of `error`, 2: value of `type`
        @usableFromInline init() {}

        /// A top-level object whose main member is a non-null `error` (few other members), or
        /// whose `type` is `"error"`.
        @usableFromInline var isErrorShaped: Bool { isObject && ((hasError && members <= 4) || typeIsError) }
    }

    @usableFromInline
    init(shape: Shape) {
        self.shape = shape
        lent = LentNodes(base: self.shape.nodes.uniqueBase())
    }

    // MARK: Documents

    @usableFromInline
    mutating func beginDocument() {
        shape.serial &+= 1
        if shape.serial == 0 { shape.serial = 1 }
        journalEpoch = shape.serial
        checkpoint = Checkpoint()
        nodeBase = shape.nodes.uniqueBase()
        checkpoint.nodes = shape.nodes.count
        checkpoint.keyBytes = shape.keyBytes.count
        checkpoint.enumEntries = shape.enumEntries.count
        checkpoint.enumBytes = shape.enumBytes.count
        checkpoint.watchHits = shape.watchHits.count
        checkpoint.droppedPaths = shape.droppedPaths
        checkpoint.droppedKeys = shape.droppedKeys
        checkpoint.garbage = shape.garbage
        if isKnownUniquelyReferenced(&scratchOwner) {
            pendingEnum.empty()
            pendingWatch.empty()
            stack.empty()
            journal.empty()
        } else {
            renewScratch()
        }
        if !mapChecks.isEmpty { mapChecks.removeAll(keepingCapacity: true) }
        current = 0
        root = RootSummary()
        run = NumberRun()
        cachedArray = -1
        cachedItem = -1
    }

    /// Adds the pending run of numbers to its node (journaled when the run started).
    @inlinable @inline(__always)
    mutating func flushRun() {
        if run.node >= 0 { flushRunSlow() }
    }

    @usableFromInline
    mutating func flushRunSlow() {
        let pending = run
        run = NumberRun()
        let n = nodeBase + Int(pending.node)
        n.pointee.count += pending.statistics.count
        if n.pointee.documentStamp != shape.serial {
            n.pointee.documentStamp = shape.serial
            n.pointee.documents += 1
        }
        n.pointee.addNumbers(pending.statistics)
    }

    @usableFromInline
    mutating func commitDocument() {
        flushRun()
        if pendingEnum.count > 0 {
            let pending = UnsafeBufferPointer(start: pendingEnum.base, count: pendingEnum.count)
            shape.enumEntries.withUnsafeMutableBufferPointer { entries in
                for entry in pending { entries[Int(entry)].count += 1 }
            }
        }
        if pendingWatch.count > 0 {
            let pending = UnsafeBufferPointer(start: pendingWatch.base, count: pendingWatch.count)
            shape.watchHits.withUnsafeMutableBufferPointer { hits in
                for slot in pending { hits[Int(slot)] += 1 }
            }
        }
        shape.documentCount += 1
        if !mapChecks.isEmpty {
            shape.detectMaps(Array(Set(mapChecks)))
        }
    }

    @usableFromInline
    mutating func rollbackDocument() {
        run = NumberRun()
        var position = journal.count - 1
        while position >= 0 {
            var saved = journal[position]
            let index = Int(saved.journalStamp)
            // 0 is never a document's serial, so the node counts as unsaved in later documents.
            saved.journalStamp = 0
            shape.nodes[index] = saved
            position -= 1
        }
        shape.nodes.removeSubrange(checkpoint.nodes...)
        shape.keyBytes.removeSubrange(checkpoint.keyBytes...)
        shape.enumEntries.removeSubrange(checkpoint.enumEntries...)
        shape.enumBytes.removeSubrange(checkpoint.enumBytes...)
        shape.watchHits.removeSubrange(checkpoint.watchHits...)
        shape.droppedPaths = checkpoint.droppedPaths
        shape.droppedKeys = checkpoint.droppedKeys
        shape.garbage = checkpoint.garbage
    }

    /// Scans `bytes` as one document into the shape; on a scan error the shape is unchanged.
    @usableFromInline
    mutating func add(_ bytes: UnsafeRawBufferPointer) throws(JSONScanError) {
        try scanUncommitted(bytes)
        commitDocument()
    }

    /// Scans `bytes` into the shape and leaves the document open: the caller then calls
    /// `commitDocument()` or `rollbackDocument()` (after looking at `root`). On a scan error the
    /// document is already rolled back.
    @usableFromInline
    mutating func scanUncommitted(_ bytes: UnsafeRawBufferPointer) throws(JSONScanError) {
        beginDocument()
        try scanOrRollBack(bytes)
    }

    /// Scans `bytes` into the open document; on a scan error rolls it back and throws.
    @usableFromInline
    mutating func scanOrRollBack(_ bytes: UnsafeRawBufferPointer) throws(JSONScanError) {
        var scanner = JSONScanner(bytes, maximumDepth: shape.limits.maximumDepth)
        do {
            try scanner.scan(summarizingRunsInto: &self)
        } catch {
            rollbackDocument()
            throw error
        }
    }

    /// Gives a copied builder scratch stacks of its own, empty, and a token of its own.
    @usableFromInline
    mutating func renewScratch() {
        scratchOwner = ScratchOwner()
        pendingEnum.renew()
        pendingWatch.renew()
        stack.renew()
        journal.renew()
    }

    // MARK: Nodes

    /// Keeps a copy of node `index` the first time this document changes it.
    @inlinable @inline(__always)
    mutating func touch(_ index: Int32) {
        if nodeBase[Int(index)].journalStamp != journalEpoch { save(index) }
    }

    /// Copies node `index` into the journal, inline (no call to libc's `memcpy`), its index in
    /// the copy's `journalStamp` (the stamp itself needs no undo: see `rollbackDocument()`).
    @inlinable @inline(__always)
    mutating func save(_ index: Int32) {
        let node = nodeBase + Int(index)
        let copy = journal.appendUninitialized()
        Node.copy(node, to: copy)
        copy.pointee.journalStamp = UInt32(bitPattern: index)
        node.pointee.journalStamp = journalEpoch
    }

    /// Counts a value at node `index`.
    @inlinable @inline(__always)
    mutating func reach(_ index: Int32) {
        touch(index)
        Self.count(&nodeBase[Int(index)], serial: shape.serial)
    }

    /// Journals node `index`, counts a value there and lets `body` record it through a pointer.
    @inlinable @inline(__always)
    mutating func record(_ index: Int32, _ body: (UnsafeMutablePointer<Node>) -> Void) {
        touch(index)
        let node = nodeBase + Int(index)
        Self.count(&node.pointee, serial: shape.serial)
        body(node)
    }

    /// Lets `body` update node `index` through a pointer (no journaling: the node was reached).
    @inlinable @inline(__always)
    mutating func update(_ index: Int32, _ body: (UnsafeMutablePointer<Node>) -> Void) {
        body(nodeBase + Int(index))
    }

    @inlinable @inline(__always)
    static func count(_ node: inout Node, serial: UInt32) {
        // Counts of values cannot reach `Int.max`: no overflow check.
        node.count &+= 1
        if node.documentStamp != serial {
            node.documentStamp = serial
            node.documents &+= 1
        }
    }

    /// Appends a node (journal-free: it is past the checkpoint), or nil over the path limit.
    @usableFromInline
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
    @inlinable @inline(__always)
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
    @inlinable @inline(__always)
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
    @usableFromInline
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

    @usableFromInline
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

    @inlinable
    mutating func itemNode(of parent: Int32) -> Int32 {
        let items = nodeBase[Int(parent)].items
        if items >= 0 { return items }
        guard let index = newNode(parent: parent, key: nil) else { return -1 }
        nodeBase[Int(parent)].items = index
        return index
    }

    // MARK: JSONVisitor

    @inlinable
    mutating func beginObject() {
        flushRun()
        let node = current
        if node >= 0 { record(node) { $0.pointee.objects += 1 } }
        if stack.isEmpty { root.isObject = true }
        stack.append(node)
    }

    /// Finds the member's node. `current` still holds the node of the previous member's value
    /// (the containers' ends restore it), or the object's own node before its first key.
    @inlinable @inline(__always)
    mutating func key(_ key: JSONStringToken) {
        let parent = stack.last
        if stack.count == 1 { noteRootKey(key) }
        guard parent >= 0 else {
            current = -1
            return
        }
        let previous = current
        if key.hasEscapes {
            scratch.removeAll(keepingCapacity: true)
            key.forEachDecodedByte { scratch.append($0) }
            current = scratch.withUnsafeBytes { child(of: parent, key: $0, after: previous) }
        } else {
            current = child(of: parent, key: key.raw, after: previous)
        }
    }

    @inlinable @inline(__always)
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

    @inlinable
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

    @inlinable
    mutating func beginArray() {
        flushRun()
        let node = current
        if node >= 0 { record(node) { $0.pointee.arrays += 1 } }
        if stack.count == 1, root.awaiting == 1 { root.hasError = true }
        stack.append(node)
    }

    @inlinable @inline(__always)
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

    @inlinable @inline(__always)
    mutating func endArray(count: Int) {
        flushRun()
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

    @inlinable
    mutating func string(_ token: JSONStringToken) {
        flushRun()
        if stack.count == 1 {
            if root.awaiting == 1 { root.hasError = true }
            if root.awaiting == 2, token.equals(literal: "error") { root.typeIsError = true }
        }
        let node = current
        guard node >= 0 else { return }
        let length = token.utf8Count
        touch(node)
        // A value already in the closed set has its format cached: constants are not re-guessed.
        // (`observeEnum` adds closed-set entries, never nodes: `target` stays valid.)
        let format: StringFormat
        let target = nodeBase + Int(node)
        if !target.pointee.enumGivenUp {
            // Most strings repeat the value last seen here: tried first, then the whole set.
            let hint = target.pointee.enumHint
            if hint >= 0, let cached = enumEntryFormat(hint, ifEqualTo: token) {
                pendingEnum.append(hint)
                format = cached
            } else {
                format = observeEnum(node, token)
            }
        } else if target.pointee.strings >= Self.formatGuessLimit, target.pointee.formats[.none] == target.pointee.strings {
            format = .none  // free text: no format in the first strings, none guessed any more
        } else {
            format = StringFormat.guess(token)
        }
        Self.count(&target.pointee, serial: shape.serial)
        target.pointee.strings &+= 1
        let length32 = Int32(clamping: length)
        target.pointee.stringMin = min(target.pointee.stringMin, length32)
        target.pointee.stringMax = max(target.pointee.stringMax, length32)
        target.pointee.stringSum &+= length
        target.pointee.formats.addOne(format)
        if length >= shape.watchedMinimumLength, length <= shape.watchedMaximumLength { observeWatched(node, token) }
    }

    /// Binary data (a multipart file): a string with format `binary`, never read.
    @usableFromInline
    mutating func binary() {
        flushRun()
        let node = current
        guard node >= 0 else { return }
        reach(node)
        let i = Int(node)
        shape.nodes[i].strings += 1
        shape.nodes[i].formats.add(.binary)
        shape.nodes[i].enumGivenUp = true
        shape.nodes[i].stringMin = min(shape.nodes[i].stringMin, 0)
    }

    /// Counts `token` in the closed set of `node` (at commit) and returns its format: cached
    /// for a known value, guessed for a new one. Gives the set up past its bounds.
    @usableFromInline
    mutating func observeEnum(_ node: Int32, _ token: JSONStringToken) -> StringFormat {
        let i = Int(node)
        let length = token.utf8Count
        guard length <= ShapeLimits.enumMaximumValueLength else {
            nodeBase[i].enumGivenUp = true
            return StringFormat.guess(token)
        }
        let head = nodeBase[i].enumHead
        if head >= 0 {
            let found = shape.enumEntries.withUnsafeBufferPointer { entries in
                shape.enumBytes.withUnsafeBytes { bytes in Self.findEnumEntry(head, token, entries: entries, bytes: bytes) }
            }
            if found >= 0 {
                pendingEnum.append(found)
                nodeBase[i].enumHint = found
                return shape.enumEntries[Int(found)].format
            }
        }
        let format = StringFormat.guess(token)
        guard Int(nodeBase[i].enumDistinct) < ShapeLimits.enumMaximumValues else {
            nodeBase[i].enumGivenUp = true
            return format
        }
        let offset = Int32(shape.enumBytes.count)
        if token.hasEscapes {
            token.forEachDecodedByte { shape.enumBytes.append($0) }
        } else {
            shape.enumBytes.append(contentsOf: token.raw)
        }
        let index = Int32(shape.enumEntries.count)
        shape.enumEntries.append(EnumEntry(
            offset: offset, length: Int32(shape.enumBytes.count) - offset, count: 0, next: head, format: format))
        nodeBase[i].enumHead = index
        nodeBase[i].enumDistinct += 1
        nodeBase[i].enumHint = index
        pendingEnum.append(index)
        return format
    }

    /// The cached format of closed-set entry `entry` when its value equals `token` (compared in
    /// place; nil for a token with escapes, left to `observeEnum`).
    @inlinable @inline(__always)
    func enumEntryFormat(_ entry: Int32, ifEqualTo token: JSONStringToken) -> StringFormat? {
        let length = token.utf8Count
        if token.hasEscapes { return nil }
        return shape.enumEntries.withUnsafeBufferPointer { entries -> StringFormat? in
            let e = entries.baseAddress! + Int(entry)
            guard Int(e.pointee.length) == length else { return nil }
            if length == 0 { return e.pointee.format }
            let same = shape.enumBytes.withUnsafeBytes { bytes in
                Shape.bytesEqual(bytes.baseAddress! + Int(e.pointee.offset), token.raw.baseAddress!, length)
            }
            return same ? e.pointee.format : nil
        }
    }

    /// The entry of the list starting at `head` whose value equals `token`, or -1: lengths
    /// first, then the bytes in place (decoded only when the token has escapes).
    @inlinable @inline(__always)
    static func findEnumEntry(
        _ head: Int32, _ token: JSONStringToken, entries: UnsafeBufferPointer<EnumEntry>, bytes: UnsafeRawBufferPointer
    ) -> Int32 {
        let length = token.utf8Count
        var entry = head
        while entry >= 0 {
            let e = entries.baseAddress! + Int(entry)
            if Int(e.pointee.length) == length {
                if length == 0 { return entry }
                let stored = bytes.baseAddress! + Int(e.pointee.offset)
                if token.hasEscapes {
                    if token.equals(UnsafeRawBufferPointer(start: stored, count: length)) { return entry }
                } else if Shape.bytesEqual(stored, token.raw.baseAddress!, length) {
                    return entry
                }
            }
            entry = e.pointee.next
        }
        return -1
    }

    /// Notes the watched values `token` equals (counted at commit): the values are read in
    /// place, through one buffer of the list (no copy of a value, no bounds checks).
    @usableFromInline
    mutating func observeWatched(_ node: Int32, _ token: JSONStringToken) {
        let length = token.utf8Count
        shape.watched.withUnsafeBufferPointer { watched in
            let width = watched.count
            for index in 0..<width where watched[index].count == length {
                let same = watched[index].withUnsafeBytes { value in
                    token.hasEscapes ? token.equals(value) : length == 0 || Shape.bytesEqual(value.baseAddress!, token.raw.baseAddress!, length)
                }
                if same { pendingWatch.append(node &* Int32(truncatingIfNeeded: width) &+ Int32(truncatingIfNeeded: index)) }
            }
        }
    }

    /// Counts one number: into the pending run when one is open at its node, else straight
    /// into the node (a member's value, an array's first item): the same statistics as a run of
    /// one flushed there (counts add up; `min` keeps the first of equal values and `max` the
    /// last, whatever the grouping), without opening a run only to flush it at the next value.
    @inlinable @inline(__always)
    mutating func number(_ token: JSONNumberToken) {
        if stack.count == 1, root.awaiting == 1 { root.hasError = true }
        let node = current
        guard node >= 0 else { return }
        // Exact for integers that fit: `Double(significand)`, as `Double(int64Value)` gives.
        let value = token.approximateDoubleValue
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
    @inlinable @inline(__always)
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

    @inlinable @inline(__always)
    mutating func bool(_ value: Bool) {
        flushRun()
        if stack.count == 1, root.awaiting == 1 { root.hasError = true }
        let node = current
        guard node >= 0 else { return }
        record(node) { n in
            if value { n.pointee.trues += 1 } else { n.pointee.falses += 1 }
        }
    }

    @inlinable @inline(__always)
    mutating func null() {
        flushRun()
        let node = current
        guard node >= 0 else { return }
        record(node) { $0.pointee.nulls += 1 }
    }
}

extension Shape {
    /// Compares `count` bytes in place: words for keys of 4 bytes or more, no call to libc.
    @inlinable @inline(__always)
    static func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        if count >= 8 {
            var offset = 0
            while offset + 8 <= count {
                if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                    return false
                }
                offset += 8
            }
            return offset == count
                || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for offset in 0..<count where a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) {
            return false
        }
        return true
    }

    /// The first eight bytes of `key`, zero-padded, read without going past its end: keys of 4 to
    /// 7 bytes as two overlapping 4-byte words, keys of 1 to 3 bytes as their first, middle and
    /// last byte (overlapping bytes are equal, so OR-ing them is exact).
    @inlinable @inline(__always)
    static func keyPrefix(_ key: UnsafeRawBufferPointer) -> UInt64 {
        let count = key.count
        guard count > 0, let p = key.baseAddress else { return 0 }
        if count >= 8 { return p.loadUnaligned(as: UInt64.self) }
        if count >= 4 {
            let low = UInt64(p.loadUnaligned(as: UInt32.self))
            let high = UInt64(p.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return low | high << UInt64((count - 4) << 3)
        }
        let middle = count >> 1
        return UInt64(p.load(as: UInt8.self))
            | UInt64(p.load(fromByteOffset: middle, as: UInt8.self)) << UInt64(middle << 3)
            | UInt64(p.load(fromByteOffset: count - 1, as: UInt8.self)) << UInt64((count - 1) << 3)
    }

    /// True when node `index`'s key equals `key`.
    @inlinable
    func keyMatches(_ index: Int32, _ key: UnsafeRawBufferPointer) -> Bool {
        let i = Int(index)
        guard Int(nodes[i].keyLength) == key.count else { return false }
        if key.isEmpty { return true }
        let offset = Int(nodes[i].keyOffset)
        return keyBytes.withUnsafeBytes { bytes in
            Self.bytesEqual(bytes.baseAddress! + offset, key.baseAddress!, key.count)
        }
    }
}
