import Foundation

/// A catalog that cannot be loaded: which file, where in it, what is wrong and what to do.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The file (or directory) at fault, as a path.
    public var file: String
    /// Where in the file, as a JSON location (`x-gateway.roles['gen_ai.request.model'].paths[0]`);
    /// empty when the whole file is at fault.
    public var location: String
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var hint: String
    /// True when the catalog directory named does not exist (no input), not when a file is broken.
    public var isMissing = false

    public init(file: String, location: String = "", message: String, hint: String) {
        self.file = file
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file: location: message; hint`.
    public var description: String {
        let place = location.isEmpty ? file : "\(file): \(location)"
        return hint.isEmpty ? "\(place): \(message)" : "\(place): \(message); \(hint)"
    }

    public var errorDescription: String? { description }
}

/// A problem found inside one file, before the file name is known to the reporter.
struct CatalogIssue: Error {
    var location: JSONLocation
    var message: String
    var hint: String
}

/// A position in a JSON document, printed as `a.b['c.d'][0]`.
struct JSONLocation: CustomStringConvertible, Sendable {
    enum Step: Sendable {
        case key(String)
        case index(Int)
    }

    var steps: [Step] = []

    static let document = JSONLocation()

    func key(_ name: String) -> JSONLocation {
        JSONLocation(steps: steps + [.key(name)])
    }

    func index(_ index: Int) -> JSONLocation {
        JSONLocation(steps: steps + [.index(index)])
    }

    var description: String {
        var out = ""
        for step in steps {
            switch step {
            case .key(let name):
                if Self.isPlain(name) {
                    out += out.isEmpty ? name : "." + name
                } else {
                    out += "['" + JSONPathParser.escaped(name) + "']"
                }
            case .index(let index):
                out += "[\(index)]"
            }
        }
        return out
    }

    /// Names printed without brackets: letters, digits, `_`, `$`, `-`, not starting with a digit.
    private static func isPlain(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "$" || scalar == "-"
        }
    }
}
