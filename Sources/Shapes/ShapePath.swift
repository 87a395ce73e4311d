/// A path in a shape: keys, the merged items of an array (`[*]`), or the merged values of a map
/// (`.*`). Rendered as RFC 9535 JSONPath.
public struct ShapePath: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// One step.
    public enum Component: Hashable, Sendable {
        /// A member of an object.
        case key(String)
        /// The items of an array, merged.
        case items
        /// The values of a map (an object whose keys are data), merged.
        case mapValue
    }

    /// The steps from the root.
    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The root, `$`.
    public static let root = ShapePath()

    /// This path extended by one step.
    public func appending(_ component: Component) -> ShapePath {
        ShapePath(components + [component])
    }

    /// JSONPath: `$.usage.prompt_tokens`, `$.choices[*].message`, `$['odd key']`, `$.scores.*`.
    public var description: String {
        var text = "$"
        for component in components { text += Self.step(component) }
        return text
    }

    /// The JSONPath text of one step: `.key`, `['odd key']`, `[*]` or `.*`.
    static func step(_ component: Component) -> String {
        switch component {
        case .key(let key): return isIdentifier(key) ? "." + key : "['" + key.replacingQuotes() + "']"
        case .items: return "[*]"
        case .mapValue: return ".*"
        }
    }

    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return key.utf8.allSatisfy { ($0 | 0x20) &- 0x61 < 26 || $0 &- 0x30 < 10 || $0 == 0x5F }
    }

    public static func < (lhs: ShapePath, rhs: ShapePath) -> Bool { lhs.description < rhs.description }
}

extension String {
    /// Escapes `\` and `'` for a JSONPath name selector, and control characters.
    fileprivate func replacingQuotes() -> String {
        var text = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "'": text += "\\'"
            case _ where scalar.value < 0x20: text += "\\u" + String(scalar.value, radix: 16).leftPadded(4)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
