import JSONScanning
import Framing

/// The shapes of one (model, endpoint): one `Shape` per `ShapeKind`, built row by row from
/// logged bodies, with counts of what was scanned and what was rejected and why.
///
/// Routing: request bodies → `.request`; with status ≥ 400, every response document → `.error`;
/// a response document whose top level is error-shaped (a non-null `error` member among at most
/// four, or `"type": "error"`) → `.error`; SSE events → `.responseStream(event:)` by `event:`
/// name (`message` when unnamed); NDJSON lines → `.responseStream(event: "message")`; AWS event
/// stream frames → `.responseStream(event:)` by `:event-type` (a Bedrock `chunk`'s decoded event
/// unnamed), exception frames → `.error`; with `arrayStreams`, the elements of a response that is
/// a top-level JSON array → `.responseStream(event: "message")`; a plain JSON response →
/// `.response`. Multipart bodies become one object document of their fields.
///
/// Rejections are counted by stable snake_case reason: the scanner's reasons (`truncated`,
/// `invalid_utf8`, `too_deep`, `nan`, `unexpected_character`, `trailing_garbage`, …) for
/// documents that fail, and the body format for bodies that are not scanned (`empty`, `text`,
/// `html`, `binary`, `multipart` without fields), and the framer's reasons for frames of binary
/// and array streams (`bad_prelude_crc`, `bad_message_crc`, … see `FrameRejection`). A rejected
/// document is skipped whole. A successful response in plain text is counted in `textResponses`
/// instead (never scanned).
public struct ShapeSet: Sendable {
    /// Strings counted per string path in every shape (e.g. the key's model name).
    public let watchedValues: [String]
    /// Bounds of every shape.
    public let limits: ShapeLimits
    /// Frame a successful response that is a top-level JSON array as a stream of its elements
    /// (the key's API declares `json_array` streams, e.g. Gemini's `streamGenerateContent`); a
    /// top-level array is otherwise one response document.
    public let arrayStreams: Bool
    /// Rows added.
    public private(set) var rows = 0
    /// Rows whose call failed (HTTP status 400 or above): their requests may lack what the API
    /// requires, which is often why they failed.
    public private(set) var failedRows = 0
    /// Bytes of bodies that were framed as JSON, SSE, NDJSON or multipart.
    public private(set) var bytesScanned = 0
    /// Rejected documents and bodies, by reason.
    public private(set) var rejected: [String: Int] = [:]
    /// Successful responses (status below 400, or none logged) that are plain text: traffic of an
    /// API asked for a plain-text answer (a transcription in `text`, `srt` or `vtt` format), not
    /// rejections; the matcher decides whether the requests asked for it.
    public private(set) var textResponses = 0
    /// Bodies seen per format, requests and responses together.
    public private(set) var bodyFormats: [BodyFormat: Int] = [:]
    /// SSE `[DONE]` sentinels, comments and empty events skipped (not rejections).
    public private(set) var skippedStreamParts = 0
    /// Documents that started with a UTF-8 BOM (tolerated).
    public private(set) var bomBodies = 0

    /// One builder per kind, in order of first appearance; `index` finds them.
    var builderList: [ShapeBuilder] = []
    var builderKinds: [ShapeKind] = []
    var index: [ShapeKind: Int] = [:]
    var requestSlot: Int?
    var responseSlot: Int?
    var errorSlot: Int?
    /// Scan a multi-document body's documents in runs, one per builder (see `addRunDocument`);
    /// false scans each as its own document (the simple path, for tests).
    var scansRuns = true
    /// The runs open in the body being added, and the documents they hold, in body order
    /// (kept across bodies for their storage).
    var openRuns: [StreamRun] = []
    var runDocuments: [RunDocument] = []
    /// The builders of the first stream event names seen (nil: unnamed), so that an event is
    /// routed without hashing its kind (see `streamBuilder(for:)`).
    var streamSlots: [StreamSlot] = []

    /// The builder of one stream event name.
    struct StreamSlot: Sendable {
        /// Names kept; events of later names are routed through `builder(for:)`.
        static let kept = 16
        var event: String?
        var slot: Int
    }

    /// Documents of one body scanned into one builder under one checkpoint.
    struct StreamRun: Sendable {
        var slot: Int
        /// The run's first document in `runDocuments` (later entries of other slots are not its).
        var firstDocument: Int
        var documents: Int
    }

    /// Where a document of a run lies in its body.
    struct RunDocument: Sendable {
        var slot: Int
        var offset: Int
        var count: Int
    }

    public init(watching watchedValues: [String] = [], limits: ShapeLimits = ShapeLimits(), arrayStreams: Bool = false) {
        self.watchedValues = watchedValues
        self.limits = limits
        self.arrayStreams = arrayStreams
    }

    /// The kinds that have a shape, in a stable order.
    public var kinds: [ShapeKind] { builderKinds.sorted() }

    /// The shape of `kind`, if any document of that kind was accepted (or rejected).
    public subscript(kind: ShapeKind) -> Shape? { index[kind].map { builderList[$0].shape } }

    /// Every shape by kind.
    public var shapes: [ShapeKind: Shape] { index.mapValues { builderList[$0].shape } }

    /// Accepted documents per kind.
    public var documents: [ShapeKind: Int] { index.mapValues { builderList[$0].shape.documentCount } }

    /// Rejections in total.
    public var rejectedCount: Int { rejected.values.reduce(0, +) }

    /// Adds one logged row. Either body may be nil (NULL in the log).
    public mutating func add(
        request: UnsafeRawBufferPointer?, response: UnsafeRawBufferPointer?, status: Int?,
        requestContentType: String? = nil, responseContentType: String? = nil
    ) {
        rows += 1
        if let status, status >= 400 { failedRows += 1 }
        if let request { addBody(request, isRequest: true, status: status, contentType: requestContentType) }
        if let response { addBody(response, isRequest: false, status: status, contentType: responseContentType) }
    }

    /// The rejection reason of a body too large to read (the reader left it out).
    public static let tooLarge = "too_large"

    /// Counts `count` bodies rejected for `reason` without scanning them.
    public mutating func reject(_ reason: String, count: Int = 1) {
        rejected[reason, default: 0] += count
    }

    /// Adds one logged row from byte arrays (convenience for tests and small callers).
    public mutating func add(request: [UInt8]?, response: [UInt8]?, status: Int?, requestContentType: String? = nil, responseContentType: String? = nil) {
        func with(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Void) {
            if let bytes { bytes.withUnsafeBytes { body($0) } } else { body(nil) }
        }
        with(request) { request in
            with(response) { response in
                add(request: request, response: response, status: status,
                    requestContentType: requestContentType, responseContentType: responseContentType)
            }
        }
    }

    /// Adds one body: its format decided first (the framer's), then its documents routed to
    /// their builders, or its form fields, or its rejection counted.
    mutating func addBody(_ body: UnsafeRawBufferPointer, isRequest: Bool, status: Int?, contentType: String?) {
        let isError = !isRequest && (status ?? 0) >= 400
        let kind: ShapeKind = isRequest ? .request : isError ? .error : .response
        var format = BodyFramer.format(of: body, contentType: contentType)
        if arrayStreams, format == .json, kind == .response, BodyFramer.startsWithArray(body) { format = .jsonArray }
        bodyFormats[format, default: 0] += 1
        if BodyFramer.startsWithBOM(body) { bomBodies += 1 }
        switch format {
        case .json:
            bytesScanned += body.count
            addDocument(body, slot: builder(for: kind), reroutesErrors: kind == .response)
        case .sse, .ndjson, .awsEventStream, .jsonArray:
            bytesScanned += body.count
            addStream(body, format: format, kind: kind)
        case .multipart:
            var fields: [FormField] = []
            let count = BodyFramer.formFields(body, contentType: contentType) { fields.append($0) }
            if count == nil {
                rejected["multipart", default: 0] += 1
            } else {
                bytesScanned += body.count
                builderList[builder(for: kind)].addForm(fields)
            }
        case .text where kind == .response:
            textResponses += 1
        case .empty, .text, .html, .binary:
            rejected[format.rawValue, default: 0] += 1
        }
    }

    /// Adds the documents of a stream body: a response's events go to the builder of their
    /// event name, a request's or an error's to `kind`'s; documents in the body are scanned in
    /// runs, one per builder (see `addRunDocument`).
    mutating func addStream(_ body: UnsafeRawBufferPointer, format: BodyFormat, kind: ShapeKind) {
        // The builder of the last stream event: events of one body repeat a few names (the
        // framer hands out the same string for a repeated name, so comparing is cheap).
        var streamSlot = -1
        var streamEvent: String?
        let framing = BodyFramer.frame(body, as: format) { document in
            let slot: Int
            if kind != .response || document.isError {
                slot = builder(for: document.isError ? .error : kind)
            } else if streamSlot >= 0, document.event == streamEvent {
                slot = streamSlot
            } else {
                slot = streamBuilder(for: document.event)
                streamSlot = slot
                streamEvent = document.event
            }
            if scansRuns, let offset = document.offset {
                addRunDocument(body, document.bytes, offset: offset, slot: slot, reroutesErrors: kind == .response)
            } else {
                if !openRuns.isEmpty { finishRun(slot: slot) }
                addDocument(document.bytes, slot: slot, reroutesErrors: kind == .response)
            }
        }
        for run in openRuns { builderList[run.slot].finishRun(documents: run.documents) }
        openRuns.removeAll(keepingCapacity: true)
        runDocuments.removeAll(keepingCapacity: true)
        skippedStreamParts += framing.skippedDone + framing.skippedComments + framing.skippedEmpty
        for (reason, count) in framing.rejected { rejected[reason.name, default: 0] += count }
    }

    /// Scans one document into the builder at `slot` (see `builder(for:)`); an error-shaped
    /// document is moved to the error shape when `reroutesErrors`.
    mutating func addDocument(_ bytes: UnsafeRawBufferPointer, slot: Int, reroutesErrors: Bool) {
        var reroute = false
        do throws(JSONScanError) {
            try builderList[slot].scanDocumentRouting(bytes, reroutesErrors: reroutesErrors, rerouted: &reroute)
        } catch {
            rejected[error.reason.name, default: 0] += 1
            return
        }
        if reroute {
            // Rolled back in `kind`; the document was valid, so this cannot fail.
            let errors = builder(for: .error)
            if !openRuns.isEmpty { finishRun(slot: errors) }
            try? builderList[errors].add(bytes)
        }
    }

    /// Scans `bytes`, the document at `offset` of `body`, as the next of its builder's run. A document
    /// that fails, or is rerouted as an error, rolls the whole run back: the run's earlier
    /// documents are then added again one by one, and this one as `addDocument` adds it, so
    /// every shape, count and rejection is the one the simple path gives.
    @inline(__always)
    mutating func addRunDocument(_ body: UnsafeRawBufferPointer, _ bytes: UnsafeRawBufferPointer, offset: Int, slot: Int, reroutesErrors: Bool) {
        var position = openRuns.count - 1
        while position >= 0, openRuns[position].slot != slot { position -= 1 }
        var end = ShapeBuilder.RunDocumentEnd.rolledBack
        do throws(JSONScanError) {
            end = try builderList[slot].scanRunDocument(bytes, first: position < 0, reroutesErrors: reroutesErrors)
        } catch {}  // the run was rolled back: `end` stays `.rolledBack`
        switch end {
        case .open:
            if position >= 0 {
                openRuns[position].documents += 1
            } else {
                openRuns.append(StreamRun(slot: slot, firstDocument: runDocuments.count, documents: 1))
            }
            runDocuments.append(RunDocument(slot: slot, offset: offset, count: bytes.count))
        case .mapCandidates:
            builderList[slot].finishRun(documents: position >= 0 ? openRuns[position].documents + 1 : 1)
            if position >= 0 { openRuns.remove(at: position) }
        case .rolledBack:
            // Failed or error-shaped, rolled back to before the run: its documents are added
            // again, then this one, singly.
            if position >= 0 {
                let run = openRuns.remove(at: position)
                for index in run.firstDocument..<runDocuments.count where runDocuments[index].slot == slot {
                    let document = runDocuments[index]
                    addDocument(UnsafeRawBufferPointer(rebasing: body[document.offset..<document.offset + document.count]), slot: slot, reroutesErrors: reroutesErrors)
                }
            }
            addDocument(bytes, slot: slot, reroutesErrors: reroutesErrors)
        }
    }

    /// Commits the open run of the builder at `slot`, if any.
    mutating func finishRun(slot: Int) {
        for (index, run) in openRuns.enumerated() where run.slot == slot {
            builderList[slot].finishRun(documents: run.documents)
            openRuns.remove(at: index)
            return
        }
    }

    /// The position of the builder for `kind`, created when new. (Stream events come through
    /// `streamBuilder(for:)`, which keeps the first names' builders.)
    mutating func builder(for kind: ShapeKind) -> Int {
        switch kind {
        case .request: if let slot = requestSlot { return slot }
        case .response: if let slot = responseSlot { return slot }
        case .error: if let slot = errorSlot { return slot }
        case .responseStream: break
        }
        let position: Int
        if let found = index[kind] {
            position = found
        } else {
            position = builderList.count
            var builder = ShapeBuilder(shape: Shape(watching: watchedValues, limits: limits))
            // Token counts are compared in answers only (responses and stream events).
            builder.capturesNumbers = kind != .request && kind != .error
            builderList.append(builder)
            builderKinds.append(kind)
            index[kind] = position
            switch kind {
            case .request: requestSlot = position
            case .response: responseSlot = position
            case .error: errorSlot = position
            case .responseStream: break
            }
        }
        return position
    }

    /// The position of the builder for stream events named `event` (`message` when nil).
    mutating func streamBuilder(for event: String?) -> Int {
        for position in streamSlots.indices where streamSlots[position].event == event { return streamSlots[position].slot }
        let slot = builder(for: .responseStream(event: event ?? "message"))
        if streamSlots.count < StreamSlot.kept { streamSlots.append(StreamSlot(event: event, slot: slot)) }
        return slot
    }

    /// Adds everything `other` recorded: the shapes of each kind merged, counts summed.
    public mutating func merge(_ other: ShapeSet) {
        rows += other.rows
        failedRows += other.failedRows
        bytesScanned += other.bytesScanned
        skippedStreamParts += other.skippedStreamParts
        bomBodies += other.bomBodies
        textResponses += other.textResponses
        rejected.merge(other.rejected, uniquingKeysWith: +)
        bodyFormats.merge(other.bodyFormats, uniquingKeysWith: +)
        for (kind, position) in other.index {
            builderList[builder(for: kind)].merge(other.builderList[position].shape)
        }
    }

    /// A fingerprint of every shape's structure (see `Shape.structureHash`), kinds in order.
    public var structureHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for kind in kinds {
            guard let shape = self[kind], shape.documentCount > 0 else { continue }
            for byte in "\(kind)=\(shape.structureHashHex)\n".utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        if textResponses > 0 {
            for byte in "text responses\n".utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return hash
    }
}

extension ShapeBuilder {
    /// Scans one document; when `reroutesErrors` and the document is error-shaped, rolls it
    /// back and sets `rerouted` instead of committing. (Validating small documents first to
    /// skip the journal was measured slower: the journal stays.)
    mutating func scanDocumentRouting(_ bytes: UnsafeRawBufferPointer, reroutesErrors: Bool, rerouted: inout Bool) throws(JSONScanError) {
        try scanUncommitted(bytes)
        if reroutesErrors, root.isErrorShaped {
            rollbackDocument()
            rerouted = true
        } else {
            commitDocument()
        }
    }
}

extension ShapeSet: CustomStringConvertible {
    /// Counts only: rows, documents per kind, bytes, rejections. No values.
    public var description: String {
        let documents = kinds.map { "\($0): \(self[$0]?.documentCount ?? 0)" }.joined(separator: ", ")
        let rejected = self.rejected.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return "ShapeSet(rows: \(rows), documents: [\(documents)], bytesScanned: \(bytesScanned), rejected: [\(rejected)])"
    }
}

