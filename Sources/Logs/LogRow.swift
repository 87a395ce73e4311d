import Foundation
/// One logged exchange as a source lends it: bodies and names are borrowed bytes, valid only
/// inside the call that visits the row, never copied unless a caller asks.
public struct LogRow: ~Copyable {
    public let id: Int64
    /// The HTTP status; nil when no response came.
    public let status: Int?
    let targetURLBytes: UnsafeRawBufferPointer
    let providerBytes: UnsafeRawBufferPointer?
    let modelBytes: UnsafeRawBufferPointer?
    let requestBytes: UnsafeRawBufferPointer?
    let responseBytes: UnsafeRawBufferPointer?
    /// The body is over the source's size limit and was not read (it reads as absent).
    public let isRequestBodyTooLarge: Bool
    public let isResponseBodyTooLarge: Bool

    /// A row over lent bytes (nil: NULL). A source keeps them valid until `body` returns.
    public init(
        id: Int64, status: Int?, targetURL: UnsafeRawBufferPointer, provider: UnsafeRawBufferPointer?,
        model: UnsafeRawBufferPointer?, request: UnsafeRawBufferPointer?, response: UnsafeRawBufferPointer?,
        isRequestBodyTooLarge: Bool = false, isResponseBodyTooLarge: Bool = false
    ) {
        self.id = id
        self.status = status
        targetURLBytes = targetURL
        providerBytes = provider
        modelBytes = model
        requestBytes = request
        responseBytes = response
        self.isRequestBodyTooLarge = isRequestBodyTooLarge
        self.isResponseBodyTooLarge = isResponseBodyTooLarge
    }

    public var targetURL: String { String(decoding: targetURLBytes, as: UTF8.self) }
    /// Lends the `target_url` bytes, to compare without making a `String`.
    public func withTargetURLBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R { body(targetURLBytes) }
    /// Lends the provider header's bytes, or nil for NULL.
    public func withProviderHeaderBytes<R>(_ body: (UnsafeRawBufferPointer?) -> R) -> R { body(providerBytes) }
    /// The free-text provider header as the gateway logged it.
    public var providerHeader: String? { providerBytes.map { String(decoding: $0, as: UTF8.self) } }
    public var model: String? { modelBytes.map { String(decoding: $0, as: UTF8.self) } }
    public var hasRequestBody: Bool { requestBytes != nil }
    public var hasResponseBody: Bool { responseBytes != nil }

    /// Lends the request body's bytes (empty for NULL or too large).
    public func withRequestBody<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(requestBytes ?? UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Lends the response body's bytes (empty for NULL or too large).
    public func withResponseBody<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(responseBytes ?? UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Lends both bodies at once (empty for NULL or too large).
    public func withBodies<R, E: Error>(
        _ body: (_ request: UnsafeRawBufferPointer, _ response: UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        return try body(requestBytes ?? empty, responseBytes ?? empty)
    }
}
