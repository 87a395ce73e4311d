/// Why a field map's token roles carry the `tokens` conventions they do: learned from the
/// key's own bodies (the parts added up to the reported total) or the catalog's, unverified.
public struct TokenEvidence: Codable, Sendable, Hashable {
    /// Where the conventions come from.
    public enum Source: String, Codable, Sendable, Hashable {
        /// From the sampled bodies: a total and the parts that add up to it.
        case learned
        /// The catalog entry's conventions (no totals to check them against, or none agreed).
        case catalog
    }

    public var source: Source
    /// Sampled bodies that carry the total and its main parts.
    public var samples: Int
    /// Of those, bodies whose parts add up to the total by `rule`.
    public var agreeing: Int
    /// The sum that held, in role names (`total = input + output + reasoning`), or why none was checked.
    public var rule: String

    public init(source: Source, samples: Int, agreeing: Int, rule: String) {
        self.source = source
        self.samples = samples
        self.agreeing = agreeing
        self.rule = rule
    }
}
