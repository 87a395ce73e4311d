import JSONScanning
import Logs
import Framing

/// Finds the model of a row the gateway logged without one: in the URL (Gemini, Bedrock, Azure put
/// it in the path), else in the request body's top-level `model` member (or `model` form field).
/// Only a model name is ever kept, never other body text.
public enum ModelAttribution {
    /// Model names longer than this are not model names.
    static let maximumLength = 256

    /// The model the path names (a known model spanning several segments whole, see
    /// `Endpoint.modelInPath(_:known:)`), else the one the request body names.
    public static func model(path: String, request: UnsafeRawBufferPointer, contentType: String? = nil, known: Set<String> = []) -> String? {
        Endpoint.modelInPath(path, known: known) ?? model(request: request, contentType: contentType)
    }

    /// The model a request body names: its top-level `model` member or `model` form field.
    public static func model(request: UnsafeRawBufferPointer, contentType: String? = nil) -> String? {
        switch BodyFramer.format(of: request, contentType: contentType) {
        case .json:
            var visitor = TopLevelString(key: "model")
            var scanner = JSONScanner(request)
            do {
                try scanner.scan(into: &visitor)
            } catch {
                return nil
            }
            return visitor.value
        case .multipart:
            var model: String?
            BodyFramer.formFields(request, contentType: contentType) { field in
                if field.name == "model", !field.isFile, field.value.count <= maximumLength, model == nil {
                    model = String(decoding: field.value, as: UTF8.self).trimmingCharactersInWhitespace()
                }
            }
            return model.flatMap { $0.isEmpty ? nil : $0 }
        default:
            return nil
        }
    }
}

/// Captures the string value of one top-level member.
struct TopLevelString: JSONVisitor {
    let key: [UInt8]
    var depth = 0
    var wanted = false
    var value: String?

    init(key: String) {
        self.key = Array(key.utf8)
    }

    mutating func beginObject() { depth += 1; wanted = false }
    mutating func endObject(memberCount: Int) { depth -= 1 }
    mutating func beginArray() { depth += 1; wanted = false }
    mutating func endArray(count: Int) { depth -= 1 }
    mutating func key(_ token: JSONStringToken) {
        if depth == 1 { wanted = value == nil && token.equals(key) }
    }
    mutating func string(_ token: JSONStringToken) {
        if depth == 1, wanted, token.utf8Count <= ModelAttribution.maximumLength {
            let text = token.decoded()
            if !text.isEmpty { value = text }
        }
        if depth == 1 { wanted = false }
    }
    mutating func number(_ token: JSONNumberToken) { if depth == 1 { wanted = false } }
    mutating func bool(_ value: Bool) { if depth == 1 { wanted = false } }
    mutating func null() { if depth == 1 { wanted = false } }
}

extension String {
    func trimmingCharactersInWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
