import JSONScanning

/// Records every event as a short string, for comparing with what a document should produce.
struct RecordingVisitor: JSONVisitor {
    var events: [String] = []
    mutating func beginObject() { events.append("{") }
    mutating func key(_ key: JSONStringToken) { events.append("k:\(key.decoded())") }
    mutating func endObject(memberCount: Int) { events.append("}\(memberCount)") }
    mutating func beginArray() { events.append("[") }
    mutating func element(_ index: Int) { events.append("#\(index)") }
    mutating func endArray(count: Int) { events.append("]\(count)") }
    mutating func string(_ token: JSONStringToken) { events.append("s:\(token.decoded())") }
    mutating func number(_ token: JSONNumberToken) {
        events.append("n:\(String(decoding: token.raw, as: UTF8.self))\(token.isInteger ? "i" : "f")")
    }
    mutating func bool(_ value: Bool) { events.append("b:\(value)") }
    mutating func null() { events.append("null") }
}

/// Scans `bytes` into `visitor`; returns the result rather than throwing through a closure.
func scan<V: JSONVisitor>(
    _ bytes: [UInt8], into visitor: inout V, maximumDepth: Int = JSONScanner.defaultMaximumDepth
) -> Result<Bool, JSONScanError> {
    bytes.withUnsafeBytes { buffer in
        var scanner = JSONScanner(buffer, maximumDepth: maximumDepth)
        do throws(JSONScanError) {
            try scanner.scan(into: &visitor)
            return .success(scanner.bomSkipped)
        } catch {
            return .failure(error)
        }
    }
}

/// Scans `bytes` and returns the events.
func events(_ bytes: [UInt8], maximumDepth: Int = JSONScanner.defaultMaximumDepth) throws(JSONScanError) -> [String] {
    var visitor = RecordingVisitor()
    _ = try scan(bytes, into: &visitor, maximumDepth: maximumDepth).get()
    return visitor.events
}

func events(_ text: String) throws(JSONScanError) -> [String] {
    try events(Array(text.utf8))
}

/// The error scanning `bytes` throws, or nil when it is valid.
func scanError(_ bytes: [UInt8], maximumDepth: Int = JSONScanner.defaultMaximumDepth) -> JSONScanError? {
    do {
        _ = try events(bytes, maximumDepth: maximumDepth)
        return nil
    } catch {
        return error
    }
}

/// Captures the last string and number tokens of a document (valid during the scan only).
struct TokenCapture<R>: JSONVisitor {
    var result: R?
    let onString: ((JSONStringToken) -> R)?
    let onNumber: ((JSONNumberToken) -> R)?
    mutating func string(_ token: JSONStringToken) { if let onString { result = onString(token) } }
    mutating func number(_ token: JSONNumberToken) { if let onNumber { result = onNumber(token) } }
}

private func capture<R>(_ json: String, _ visitor: TokenCapture<R>) -> R? {
    var visitor = visitor
    let bytes = Array(json.utf8)
    let ok: Bool = bytes.withUnsafeBytes { buffer in
        var scanner = JSONScanner(buffer)
        return (try? scanner.scan(into: &visitor)) != nil
    }
    return ok ? visitor.result : nil
}

/// Runs `body` with the single string token of the document `json` (e.g. `"\"a\\nb\""`).
func withStringToken<R>(_ json: String, _ body: @escaping (JSONStringToken) -> R) -> R? {
    capture(json, TokenCapture(result: nil, onString: body, onNumber: nil))
}

/// Runs `body` with the single number token of the document `json`.
func withNumberToken<R>(_ json: String, _ body: @escaping (JSONNumberToken) -> R) -> R? {
    capture(json, TokenCapture(result: nil, onString: nil, onNumber: body))
}
