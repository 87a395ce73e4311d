/// How a token-count role relates to the OpenTelemetry counts, so nothing is counted twice.
///
/// See `schemas/README.md` for the arithmetic the normalizer applies.
public enum TokenConvention: String, Codable, Sendable, Hashable, CaseIterable {
    /// An input count that already includes cache reads (OpenAI `prompt_tokens`); use as is.
    case includesCached = "includes_cached"
    /// An input count that leaves cache reads and writes out (Anthropic `input_tokens`); the OTel
    /// input count is this plus every `separate` cache role of the same body.
    case excludesCached = "excludes_cached"
    /// A count already contained in the input count (OpenAI `cached_tokens`); never add it.
    case subsetOfInput = "subset_of_input"
    /// A count already contained in the output count (OpenAI `reasoning_tokens`); never add it.
    case subsetOfOutput = "subset_of_output"
    /// A count reported beside the main counts (Anthropic `cache_read_input_tokens`, Gemini
    /// `thoughtsTokenCount`); add it to the input (cache) or output (reasoning) count.
    case separate
}
