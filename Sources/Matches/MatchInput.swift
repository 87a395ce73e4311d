import Catalog
import Shapes

/// One key's shapes as the matcher reads them: only kinds with accepted documents, streams by
/// event name, plus the endpoint and the model watched during the scan.
///
/// A reference: the entry scorers of one key share it instead of copying its shapes.
final class MatchInput: Sendable {
    let request: Shape?
    let response: Shape?
    let error: Shape?
    /// Stream event name → its shape, sorted by name.
    let streams: [(event: String, shape: Shape)]
    /// The stream event names, in the order of `streams`: looked up without copying a shape.
    let streamEvents: [String]
    let endpoint: String
    let model: String?
    /// How the sampled streams were framed, when known (from the bodies' formats).
    let streamFormat: StreamFraming.Format?
    /// Successful responses in plain text (see `ShapeSet.textResponses`).
    let textResponses: Int
    /// Rows whose call failed (see `ShapeSet.failedRows`).
    let failedRows: Int
    /// Stream bodies sampled (any stream framing), when known; 0 when not.
    let streamBodies: Int
    /// Multipart form bodies sampled (requests: an API answers in JSON, text or a stream).
    let formBodies: Int

    init(
        shapes: [ShapeKind: Shape], endpoint: String, model: String?, streamFormat: StreamFraming.Format? = nil,
        streamBodies: Int = 0, formBodies: Int = 0, textResponses: Int = 0, failedRows: Int = 0
    ) {
        self.streamFormat = streamFormat
        self.streamBodies = streamBodies
        self.formBodies = formBodies
        self.textResponses = textResponses
        self.failedRows = failedRows
        var request: Shape?, response: Shape?, error: Shape?
        var streams: [(String, Shape)] = []
        for (kind, shape) in shapes where shape.documentCount > 0 {
            switch kind {
            case .request: request = shape
            case .response: response = shape
            case .error: error = shape
            case .responseStream(let event): streams.append((event, shape))
            }
        }
        self.request = request
        self.response = response
        self.error = error
        self.streams = streams.sorted { $0.0 < $1.0 }.map { (event: $0.0, shape: $0.1) }
        streamEvents = self.streams.map(\.event)
        self.endpoint = endpoint
        self.model = model
    }

    /// The position in `streams` of the events named `event`, if sampled.
    func streamIndex(_ event: String) -> Int? { streamEvents.firstIndex(of: event) }

    /// Documents over every stream event type.
    var streamDocuments: Int { streams.reduce(0) { $0 + $1.shape.documentCount } }

    /// True when there is at least one successful response, stream event or plain-text answer:
    /// without one, the samples cannot decide which API this is.
    var hasSuccess: Bool { (response?.documentCount ?? 0) > 0 || streamDocuments > 0 || textResponses > 0 }

    /// A body kind named the catalog's way (`response_stream` covers all events).
    enum BodyKindSelector { case request, response, error, stream }
}
