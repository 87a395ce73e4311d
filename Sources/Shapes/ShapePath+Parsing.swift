extension ShapePath {
    /// Parses the RFC 9535 JSONPath subset the catalog uses: `$`, `.name`, `['name']` (with `\'`
    /// and `\\` escapes), `["name"]`, `[n]` and `[*]` (both select the merged array items: a
    /// shape has one item shape per array), and `.*` / `[*]` after an object for map values.
    /// Returns nil for anything else (filters, slices, recursive descent).
    public init?(jsonPath text: String) {
        var components: [Component] = []
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "$") else { return nil }
        var index = 1
        func isNameByte(_ byte: UInt8) -> Bool {
            (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-") || byte >= 0x80
        }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."):
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "*") {
                    components.append(.mapValue)
                    index += 1
                    continue
                }
                let start = index
                while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
                guard index > start else { return nil }
                components.append(.key(String(decoding: bytes[start..<index], as: UTF8.self)))
            case UInt8(ascii: "["):
                index += 1
                guard index < bytes.count else { return nil }
                let byte = bytes[index]
                if byte == UInt8(ascii: "*") {
                    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "]") else { return nil }
                    components.append(.items)
                    index += 2
                } else if byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") {
                    index += 1
                    while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "]") else { return nil }
                    components.append(.items)
                    index += 1
                } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    let quote = byte
                    index += 1
                    var name: [UInt8] = []
                    while index < bytes.count, bytes[index] != quote {
                        if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                            index += 1
                        }
                        name.append(bytes[index])
                        index += 1
                    }
                    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "]") else { return nil }
                    components.append(.key(String(decoding: name, as: UTF8.self)))
                    index += 2
                } else {
                    return nil
                }
            default:
                return nil
            }
        }
        self.init(components)
    }
}

extension Shape {
    /// The node at a JSONPath (see `ShapePath(jsonPath:)`), or nil when the path is not in the
    /// subset or not in the shape. `[*]` on an object that is a map selects its value shape.
    public func node(jsonPath: String) -> ShapeNode? {
        guard let path = ShapePath(jsonPath: jsonPath) else { return nil }
        return node(at: path)
    }
}
