import JSONScanning
import Framing

extension Shape {
    /// Scans `document` (one JSON document) into the shape. On a scan error the shape is left
    /// exactly as it was and the error says why.
    public mutating func add(document: UnsafeRawBufferPointer) throws(JSONScanError) {
        var builder = ShapeBuilder(shape: self)
        self = Shape(watching: [], limits: limits)  // release our storage so the builder owns it uniquely
        defer { self = builder.shape }
        try builder.add(document)
    }

    /// Adds one multipart form as an object document: each field a member; non-file fields are
    /// strings (their length, format, closed set and watch hits recorded, never kept), file
    /// fields are strings with format `binary`.
    public mutating func add(formFields fields: [FormField]) {
        var builder = ShapeBuilder(shape: self)
        self = Shape(watching: [], limits: limits)
        defer { self = builder.shape }
        builder.addForm(fields)
    }
}

extension ShapeBuilder {
    mutating func addForm(_ fields: [FormField]) {
        beginDocument()
        beginObject()
        for field in fields {
            var name = field.name
            name.withUTF8 { key(JSONStringToken(unescaped: UnsafeRawBufferPointer($0))) }
            if field.isFile {
                binary()
            } else {
                string(JSONStringToken(unescaped: field.value))
            }
        }
        endObject(memberCount: fields.count)
        commitDocument()
    }
}
