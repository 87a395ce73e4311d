import Catalog
import JSONScanning

/// One value found at a path the field map names, copied out of the scanned buffer.
///
/// Strings are decoded only for slots that read text; slots that only measure (embedding vectors)
/// keep the byte length and the base64 padding instead. Containers keep their element count, and
/// their compact JSON when the slot re-serialises them (tool-call arguments given as objects).
enum CapturedValue: Sendable, Equatable {
    /// A decoded string.
    case string(String)
    /// A string that was measured, not decoded: its UTF-8 length and trailing `=` count.
    case measuredString(length: Int, padding: Int)
    /// An integer that fits `Int64`.
    case integer(Int64)
    /// A number with a fraction or exponent, or an integer too large for `Int64`.
    case number(Double, isInteger: Bool)
    case bool(Bool)
    case null
    /// An object with `count` members; `json` is its compact form when the slot asked for it.
    case object(count: Int, json: String?)
    /// An array with `count` elements; `json` is its compact form when the slot asked for it.
    case array(count: Int, json: String?)

    /// The JSON type name, for issues (`string`, `integer`, `number`, `boolean`, `null`, `object`, `array`).
    var typeName: String {
        switch self {
        case .string, .measuredString: "string"
        case .integer: "integer"
        case .number(_, let isInteger): isInteger ? "integer" : "number"
        case .bool: "boolean"
        case .null: "null"
        case .object: "object"
        case .array: "array"
        }
    }

    /// The decoded string, if this is one.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value as a `Double` when it is a number.
    var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value, _): value
        default: nil
        }
    }

    /// A scalar's text form for fields that accept any scalar (an error code given as 400 or "400").
    var scalarText: String? {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .number(let value, let isInteger): isInteger && abs(value) < 1e18 ? String(Int64(value)) : String(value)
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }

    /// Compact JSON text for a container, or the string itself: how tool-call arguments are kept.
    var jsonOrString: String? {
        switch self {
        case .string(let text): text
        case .object(_, let json), .array(_, let json): json
        case .integer, .number, .bool: scalarText
        default: nil
        }
    }

    /// The value as a filter query sees it (numbers as `Double`, containers equal to no literal).
    var filterFound: JSONPathFilter.Found {
        switch self {
        case .string(let text): .scalar(.string(text))
        case .integer(let value): .scalar(.number(Double(value)))
        case .number(let value, _): .scalar(.number(value))
        case .bool(let value): .scalar(.bool(value))
        case .null: .scalar(.null)
        case .measuredString, .object, .array: .container
        }
    }

    init(number token: JSONNumberToken) {
        if let value = token.int64Value {
            self = .integer(value)
        } else {
            self = .number(token.doubleValue, isInteger: token.isInteger)
        }
    }
}
