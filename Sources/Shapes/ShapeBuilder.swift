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
struct ShapeBuilder: JSONNumberRunVisitor, Sendable {
    var shape: Shape
    /// `shape.nodes` made unique and lent for the document being scanned (see
    /// `NodeArena.uniqueBase()`): refreshed by `beginDocument()` and after every new node.
    var nodeBase: UnsafeMutablePointer<Node> {
        @inline(__always) get { lent.base }
        @inline(__always) set { lent.base = newValue }
    }
    var lent: LentNodes
    var stack = ScratchStack<Int32>(capacity: 16)
    /// The node that receives the next value; -1 when the value is dropped (over a limit).
    var current: Int32 = 0
    /// This document's saved nodes, each copy's `journalStamp` holding the index it came from
    /// (the stack keeps its storage across documents, and emptying it is just a reset).
    var journal = ScratchStack<Node>(capacity: 8)
    /// Closed-set entries and watch slots hit by this document, counted at commit.
    var pendingEnum = ScratchStack<Int32>(capacity: 16)
    var pendingWatch = ScratchStack<Int32>(capacity: 4)
    /// Shared by the four scratch stacks above (see `ScratchOwner`).
    var scratchOwner = ScratchOwner()
    var mapChecks: [Int32] = []
    var checkpoint = Checkpoint()
    /// The serial of the document that began the journal (a run's first document): a node whose
    /// `journalStamp` equals it has its copy in the journal already.
    var journalEpoch: UInt32 = 0
    /// What the document's root looks like, for routing error bodies.
    var root = RootSummary()
    /// Numbers at one node in a row (an array of numbers), summed before touching the node.
    var run = NumberRun()
    /// The last array whose item node was looked up, and that item node.
    var cachedArray: Int32 = -1
    var cachedItem: Int32 = -1
    /// Integers of the documents not yet committed, for the shape's `NumberSamples`.
    var capture = NumberCapture()
    /// False for shapes whose numbers nothing compares (requests, errors): no capture at all.
    var capturesNumbers = true
    /// Arrays open around the current value (integers inside arrays are not captured).
    var arrayDepth: Int32 = 0

    /// After this many strings at a path without a recognised format, formats are no longer
    /// guessed there (free text such as message content; a format needs ≥ 95% anyway).
    static let formatGuessLimit = 64

    /// Statistics of consecutive numbers at `node`, not yet added to it.
    struct NumberRun: Sendable {
        var node: Int32 = -1
        var statistics = JSONNumberStatistics()
        init() {}
    }

    struct Checkpoint: Sendable {
        var nodes = 0
        var keyBytes = 0
        var enumEntries = 0
        var enumBytes = 0
        var watchHits = 0
        var droppedPaths = 0
        var droppedKeys = 0
        var garbage = 0
        init() {}
    }

    /// The base address of the builder's own node storage. Sendable because it is only written
    /// through between `beginDocument()` (which makes the storage unique and refreshes it) and the
    /// end of that document, on the thread scanning it; a copy of the builder refreshes it too.
    struct LentNodes: @unchecked Sendable {
        var base: UnsafeMutablePointer<Node>
        init(base: UnsafeMutablePointer<Node>) { self.base = base }
    }

    /// The top level of the last document: enough to tell an error body from a success.
    struct RootSummary: Sendable {
        var isObject = false
        var members = 0
        var hasError = false
        var typeIsError = false
        var awaiting: UInt8 = 0  // 1: value of `error`, 2: value of `type`
        init() {}

        /// A top-level object whose main member is a non-null `error` (few other members), or
        /// whose `type` is `"error"`.
        var isErrorShaped: Bool { isObject && ((hasError && members <= 4) || typeIsError) }
    }

    init(shape: Shape) {
        self.shape = shape
        lent = LentNodes(base: self.shape.nodes.uniqueBase())
    }

    // MARK: Documents

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
        arrayDepth = 0
        capture.reset(active: capturesNumbers && !shape.numberSamples.isFull)
    }

    /// Adds the pending run of numbers to its node (journaled when the run started).
    @inline(__always)
    mutating func flushRun() {
        if run.node >= 0 { flushRunSlow() }
    }

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

    mutating func commitDocument() {
        flushRun()
        commitNumberCapture()
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
            capture.pathNumbers.removeAll()
        }
    }

    mutating func rollbackDocument() {
        run = NumberRun()
        capture.reset(active: capturesNumbers && !shape.numberSamples.isFull)
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
    mutating func add(_ bytes: UnsafeRawBufferPointer) throws(JSONScanError) {
        try scanUncommitted(bytes)
        commitDocument()
    }

    /// Scans `bytes` into the shape and leaves the document open: the caller then calls
    /// `commitDocument()` or `rollbackDocument()` (after looking at `root`). On a scan error the
    /// document is already rolled back.
    mutating func scanUncommitted(_ bytes: UnsafeRawBufferPointer) throws(JSONScanError) {
        beginDocument()
        try scanOrRollBack(bytes)
    }

    /// Scans `bytes` into the open document; on a scan error rolls it back and throws.
    mutating func scanOrRollBack(_ bytes: UnsafeRawBufferPointer) throws(JSONScanError) {
        capture.documentSize = bytes.count
        var scanner = JSONScanner(bytes, maximumDepth: shape.limits.maximumDepth)
        do {
            try scanner.scan(summarizingRunsInto: &self)
        } catch {
            rollbackDocument()
            throw error
        }
    }

    /// Gives a copied builder scratch stacks of its own, empty, and a token of its own.
    mutating func renewScratch() {
        scratchOwner = ScratchOwner()
        pendingEnum.renew()
        pendingWatch.renew()
        stack.renew()
        journal.renew()
    }
}
