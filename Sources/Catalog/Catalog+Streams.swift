extension Catalog {
    /// True when an entry serving `endpoint` (a templated path) declares `json_array` streams:
    /// a successful response there that is a top-level JSON array is a stream of its elements.
    /// Elsewhere a top-level array is one response (the HF Inference API wraps `/generate`'s
    /// body in a list).
    public func framesArrayStreams(endpoint: String) -> Bool {
        arrayStreamRule(endpoint)
    }

    /// `framesArrayStreams(endpoint:)` as a function the samplers keep.
    public var arrayStreamRule: @Sendable (String) -> Bool {
        let patterns = entries.filter { $0.stream?.frames(.jsonArray) == true }.flatMap(\.endpoints).map(CatalogEntry.EndpointPattern.init)
        return { endpoint in
            !patterns.isEmpty && CatalogEntry.endpointMatch(patterns, segments: CatalogEntry.endpointSegments(of: endpoint)) != nil
        }
    }
}
