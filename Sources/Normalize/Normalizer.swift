import Catalog
import Foundation
import JSONScanning
import Framing

/// Applies a field map to one logged exchange and returns a `NormalizedRecord`.
///
/// It follows `schemas/FIELD_MAP.md` and reads only the map: no API is known in code.
/// Bodies are read with the byte scanner: only the paths the map names are decoded, no tree of
/// the body is built. Plain JSON, streams (re-assembled as the map's `assemble` says), multipart
/// requests (form fields only, never file bytes, when the map says `request_forms`), error bodies
/// and plain-text responses (when the map's `plain_text` says) are understood. A problem with a field or a body becomes a `FieldIssue`; normalizing never
/// throws and never traps on bad input.
///
/// ```swift
/// let normalizer = try Normalizer(fieldMapJSON: row.fieldMap)   // model_mappings.field_map
/// let record = normalizer.normalize(request: requestBytes, response: responseBytes, status: 200)
/// print(record.outputText ?? "", record.inputTokens ?? 0)
/// ```
public struct Normalizer: Sendable {
    /// The map applied.
    public var fieldMap: FieldMap { compiled.fieldMap }
    /// The operation written into records (`chat`, `embeddings`, …), when known.
    public var operation: String?
    /// The provider written into records (`gen_ai.provider.name`), when known.
    public var provider: String?

    /// Everything derived from the map, behind one reference: copying a normalizer costs one
    /// retain, whatever the size of its programs.
    let compiled: Compiled

    /// The map and what it compiles to; immutable but for the pool of reusable workspaces.
    final class Compiled: Sendable {
        let fieldMap: FieldMap
        let request: PathProgram
        let response: PathProgram
        let stream: PathProgram
        /// True when the map's stream framing includes `json_array`.
        let framesArrayStreams: Bool
        /// The `url` and `row` links of the request model, in chain order.
        let context: [(level: Int32, binding: RoleBinding)]
        /// How many drafts a stream fills.
        let streamDrafts: Int
        /// The stream's done marker, as bytes.
        let done: [UInt8]?
        /// True when the map binds `gateway.output.text` and says when plain text is it.
        let readsPlainText: Bool
        /// Scan buffers reused across calls (and shared, under a lock, by copies of the normalizer).
        let workspaces = WorkspacePool()

        init(_ fieldMap: FieldMap) {
            self.fieldMap = fieldMap
            let programs = Normalizer.compile(fieldMap)
            request = programs.request
            response = programs.response
            stream = programs.stream
            framesArrayStreams = fieldMap.stream?.frames(.jsonArray) ?? false
            context = programs.context
            streamDrafts = programs.streamDrafts
            done = fieldMap.stream?.done.map { Array($0.utf8) }
            readsPlainText = fieldMap[.outputText] != nil && fieldMap.plainText != nil
        }
    }

    /// A normalizer for `fieldMap`; `operation` and `provider` are copied into every record
    /// (the map's own `gen_ai.operation.name` role, when bound, wins over `operation`).
    public init(fieldMap: FieldMap, operation: String? = nil, provider: String? = nil) {
        self.compiled = Compiled(fieldMap)
        self.operation = operation
        self.provider = provider
    }

    /// A normalizer for a catalog entry: its field map and operation, and its API family as the
    /// provider unless `provider` (from the row's host) is given.
    public init(entry: CatalogEntry, provider: String? = nil) {
        self.init(fieldMap: entry.fieldMap, operation: entry.operation, provider: provider ?? entry.provider)
    }

    /// A normalizer for the JSON stored in `model_mappings.field_map`.
    public init(fieldMapJSON: Data, operation: String? = nil, provider: String? = nil) throws {
        self.init(fieldMap: try FieldMap.decode(from: fieldMapJSON), operation: operation, provider: provider)
    }

    /// A normalizer for the JSON text stored in `model_mappings.field_map`.
    public init(fieldMapJSON: String, operation: String? = nil, provider: String? = nil) throws {
        try self.init(fieldMapJSON: Data(fieldMapJSON.utf8), operation: operation, provider: provider)
    }

    /// Normalizes one exchange. `status` is the HTTP status (an error body is read with the map's
    /// `error` roles when it is ≥ 400). The content types are hints for framing (multipart
    /// boundary, SSE); the bytes decide. `targetURL` and `loggedModel` are the row's `target_url`
    /// and `model` columns, read by the map's `url` and `row` bindings.
    public func normalize(
        request: UnsafeRawBufferPointer?, response: UnsafeRawBufferPointer?, status: Int?,
        requestContentType: String? = nil, responseContentType: String? = nil,
        targetURL: String? = nil, loggedModel: String? = nil
    ) -> NormalizedRecord {
        var draft = Draft()
        draft.record.schemaID = compiled.fieldMap.schemaID
        draft.record.operation = operation
        draft.record.provider = provider
        draft.record.status = status
        let compiled = self.compiled
        let work = compiled.workspaces.take { Workspace(request: compiled.request, response: compiled.response, stream: compiled.stream) }
        if let request, request.count > 0 {
            readRequest(request, contentType: requestContentType, into: &draft, work: work)
        }
        if let response {
            readResponse(response, contentType: responseContentType, status: status, into: &draft, work: work)
        }
        compiled.workspaces.give(work)
        readContext(targetURL: targetURL, loggedModel: loggedModel, into: &draft)
        reportAbsent(into: &draft, status: status, hasRequest: (request?.count ?? 0) > 0, hasResponse: (response?.count ?? 0) > 0)
        return draft.finish()
    }

    /// Normalizes one exchange given as byte arrays.
    public func normalize(
        request: [UInt8]?, response: [UInt8]?, status: Int?,
        requestContentType: String? = nil, responseContentType: String? = nil,
        targetURL: String? = nil, loggedModel: String? = nil
    ) -> NormalizedRecord {
        Self.withOptionalBytes(request) { requestBytes in
            Self.withOptionalBytes(response) { responseBytes in
                normalize(request: requestBytes, response: responseBytes, status: status,
                          requestContentType: requestContentType, responseContentType: responseContentType,
                          targetURL: targetURL, loggedModel: loggedModel)
            }
        }
    }

    /// Normalizes one exchange given as `Data`.
    public func normalize(
        request: Data?, response: Data?, status: Int?,
        requestContentType: String? = nil, responseContentType: String? = nil,
        targetURL: String? = nil, loggedModel: String? = nil
    ) -> NormalizedRecord {
        normalize(request: request.map { [UInt8]($0) }, response: response.map { [UInt8]($0) }, status: status,
                  requestContentType: requestContentType, responseContentType: responseContentType,
                  targetURL: targetURL, loggedModel: loggedModel)
    }

    static func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { body($0) }
    }
}
