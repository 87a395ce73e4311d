import JSONScanning

/// Runs: the documents of one stream that go to one builder, scanned under one checkpoint.
///
/// A stream's events repeat their paths, so with a checkpoint per document the journal copies
/// the same nodes again for every event. In a run, the journal keeps each node's copy from
/// before the run's first document (the journal's epoch is the run's, while each document gets its
/// own serial): a rollback restores the shape as it was before the whole run. Each
/// document still gets its own serial (per-node document counts), its own root summary and its
/// own end (`flushRun()`); what a commit applies (closed-set and watched-value hits, the
/// document count, map detection) waits for `finishRun(documents:)`, which the caller calls
/// before any document that found a map candidate goes on. The caller replays the run's earlier
/// documents one by one after a rollback, so a failed document rolls back only itself.
extension ShapeBuilder {
    /// How a document of a run ended.
    enum RunDocumentEnd {
        /// Scanned; the run goes on.
        case open
        /// Scanned, and it found an object to check for a map: the caller finishes the run
        /// before the next document (a commit may collapse the object).
        case mapCandidates
        /// Error-shaped (with `reroutesErrors`): the whole run was rolled back, as a scan error
        /// (thrown) rolls it back.
        case rolledBack
    }

    /// Scans `bytes` as the next document of a run (`first`: it begins one) and ends it, not
    /// committed. A scan error rolls the whole run back and is thrown; an error-shaped document
    /// (with `reroutesErrors`) rolls it back too and returns `.rolledBack`.
    @inline(__always)
    mutating func scanRunDocument(_ bytes: UnsafeRawBufferPointer, first: Bool, reroutesErrors: Bool) throws(JSONScanError) -> RunDocumentEnd {
        if first { beginDocument() } else { continueRun() }
        try scanOrRollBack(bytes)
        if reroutesErrors, root.isErrorShaped {
            rollbackDocument()
            return .rolledBack
        }
        flushRun()
        endNumberCapture()
        return mapChecks.isEmpty ? .open : .mapCandidates
    }

    /// Commits the run's `documents` documents (each was ended by `scanRunDocument`).
    mutating func finishRun(documents: Int) {
        shape.documentCount += documents - 1
        commitDocument()
    }

    /// Starts the next document of a run: a new serial, the journal, its epoch and the checkpoint
    /// kept.
    @inline(__always)
    mutating func continueRun() {
        shape.serial &+= 1
        if shape.serial == 0 { shape.serial = 1 }
        nodeBase = shape.nodes.uniqueBase()
        stack.empty()
        current = 0
        root = RootSummary()
        run = NumberRun()
        cachedArray = -1
        cachedItem = -1
        arrayDepth = 0
    }
}
