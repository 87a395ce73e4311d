/// One field of a `multipart/form-data` body. File fields carry no bytes: the mapper never
/// reads uploaded files, nor keeps their file names.
public struct FormField: @unchecked Sendable {
    /// The field's `name` from its `Content-Disposition` header.
    public let name: String
    /// True when the part has a `filename` (an uploaded file).
    public let isFile: Bool
    /// The value of a non-file field (empty for files); valid only inside the visit callback.
    public let value: UnsafeRawBufferPointer

    public init(name: String, isFile: Bool, value: UnsafeRawBufferPointer) {
        self.name = name
        self.isFile = isFile
        self.value = value
    }
}
