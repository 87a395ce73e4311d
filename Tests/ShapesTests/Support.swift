import JSONScanning
import Testing
@testable import Shapes

/// A test visitor that forwards every event to the `ShapeBuilder` it holds, unless it changes
/// one itself, and is added to as `ShapeBuilder.add` adds a document.
protocol ForwardingBuilder: JSONNumberRunVisitor {
    var builder: ShapeBuilder { get set }
}

extension ForwardingBuilder {
    mutating func beginObject() { builder.beginObject() }
    mutating func key(_ key: JSONStringToken) { builder.key(key) }
    mutating func endObject(memberCount: Int) { builder.endObject(memberCount: memberCount) }
    mutating func beginArray() { builder.beginArray() }
    mutating func element(_ index: Int) { builder.element(index) }
    mutating func endArray(count: Int) { builder.endArray(count: count) }
    mutating func string(_ token: JSONStringToken) { builder.string(token) }
    mutating func number(_ token: JSONNumberToken) { builder.number(token) }
    mutating func bool(_ value: Bool) { builder.bool(value) }
    mutating func null() { builder.null() }
    mutating func numberRun(_ numbers: JSONNumberRun) { builder.numberRun(numbers) }

    /// Adds `bytes` as `ShapeBuilder.add` does, through this visitor.
    mutating func add(_ bytes: UnsafeRawBufferPointer) throws(JSONScanError) {
        builder.beginDocument()
        var scanner = JSONScanner(bytes, maximumDepth: builder.shape.limits.maximumDepth)
        do {
            try scanner.scan(summarizingRunsInto: &self)
        } catch {
            builder.rollbackDocument()
            throw error
        }
        builder.commitDocument()
    }
}

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

/// Adds each of `documents` to `builder` and to `oracle`: the same scan error for each, and the
/// same shape, byte for byte, after each.
func expectSameShapes<Oracle: ForwardingBuilder>(
    _ builder: inout ShapeBuilder, _ oracle: inout Oracle, documents: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for document in documents {
        Array(document.utf8).withUnsafeBytes { bytes in
            let builderError: JSONScanError?
            do throws(JSONScanError) { try builder.add(bytes); builderError = nil } catch { builderError = error }
            let oracleError: JSONScanError?
            do throws(JSONScanError) { try oracle.add(bytes); oracleError = nil } catch { oracleError = error }
            #expect(builderError == oracleError, "\(document)", sourceLocation: sourceLocation)
        }
        let difference = ShapeBuilderTests.difference(ShapeBuilderTests.state(builder.shape), ShapeBuilderTests.state(oracle.builder.shape))
        #expect(difference == nil, "after \(document)", sourceLocation: sourceLocation)
    }
}
