import Foundation
/// How the log holds a model's name. A name the gateway wrote as bytes is read back as bytes
/// (SQLite compares a BLOB only with a BLOB); its key is still its text.
public enum ModelStorage: Sendable, Hashable {
    case text
    case blob
}

/// One model's newest row, as the index sees it. `model` is nil for rows the gateway could not attribute.
public struct ModelHead: Sendable, Hashable {
    public let model: String?
    public let maxID: Int64
    public let storage: ModelStorage
    /// False when the stored name is not valid UTF-8: it cannot be a key (`model` is its repaired text).
    public let isValidName: Bool

    public init(model: String?, maxID: Int64, storage: ModelStorage = .text, isValidName: Bool = true) {
        self.model = model
        self.maxID = maxID
        self.storage = storage
        self.isValidName = isValidName
    }
}

/// One model's traffic as the index sees it. `model` is nil for rows the gateway could not attribute.
public struct ModelSummary: Sendable, Hashable {
    public let model: String?
    public let rows: Int
    public let maxID: Int64
    public let storage: ModelStorage
    /// False when the stored name is not valid UTF-8: it cannot be a key (`model` is its repaired text).
    public let isValidName: Bool

    public init(model: String?, rows: Int, maxID: Int64, storage: ModelStorage = .text, isValidName: Bool = true) {
        self.model = model
        self.rows = rows
        self.maxID = maxID
        self.storage = storage
        self.isValidName = isValidName
    }

    /// The summary's head: its model and newest id.
    public var head: ModelHead { ModelHead(model: model, maxID: maxID, storage: storage, isValidName: isValidName) }
}

extension ModelHead {
    /// A model column's value as a source read it: its text (NUL bytes kept), and whether it is
    /// valid UTF-8; nil for NULL.
    public static func name(_ bytes: UnsafeRawBufferPointer?) -> (text: String, isValid: Bool)? {
        guard let bytes else { return nil }
        let valid = String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self)
        return (valid ?? String(decoding: bytes, as: UTF8.self), valid != nil)
    }
}
