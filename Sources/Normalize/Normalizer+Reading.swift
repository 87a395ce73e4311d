import Catalog
import JSONScanning
import Framing

extension Normalizer {
    /// Reads the request: JSON with the request program, multipart from its form fields.
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
        case .multipart:
            readForm(body, contentType: contentType, into: &draft)
        default:
            draft.issue(FieldIssue(role: nil, body: .request, path: nil, kind: .unexpectedFormat(format.rawValue)))
        }
    }

    /// Reads a response: a JSON document (success or error), a stream (SSE, NDJSON, AWS event
    /// stream, or a JSON array where the map declares `json_array`), or plain text.
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
                apply(index, &work.response, body: compiled.response.infos[Int(index)].body, into: &draft)
            }
        case .sse, .ndjson, .awsEventStream, .jsonArray:
            readStream(body, format: format, into: &draft, work: work)
        case .text where kind == .response && compiled.hasOutputText && (Self.declaresPlainText(contentType) || draft.requestedPlainText):
            // A plain-text response the server declared as such, or the request asked for (a
            // transcription in `text`, `srt` or `vtt` format), is the output text itself; other
            // undeclared text is not trusted as output.
            draft.record.outputText = String(decoding: body, as: UTF8.self)
            draft.note(confidence: compiled.fieldMap[.outputText]?.confidence, of: .outputText)
        case .text where kind == .error:
            let text = String(decoding: body, as: UTF8.self).trimmingWhitespace()
            if !text.isEmpty { draft.record.errorMessage = text }
        default:
            draft.issue(FieldIssue(role: nil, body: kind, path: nil, kind: .unexpectedFormat(format.rawValue)))
        }
    }

    /// Re-assembles a stream: every event is scanned with the stream program; deltas are joined,
    /// and the finish reason and usage come from whichever events carry them (the last wins).
    /// The event's name is resolved once per event; specs bound to another event are skipped.
    func readStream(_ body: UnsafeRawBufferPointer, format: BodyFormat, into draft: inout Draft, work: Workspace) {
        var primary = Draft()
        var envelope = Draft()
        var wrapped = Draft()
        defer { work.stream.reset() }
        _ = BodyFramer.frame(body, as: format) { document in
            readEvent(document, work: work, primary: &primary, envelope: &envelope, wrapped: &wrapped)
        }
        draft.record.isStream = true
        if let text = primary.deltaText { primary.record.outputText = text }
        if !primary.deltaCalls.isEmpty { primary.record.toolCalls = primary.deltaCalls.map(\.call) }
        // Values that only an envelope carried are kept, but not the envelope's own messages:
        // the stream's output message is re-assembled below.
        envelope.record.outputMessages = []
        wrapped.record.outputMessages = []
        draft.fill(from: primary)
        draft.fill(from: envelope)
        draft.fill(from: wrapped)
        if draft.record.outputText != nil || !draft.record.toolCalls.isEmpty {
            draft.record.outputMessages = [NormalizedMessage(
                role: "assistant",
                parts: draft.record.outputText.map { [$0] } ?? [],
                toolCalls: draft.record.toolCalls)]
        }
    }

    /// Reads one stream event into the primary draft (stream and error roles), the envelope draft
    /// (response roles read at the top of events) and the wrapped draft (response roles read
    /// under an envelope member).
    func readEvent(_ document: FramedDocument, work: Workspace, primary: inout Draft, envelope: inout Draft, wrapped: inout Draft) {
        if let error = Self.scan(document.bytes, with: &work.stream) {
            primary.issue(FieldIssue(role: nil, body: .responseStream, path: nil,
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
            if info.source == .envelope {
                apply(index, &work.stream, body: .response, into: &envelope)
            } else if info.source == .wrapped {
                apply(index, &work.stream, body: .response, into: &wrapped)
            } else {
                apply(index, &work.stream, body: info.body, into: &primary)
            }
        }
    }

    /// Reads request roles whose path is one member (`$.model`) from multipart form fields; file
    /// parts are never read.
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
        if case .string(let format)? = fields["response_format"], Self.plainTextFormats.contains(format.lowercased()) {
            draft.requestedPlainText = true
        }
        for (index, spec) in compiled.request.specs.enumerated() where spec.source == .binding && spec.group < 0 {
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

    /// `response_format` values that ask for a plain-text answer.
    static let plainTextFormats: Set<String> = ["text", "srt", "vtt"]

    /// True for a `text/*` content type other than HTML.
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
