import Catalog
import Foundation

extension Normalizer {
    /// Reads the request model's `url` and `row` links (FIELD_MAP.md 3.2), in chain order: a link
    /// is used when no link before it in the chain gave the model.
    func readContext(targetURL: String?, loggedModel: String?, into draft: inout Draft) {
        for (level, binding) in compiled.context {
            if let given = draft.modelLevel, given < level { continue }
            let value: String?
            switch binding.body {
            case .url: value = targetURL.flatMap { Self.model(inURL: $0, templates: binding.templates ?? []) }
            case .row: value = binding.paths.contains(where: Self.readsModelColumn) ? loggedModel : nil
            default: value = nil
            }
            guard let value else { continue }
            draft.record.requestModel = value
            draft.modelLevel = level
            if let confidence = binding.confidence { draft.note(confidence: confidence, of: .requestModel) }
        }
    }

    /// True for a path that selects the row object's `model` member (`$.model`, `$['model']`, `$[*]`).
    static func readsModelColumn(_ path: JSONPath) -> Bool {
        path.components == [.key("model")] || path.components == [.wildcard]
    }

    /// The text the `{model}` placeholder of the first matching template matches in the URL's
    /// path, percent-decoded; nil when no template matches.
    static func model(inURL url: String, templates: [String]) -> String? {
        let segments = urlPath(url).split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        for template in templates {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
            if let found = match(segments, parts) { return found.removingPercentEncoding ?? found }
        }
        return nil
    }

    /// The path of a URL: after the authority, before `?` and `#` (the whole text without a scheme).
    static func urlPath(_ url: String) -> Substring {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return "" }
            rest = rest[slash...]
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return rest
    }

    /// Matches template segments against a suffix of the path's segments; `{model}` spans one or
    /// more segments and starts as far left as it can.
    static func match(_ path: [String], _ template: [String]) -> String? {
        guard let modelIndex = template.firstIndex(where: { $0.hasPrefix("{model}") }) else { return nil }
        let before = Array(template[..<modelIndex])
        let after = Array(template[(modelIndex + 1)...])
        let action = String(template[modelIndex].dropFirst("{model}".count))
        guard path.count >= before.count + 1 + after.count else { return nil }
        for (segment, part) in zip(path.suffix(after.count), after) where !segmentMatches(segment, part) { return nil }
        let last = path.count - after.count - 1
        guard last >= before.count else { return nil }
        for start in before.count...last {
            guard zip(path[(start - before.count)..<start], before).allSatisfy({ segmentMatches($0, $1) }) else { continue }
            var text = path[start...last].joined(separator: "/")
            if !action.isEmpty {
                guard text.hasSuffix(action) else { return nil }
                text.removeLast(action.count)
            }
            return text.isEmpty ? nil : text
        }
        return nil
    }

    /// One path segment against one template segment: a literal, `{name}` (one non-empty
    /// segment) or `{name}:action`.
    static func segmentMatches(_ segment: String, _ part: String) -> Bool {
        guard part.hasPrefix("{"), let close = part.firstIndex(of: "}") else { return segment == part }
        let action = part[part.index(after: close)...]
        return segment.count > action.count && segment.hasSuffix(action)
    }
}
