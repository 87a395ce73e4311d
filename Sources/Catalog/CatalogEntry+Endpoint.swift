/// Endpoint matching.
///
/// A templated request path (as the log keys make it: `/v1beta/models/{model}:generateContent`)
/// matches a pattern when, segment by segment:
/// - a literal pattern segment equals the path segment exactly;
/// - a pattern segment `{name}` matches any one non-empty path segment, whatever it contains;
/// - a pattern segment `{name}:action` matches a segment whose trailing `:action` is the same
///   (so `:generateContent` never matches `:streamGenerateContent`);
/// - a path placeholder (`{model}`, `{id}`) only matches a pattern placeholder.
///
/// The query string, empty segments and a trailing slash are ignored. A path longer than the
/// pattern matches by suffix (it is served behind a prefix such as `/openai` or `/api`) when the
/// pattern's tail that was compared holds at least two literal segments; `/v1/embeddings` then
/// matches `/proxy/openai/v1/embeddings`, but a one-literal pattern like `/embeddings` only
/// matches exactly.
extension CatalogEntry {
    /// How a path matched a pattern.
    public enum EndpointMatch: String, Sendable, Hashable, Comparable {
        /// The path is served behind a prefix.
        case suffix
        /// Every segment matched.
        case exact

        public static func < (lhs: EndpointMatch, rhs: EndpointMatch) -> Bool {
            lhs == .suffix && rhs == .exact
        }
    }

    /// True when `templatedPath` matches one of ``endpoints``.
    public func matchesEndpoint(_ templatedPath: String) -> Bool {
        endpointMatch(templatedPath) != nil
    }

    /// The best way `templatedPath` matches one of ``endpoints``, or nil.
    public func endpointMatch(_ templatedPath: String) -> EndpointMatch? {
        Self.endpointMatch(endpoints.map(EndpointPattern.init), segments: Self.segments(of: templatedPath))
    }

    /// The best way a path (split by ``endpointSegments(of:)``) matches one of `patterns`, or nil.
    public static func endpointMatch(_ patterns: [EndpointPattern], segments pathSegments: [Substring]) -> EndpointMatch? {
        var best: EndpointMatch?
        for pattern in patterns {
            guard let match = pattern.match(segments: pathSegments) else { continue }
            if match == .exact { return .exact }
            best = match
        }
        return best
    }

    /// Matches one pattern against one templated path; see the extension's documentation.
    public static func endpointMatch(pattern: String, path: String) -> EndpointMatch? {
        EndpointPattern(pattern).match(segments: segments(of: path))
    }

    /// The segments a templated path is matched by: the query string and empty segments left out.
    public static func endpointSegments(of path: String) -> [Substring] {
        segments(of: path)
    }

    /// An endpoint pattern split once, for matching many paths.
    public struct EndpointPattern: Sendable, Hashable {
        /// The pattern as the catalog writes it.
        public let pattern: String
        let segments: [Substring]
        /// Segments that are not placeholders.
        let literals: Int

        public init(_ pattern: String) {
            self.pattern = pattern
            segments = CatalogEntry.segments(of: pattern)
            literals = segments.filter { !$0.hasPrefix("{") }.count
        }

        /// How a path, split by ``CatalogEntry/endpointSegments(of:)``, matches this pattern.
        public func match(segments pathSegments: [Substring]) -> EndpointMatch? {
            guard !segments.isEmpty, pathSegments.count >= segments.count else { return nil }
            let tail = pathSegments.suffix(segments.count)
            for (patternSegment, pathSegment) in zip(segments, tail) {
                guard CatalogEntry.segment(pathSegment, matches: patternSegment) else { return nil }
            }
            if pathSegments.count == segments.count { return .exact }
            return literals >= 2 ? .suffix : nil
        }
    }

    static func segments(of path: String) -> [Substring] {
        var text = Substring(path)
        if let query = text.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            text = text[..<query]
        }
        return text.split(separator: "/", omittingEmptySubsequences: true)
    }

    static func segment(_ value: Substring, matches pattern: Substring) -> Bool {
        guard pattern.hasPrefix("{"), let close = pattern.firstIndex(of: "}") else {
            return value == pattern
        }
        let action = pattern[pattern.index(after: close)...]
        if action.isEmpty {
            return !value.isEmpty
        }
        // `{name}:action`: the value's last `:…` must be the same action, after a non-empty name.
        guard value.count > action.count, value.hasSuffix(action) else { return false }
        let name = value.dropLast(action.count)
        return !name.isEmpty && !name.hasSuffix(":")
    }
}
