import Catalog
import JSONScanning
import Framing

extension Normalizer {
    /// Reads the request: JSON with the request program; a multipart form, when the map says
    /// `request_forms`, as the flat object of its fields.
    func readRequest(_ body: UnsafeRawBufferPointer, contentType: String?, into draft: inout Draft, work: Workspace) {
        let format = BodyFramer.format(of: body, contentType: contentType)
        switch format {
        case .json:
            guard !compiled.request.isEmpty else { return }
            defer { work.request.reset() }
            if let error = Self.scan(body, with: &work.request) {
                draft.issue(FieldIssue(role: nil, body: .request, path: nil, kind: .unreadableBody(reason: error.reason.name, offset: error.offset)))
                return
            }
            work.request.collectTouched()
            for index in work.request.touched { apply(index, &work.request, body: .request, into: &draft) }
        case .multipart where compiled.fieldMap.requestForms:
            readForm(body, contentType: contentType, into: &draft)
        default:
            draft.issue(FieldIssue(role: nil, body: .request, path: nil, kind: .unexpectedFormat(format.rawValue)))
        }
    }

    /// Reads a response: a JSON document (success or error), a stream (SSE, NDJSON, AWS event
    /// stream, or a JSON array where the map declares `json_array`), or plain text
    /// (FIELD_MAP.md section 2.3).
    func readResponse(_ body: UnsafeRawBufferPointer, contentType: String?, status: Int?, into draft: inout Draft, work: Workspace) {
        var format = BodyFramer.format(of: body, contentType: contentType)
        let kind: BodyKind = (status ?? 0) >= 400 ? .error : .response
        // A top-level array is a stream of its elements where the map says the API streams so.
        if format == .json, kind == .response, compiled.framesArrayStreams, BodyFramer.startsWithArray(body) { format = .jsonArray }
        switch format {
        case .json:
            defer { work.response.reset() }
            if let error = Self.scan(body, with: &work.response) {
                draft.issue(FieldIssue(role: nil, body: kind, path: nil, kind: .unreadableBody(reason: error.reason.name, offset: error.offset)))
                return
            }
            work.response.collectTouched()
            for index in work.response.touched {
                // Error bindings read error bodies; response bindings (an error role's included)
                // read success bodies.
                guard compiled.response.infos[Int(index)].body == kind else { continue }
                apply(index, &work.response, body: kind, into: &draft)
            }
        case .sse, .ndjson, .awsEventStream, .jsonArray:
            guard compiled.fieldMap.stream != nil else {
                draft.issue(FieldIssue(role: nil, body: kind, path: nil, kind: .unexpectedFormat(format.rawValue)))
                return
            }
            readStream(body, format: format, into: &draft, work: work)
        case .text where kind == .response && compiled.readsPlainText
            && (Self.declaresPlainText(contentType) || draft.requestedPlainText):
            draft.record.outputText = String(decoding: body, as: UTF8.self)
            draft.note(confidence: compiled.fieldMap[.outputText]?.confidence, of: .outputText)
        case .text where kind == .error:
            let text = String(decoding: body, as: UTF8.self).trimmingWhitespace()
            if !text.isEmpty { draft.record.errorMessage = text }
        default:
            draft.issue(FieldIssue(role: nil, body: kind, path: nil, kind: .unexpectedFormat(format.rawValue)))
        }
    }

    /// Re-assembles a stream (FIELD_MAP.md section 5): every event is scanned with the stream
    /// program; each binding's values combine across events as its `assemble` says, into the
    /// draft of its place in the order of section 5.4; the drafts then fill the record in order.
    func readStream(_ body: UnsafeRawBufferPointer, format: BodyFormat, into draft: inout Draft, work: Workspace) {
        var state = StreamState(drafts: Array(repeating: Draft(), count: compiled.streamDrafts), specCount: compiled.stream.specs.count)
        defer { work.stream.reset() }
        _ = BodyFramer.frame(body, as: format) { document in
            readEvent(document, work: work, state: &state)
        }
        for (index, text) in state.concatenated {
            let info = compiled.stream.infos[Int(index)]
            applyValues(index, program: compiled.stream, values: [.string(text)], rank: 0, rejected: nil, body: .responseStream,
                        into: &state.drafts[Int(info.draft)])
        }
        draft.record.isStream = true
        for var level in state.drafts {
            if !level.deltaCalls.isEmpty { level.record.toolCalls = level.deltaCalls.map(\.call) }
            // A stream's output message is re-assembled below, never taken from an event.
            level.record.outputMessages = []
            draft.fill(from: level)
        }
        if draft.record.outputText != nil || !draft.record.toolCalls.isEmpty {
            draft.record.outputMessages = [NormalizedMessage(
                role: "assistant",
                parts: draft.record.outputText.map { [$0] } ?? [],
                toolCalls: draft.record.toolCalls)]
        }
    }

    /// What a stream has assembled so far.
    struct StreamState {
        /// One draft per place in the order of FIELD_MAP.md 5.4.
        var drafts: [Draft]
        /// Per stream spec: has it yielded in an earlier event (for `first`).
        var yielded: [Bool]
        /// `concat` specs' text so far, by spec.
        var concatenated: [(spec: Int32, text: String)] = []

        init(drafts: [Draft], specCount: Int) {
            self.drafts = drafts
            self.yielded = Array(repeating: false, count: specCount)
        }
    }

    /// Reads one stream event into the drafts, by each spec's assembly.
    func readEvent(_ document: FramedDocument, work: Workspace, state: inout StreamState) {
        if let done = compiled.done, Self.trimmed(document.bytes, equals: done) { return }
        if let error = Self.scan(document.bytes, with: &work.stream) {
            state.drafts[0].issue(FieldIssue(role: nil, body: .responseStream, path: nil,
                                             kind: .unreadableEvent(index: document.index, reason: error.reason.name, offset: error.offset)))
            return
        }
        work.stream.collectTouched()
        let touched = work.stream.touched
        if touched.isEmpty { return }
        // -1: every spec reads it; -2: a name no spec is bound to.
        var event: Int32 = -1
        if !compiled.stream.eventNames.isEmpty {
            var name = document.event
            if name == nil, compiled.stream.eventKeySlot >= 0 { name = work.stream.firstString(slot: compiled.stream.eventKeySlot) }
            let resolved = name ?? StreamFraming.defaultEventName
            event = compiled.stream.eventNames.firstIndex(of: resolved).map { Int32($0) } ?? -2
        }
        for index in touched {
            let info = compiled.stream.infos[Int(index)]
            guard info.event < 0 || info.event == event else { continue }
            switch info.assemble {
            case .concat:
                let found = work.stream.values(info, accept: { $0.stringValue != nil })
                guard let values = found.values else { continue }
                let text = Self.joined(values)
                if let position = state.concatenated.firstIndex(where: { $0.spec == index }) {
                    state.concatenated[position].text.append(text)
                } else {
                    state.concatenated.append((index, text))
                }
            case .first:
                if state.yielded[Int(index)] { continue }
                state.yielded[Int(index)] = apply(index, &work.stream, body: .responseStream, into: &state.drafts[Int(info.draft)])
            case .last, .joinCalls:
                apply(index, &work.stream, body: .responseStream, into: &state.drafts[Int(info.draft)], joinCalls: info.assemble == .joinCalls)
            }
        }
    }

    /// True when `bytes`, whitespace trimmed, are `marker`.
    static func trimmed(_ bytes: UnsafeRawBufferPointer, equals marker: [UInt8]) -> Bool {
        var first = 0
        var end = bytes.count
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        while first < end, isWhitespace(bytes[first]) { first += 1 }
        while end > first, isWhitespace(bytes[end - 1]) { end -= 1 }
        guard end - first == marker.count else { return false }
        return marker.indices.allSatisfy { bytes[first + $0] == marker[$0] }
    }

    /// Reads the request from a multipart form: its non-file fields are one flat object (a later
    /// field of the same name wins), read by the request roles' one-member paths.
    func readForm(_ body: UnsafeRawBufferPointer, contentType: String?, into draft: inout Draft) {
        var fields: [String: CapturedValue] = [:]
        let found = BodyFramer.formFields(body, contentType: contentType) { field in
            guard !field.isFile else { return }
            fields[field.name] = Self.formValue(field.value)
        }
        guard found != nil else {
            draft.issue(FieldIssue(role: nil, body: .request, path: nil, kind: .unexpectedFormat(BodyFormat.multipart.rawValue)))
            return
        }
        for (index, spec) in compiled.request.specs.enumerated() where spec.group < 0 {
            for (rank, path) in spec.binding.paths.enumerated() {
                guard path.components.count == 1, let name = path.lastKey, let value = fields[name] else { continue }
                applyValues(Int32(index), program: compiled.request, values: [value], rank: rank, rejected: nil, body: .request, into: &draft)
                break
            }
        }
    }

    /// A form field's value: a JSON number or boolean when it is one, else its text.
    static func formValue(_ bytes: UnsafeRawBufferPointer) -> CapturedValue {
        var visitor = ScalarVisitor()
        var scanner = JSONScanner(bytes)
        if (try? scanner.scan(into: &visitor)) != nil, let value = visitor.value { return value }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// True for a `text/*` content type other than HTML and event streams.
    static func declaresPlainText(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("text/") && !type.hasPrefix("text/html") && !type.hasPrefix("text/event-stream")
    }

    /// Scans one document into `visitor` (reset first); returns the scan error, if any.
    static func scan(_ bytes: UnsafeRawBufferPointer, with visitor: inout CaptureVisitor) -> JSONScanError? {
        visitor.reset()
        var scanner = JSONScanner(bytes)
        do {
            try scanner.scan(into: &visitor)
            return nil
        } catch {
            return error
        }
    }
}

/// Keeps a top-level number or boolean (form field values).
private struct ScalarVisitor: JSONVisitor {
    var value: CapturedValue?
    mutating func number(_ token: JSONNumberToken) { value = CapturedValue(number: token) }
    mutating func bool(_ flag: Bool) { value = .bool(flag) }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
