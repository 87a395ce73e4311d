import Foundation

/// Which provider a host belongs to, and whether the product approves it (`schemas/providers.json`).
public struct ProviderDirectory: Sendable, Hashable {
    /// One provider and the domains that serve it.
    public struct Provider: Codable, Sendable, Hashable {
        /// The provider name reported as `gen_ai.provider.name`.
        public var provider: String
        /// Domain patterns: a host matches the domain itself or any subdomain of it; a `*` inside
        /// a label matches any run of characters within that one label
        /// (`bedrock-runtime.*.amazonaws.com`, `*-aiplatform.googleapis.com`).
        public var domains: [String]

        public init(provider: String, domains: [String]) {
            self.provider = provider
            self.domains = domains
        }
    }

    /// The product's approved providers.
    public var approved: [Provider]
    /// Providers we recognise but the product does not approve.
    public var known: [Provider]

    public init(approved: [Provider], known: [Provider] = []) {
        self.approved = approved
        self.known = known
    }

    /// The provider of `host` (ports, a trailing dot and case ignored) and whether it is approved.
    /// An approved domain wins over a known one; a host in neither list gets a name derived from
    /// the host itself (`api.deepinfra.com` → `deepinfra`) and `approved: false`.
    public func provider(forHost host: String) -> (name: String, approved: Bool) {
        let normalized = Self.normalizedHost(host)
        if let match = Self.bestMatch(normalized, in: approved) { return (match, true) }
        if let match = Self.bestMatch(normalized, in: known) { return (match, false) }
        return (Self.derivedName(normalized), false)
    }

    /// Lower-cased host without port, brackets, user info or trailing dot.
    public static func normalizedHost(_ host: String) -> String {
        var text = Substring(host.trimmingWhitespace().lowercased())
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if text.hasPrefix("[") {
            // IPv6 literal, optionally with a port after the bracket.
            if let close = text.firstIndex(of: "]") { return String(text[text.index(after: text.startIndex)..<close]) }
            return String(text.dropFirst())
        }
        if let colon = text.firstIndex(of: ":"), text.filter({ $0 == ":" }).count == 1 {
            text = text[..<colon]
        }
        while text.hasSuffix(".") { text = text.dropLast() }
        return String(text)
    }

    /// The provider whose domain pattern matches `host` most specifically (most labels).
    static func bestMatch(_ host: String, in providers: [Provider]) -> String? {
        let hostLabels = host.split(separator: ".", omittingEmptySubsequences: false)
        var best: (name: String, labels: Int)?
        for provider in providers {
            for domain in provider.domains {
                let labels = domain.lowercased().split(separator: ".", omittingEmptySubsequences: false)
                guard labels.count <= hostLabels.count else { continue }
                let tail = hostLabels.suffix(labels.count)
                guard zip(labels, tail).allSatisfy({ globMatch(pattern: $0, value: $1) }) else { continue }
                if best == nil || labels.count > best!.labels {
                    best = (provider.provider, labels.count)
                }
            }
        }
        return best?.name
    }

    /// `*` matches any run of characters (possibly empty) inside one label.
    static func globMatch(pattern: Substring, value: Substring) -> Bool {
        guard pattern.contains("*") else { return pattern == value }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        guard !value.isEmpty, let first = parts.first, let last = parts.last, value.hasPrefix(first) else { return false }
        var rest = value.dropFirst(first.count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.count >= last.count && rest.hasSuffix(last)
    }

    /// A provider name guessed from a host nobody listed: its registrable label
    /// (`llm.acme.co.uk` → `acme`); IP addresses, `localhost` and single-label hosts as they are.
    public static func derivedName(_ host: String) -> String {
        let normalized = normalizedHost(host)
        let labels = normalized.split(separator: ".").map(String.init)
        guard labels.count >= 2, !labels.allSatisfy({ Int($0) != nil }), !normalized.contains(":") else {
            return normalized
        }
        var index = labels.count - 2
        let secondLevelSuffixes: Set<String> = ["co", "com", "net", "org", "gov", "ac", "edu", "ne", "or"]
        if index > 0, labels[labels.count - 1].count == 2, secondLevelSuffixes.contains(labels[index]) {
            index -= 1
        }
        return labels[index]
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
