import JSONScanning
import Shapes

/// A shape built from JSON texts; documents that fail to scan are skipped.
func shape(_ documents: [String], watching: [String] = [], limits: ShapeLimits = ShapeLimits()) -> Shape {
    var shape = Shape(watching: watching, limits: limits)
    for document in documents {
        _ = addDocument(document, to: &shape)
    }
    return shape
}

/// Adds one JSON text; returns the scan error, if any.
func addDocument(_ text: String, to shape: inout Shape) -> JSONScanError? {
    Array(text.utf8).withUnsafeBytes { buffer in
        do throws(JSONScanError) {
            try shape.add(document: buffer)
            return nil
        } catch {
            return error
        }
    }
}

/// Parses a JSONPath like `$.a[*].b` or `$.m.*` into a shape path.
func path(_ text: String) -> ShapePath {
    var components: [ShapePath.Component] = []
    var rest = Substring(text.dropFirst())
    while !rest.isEmpty {
        if rest.hasPrefix("[*]") {
            components.append(.items)
            rest = rest.dropFirst(3)
        } else if rest.hasPrefix(".*") {
            components.append(.mapValue)
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix(".") {
            rest = rest.dropFirst()
            let name = rest.prefix { $0 != "." && $0 != "[" }
            components.append(.key(String(name)))
            rest = rest.dropFirst(name.count)
        } else {
            fatalError("bad path \(text)")
        }
    }
    return ShapePath(components)
}

extension Shape {
    subscript(_ text: String) -> ShapeNode? { node(at: path(text)) }
}
