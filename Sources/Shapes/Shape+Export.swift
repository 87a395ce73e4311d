extension Shape: CustomStringConvertible {
    /// A one-line summary: documents, paths, drops and the structure hash. No values.
    public var description: String {
        "Shape(documents: \(documentCount), paths: \(pathCount), droppedPaths: \(droppedPaths), droppedKeys: \(droppedKeys), structureHash: \(structureHashHex))"
    }

    /// A compact tree for people: one path per line, `path  types  presence`, deterministic.
    /// Presence is the share of parent values that had the path (of documents, for the root).
    public func textTree() -> String {
        var rows: [(String, String, String)] = []
        forEachPath { node in
            var types = node.typeSet.map(\.rawValue).joined(separator: "|")
            if node.isMap { types += " (map)" }
            if let format = node.format { types += " (\(format.name))" }
            if let values = node.enumValues { types += " enum[\(values.count)]" }
            if types.isEmpty { types = "-" }
            rows.append((node.path.description, types, Self.percent(node.presence)))
        }
        let pathWidth = min(72, rows.map { $0.0.count }.max() ?? 0)
        let typeWidth = min(40, rows.map { $0.1.count }.max() ?? 0)
        var text = ""
        for (path, types, presence) in rows {
            text += path.padding(pathWidth) + "  " + types.padding(typeWidth) + "  " + presence + "\n"
        }
        return text
    }

    static func percent(_ ratio: Double) -> String {
        let value = ratio * 100
        if value >= 99.95 || value == 0 { return "\(Int(value.rounded()))%" }
        if value >= 1 { return "\(Int(value.rounded()))%" }
        return "<1%"
    }

    /// The shape as a JSON Schema 2020-12 document: `type`, `properties`, `required` (keys present
    /// in every parent object), `items`, `additionalProperties` for maps, `enum` for closed
    /// sets, `format`, with the counts in `x-count`, `x-presence`, `x-types`, `x-length`.
    /// Keys are written in sorted order, so equal shapes export equal text. With
    /// `printableValues`, a closed set is printed only when every value is in it (the values a
    /// catalog names); otherwise only its size is, as `x-enum-withheld`.
    public func jsonSchema(title: String? = nil, printableValues: Set<String>? = nil) -> String {
        var out = JSONWriter()
        out.beginObject()
        out.member("$schema") { $0.string("https://json-schema.org/draft/2020-12/schema") }
        if let title { out.member("title") { $0.string(title) } }
        out.member("x-documents") { $0.int(documentCount) }
        if droppedPaths > 0 { out.member("x-dropped-paths") { $0.int(droppedPaths) } }
        if droppedKeys > 0 { out.member("x-dropped-keys") { $0.int(droppedKeys) } }
        out.member("x-structure-hash") { $0.string(structureHashHex) }
        writeSchemaBody(0, path: .root, printable: printableValues, into: &out)
        out.endObject()
        return out.text
    }

    func writeSchemaBody(_ index: Int32, path: ShapePath, printable: Set<String>?, into out: inout JSONWriter) {
        let node = view(index, path: path)
        let raw = nodes[Int(index)]
        writeTypeKeywords(node, printable: printable, into: &out)
        writeStatistics(node, into: &out)
        if node.typeSet.contains(.object) {
            if let members = node.memberCounts { out.member("x-members") { $0.stats(members) } }
            writeMembers(raw, path: path, printable: printable, into: &out)
        }
        if node.typeSet.contains(.array) {
            if let lengths = node.arrayLengths {
                out.member("x-array-length") { $0.stats(lengths) }
            }
            if raw.items >= 0 {
                out.member("items") { writer in
                    writer.beginObject()
                    writeSchemaBody(raw.items, path: path.appending(.items), printable: printable, into: &writer)
                    writer.endObject()
                }
            }
        }
    }

    /// `type`, `format` and `enum` (or `x-enum-withheld`).
    private func writeTypeKeywords(_ node: ShapeNode, printable: Set<String>?, into out: inout JSONWriter) {
        let types = node.typeSet
        out.member("type") { writer in
            if types.count == 1 {
                writer.string(types[0].rawValue)
            } else {
                writer.beginArray()
                for type in types { writer.element { $0.string(type.rawValue) } }
                writer.endArray()
            }
        }
        if let format = node.format, format != .numberString {
            out.member("format") { $0.string(format.name) }
        } else if node.format == .numberString {
            out.member("x-format") { $0.string(format(node)) }
        }
        if let values = node.enumValues, let printable, !values.allSatisfy(printable.contains) {
            // Values nobody vouched for (a repeated prompt looks like a closed set) stay unprinted.
            out.member("x-enum-withheld") { $0.int(values.count) }
        } else if let values = node.enumValues {
            out.member("enum") { writer in
                writer.beginArray()
                for value in values { writer.element { $0.string(value) } }
                if types.contains(.null) { writer.element { $0.null() } }
                writer.endArray()
            }
        }
    }

    /// The `x-` statistics of the values at a path: counts, presence, types, lengths, ranges,
    /// watched-value hits.
    private func writeStatistics(_ node: ShapeNode, into out: inout JSONWriter) {
        out.member("x-count") { $0.int(node.count) }
        out.member("x-presence") { $0.double(node.presence) }
        out.member("x-types") { writer in
            writer.beginObject()
            for type in node.typeSet { writer.member(type.rawValue) { $0.int(node.count(of: type)) } }
            writer.endObject()
        }
        if let lengths = node.stringLengths {
            out.member("x-length") { $0.stats(lengths) }
        }
        if let range = node.integerRange {
            out.member("x-integer-range") { $0.range(range) }
        }
        if let range = node.numberRange {
            out.member("x-number-range") { $0.range(range) }
        }
        if !node.watchHits.isEmpty {
            out.member("x-watch-hits") { writer in
                writer.beginObject()
                for (value, hits) in node.watchHits.sorted(by: { $0.key < $1.key }) { writer.member(value) { $0.int(hits) } }
                writer.endObject()
            }
        }
    }

    /// An object's members: `additionalProperties` for a map, else `properties` by key and
    /// `required`.
    private func writeMembers(_ raw: Node, path: ShapePath, printable: Set<String>?, into out: inout JSONWriter) {
        guard raw.firstChild >= 0 else { return }
        if raw.isMap {
            out.member("x-map") { $0.bool(true) }
            out.member("additionalProperties") { writer in
                writer.beginObject()
                writeSchemaBody(raw.firstChild, path: path.appending(.mapValue), printable: printable, into: &writer)
                writer.endObject()
            }
            return
        }
        var children: [(String, Int32)] = []
        var child = raw.firstChild
        while child >= 0 {
            children.append((keyString(child), child))
            child = nodes[Int(child)].nextSibling
        }
        children.sort { $0.0 < $1.0 }
        out.member("properties") { writer in
            writer.beginObject()
            for (key, child) in children {
                writer.member(key) { inner in
                    inner.beginObject()
                    writeSchemaBody(child, path: path.appending(.key(key)), printable: printable, into: &inner)
                    inner.endObject()
                }
            }
            writer.endObject()
        }
        let required = children.filter { nodes[Int($0.1)].count >= raw.objects && raw.objects > 0 }.map(\.0)
        if !required.isEmpty {
            out.member("required") { writer in
                writer.beginArray()
                for key in required { writer.element { $0.string(key) } }
                writer.endArray()
            }
        }
    }

    private func format(_ node: ShapeNode) -> String { node.format?.name ?? "" }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// A small JSON text writer: escapes strings, writes numbers portably, tracks commas.
struct JSONWriter {
    var text = ""
    var needsComma = false

    mutating func beginObject() { text += "{"; needsComma = false }
    mutating func endObject() { text += "}"; needsComma = true }
    mutating func beginArray() { text += "["; needsComma = false }
    mutating func endArray() { text += "]"; needsComma = true }

    mutating func member(_ key: String, _ value: (inout JSONWriter) -> Void) {
        if needsComma { text += "," }
        string(key)
        text += ":"
        needsComma = false
        value(&self)
        needsComma = true
    }

    mutating func element(_ value: (inout JSONWriter) -> Void) {
        if needsComma { text += "," }
        needsComma = false
        value(&self)
        needsComma = true
    }

    mutating func string(_ value: String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
        needsComma = true
    }

    mutating func int(_ value: Int) { text += String(value); needsComma = true }
    mutating func bool(_ value: Bool) { text += value ? "true" : "false"; needsComma = true }
    mutating func null() { text += "null"; needsComma = true }

    mutating func double(_ value: Double) {
        if !value.isFinite {
            text += "null"
        } else if value == value.rounded(), abs(value) < 1e15 {
            text += String(Int64(value))
        } else {
            text += "\(value)"
        }
        needsComma = true
    }

    mutating func stats(_ stats: ShapeNode.Stats) {
        beginObject()
        member("min") { $0.int(stats.min) }
        member("max") { $0.int(stats.max) }
        member("mean") { $0.double((stats.mean * 100).rounded() / 100) }
        endObject()
    }

    mutating func range(_ range: ClosedRange<Double>) {
        beginObject()
        member("min") { $0.double(range.lowerBound) }
        member("max") { $0.double(range.upperBound) }
        endObject()
    }
}
