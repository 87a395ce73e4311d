import Demo
import Foundation

/// `Tests/Conformance/rules.json`: the hand-written cases, one per rule of the field-map spec.
///
/// Each rule names a catalog entry whose stored field map it starts from (`map.from`), an optional
/// JSON merge patch (RFC 7396) over that map (`map.patch`), the logged row, and its bodies. A body
/// is one segment or a list of segments joined: a string (its UTF-8 bytes), `{"lines": [...]}`
/// (each line followed by `\n`), `{"repeat": "[", "times": 600}`, `{"base64": "..."}` (bytes no
/// JSON string can hold), or `{"fixture": "api/name.response.json"}` (a file of `Fixtures/`).
struct ConformanceRules: Decodable {
    var rules: [Rule]

    /// One rule case.
    struct Rule: Decodable {
        var name: String
        var about: String
        var map: MapSource
        var targetURL: String
        var model: String
        var status: Int?
        var request: Body?
        var response: Body?
        /// Why the case cannot be generated yet (a rule the mapper does not follow yet); such a
        /// rule is listed in the index, not written.
        var pending: String?

        enum CodingKeys: String, CodingKey {
            case name, about, map, model, status, request, response, pending
            case targetURL = "target_url"
        }
    }

    /// Where a rule's field map comes from.
    struct MapSource: Decodable {
        /// A catalog entry id.
        var from: String
        /// A JSON merge patch applied to the entry's stored map.
        var patch: FixtureValue?
    }

    /// A body: segments joined.
    struct Body: Decodable {
        var segments: [Segment]

        init(from decoder: any Decoder) throws {
            if let list = try? [Segment](from: decoder) {
                segments = list
            } else {
                segments = [try Segment(from: decoder)]
            }
        }

        func bytes(_ manifest: FixtureManifest) throws -> [UInt8] {
            try segments.flatMap { try $0.bytes(manifest) }
        }
    }

    /// One piece of a body.
    enum Segment: Decodable {
        case text(String)
        case lines([String])
        case repeated(String, times: Int)
        case base64(String)
        case fixture(String)

        enum CodingKeys: String, CodingKey { case lines, repeat_ = "repeat", times, base64, fixture }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self = .text(text)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let lines = try container.decodeIfPresent([String].self, forKey: .lines) {
                self = .lines(lines)
            } else if let unit = try container.decodeIfPresent(String.self, forKey: .repeat_) {
                self = .repeated(unit, times: try container.decode(Int.self, forKey: .times))
            } else if let encoded = try container.decodeIfPresent(String.self, forKey: .base64) {
                self = .base64(encoded)
            } else {
                self = .fixture(try container.decode(String.self, forKey: .fixture))
            }
        }

        func bytes(_ manifest: FixtureManifest) throws -> [UInt8] {
            switch self {
            case .text(let text): return Array(text.utf8)
            case .lines(let lines): return Array(lines.map { $0 + "\n" }.joined().utf8)
            case .repeated(let unit, let times): return Array(String(repeating: unit, count: times).utf8)
            case .base64(let encoded):
                guard let data = Data(base64Encoded: encoded) else {
                    throw FixtureError(message: "rules: '\(encoded.prefix(20))…' is not base64")
                }
                return Array(data)
            case .fixture(let file): return try manifest.bytes(file)
            }
        }
    }

    /// Reads the rules file.
    static func load(_ path: String) throws -> ConformanceRules {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FixtureError(message: "cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(ConformanceRules.self, from: data)
        } catch {
            throw FixtureError(message: "\(path) is not a valid rules file: \(error)")
        }
    }
}

extension FixtureValue {
    /// This value with `patch` applied as a JSON merge patch (RFC 7396): objects merge member by
    /// member, `null` removes a member, anything else replaces.
    func merged(with patch: FixtureValue) -> FixtureValue {
        guard case .object(let changes) = patch else { return patch }
        var members: [String: FixtureValue] = [:]
        if case .object(let existing) = self { members = existing }
        for (key, change) in changes {
            if change == .null {
                members[key] = nil
            } else {
                members[key] = (members[key] ?? .null).merged(with: change)
            }
        }
        return .object(members)
    }
}
