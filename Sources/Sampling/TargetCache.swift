import Logs

/// A worker's memo of parsed `target_url`s: the host and path of each distinct URL, and its
/// templated endpoint per model. A model sends its traffic to a handful of URLs, so parsing and
/// templating once per distinct URL instead of once per row takes them off the sampling loop.
///
/// Bounded: past `capacity` entries a table is emptied and refilled, so a log with a new URL per
/// row (ids in the path) costs one parse per row as before, never unbounded memory.
public struct TargetCache: Sendable {
    /// What the sampling loop needs of one URL for one model.
    public struct Resolved: Sendable, Hashable {
        public let host: String
        public let path: String
        public let endpoint: String
    }

    /// One URL parsed, with the model its path names (if any).
    public struct Parsed: Sendable, Hashable {
        public let target: TargetURL
        public let modelInPath: String?
    }

    struct EndpointKey: Hashable, Sendable {
        let url: String
        let model: String
    }

    /// Most entries kept per table.
    let capacity: Int
    private(set) var urls: [String: Parsed] = [:]
    private(set) var endpoints: [EndpointKey: Resolved] = [:]

    /// Models known to the run, so a path naming one whose id holds `/` is read whole.
    let knownModels: Set<String>

    public init(capacity: Int = 1_024, knownModels: Set<String> = []) {
        self.capacity = max(1, capacity)
        self.knownModels = knownModels
    }

    /// Host and path of `url`, and the model its path names, parsed once.
    public mutating func parsed(_ url: String) -> Parsed {
        if let found = urls[url] { return found }
        let target = TargetURL(url)
        let parsed = Parsed(target: target, modelInPath: Endpoint.modelInPath(target.path, known: knownModels))
        if urls.count >= capacity { urls.removeAll(keepingCapacity: true) }
        urls[url] = parsed
        return parsed
    }

    /// Host, path and endpoint template of `url` for `model`, computed once per pair.
    public mutating func resolve(_ url: String, model: String) -> Resolved {
        let key = EndpointKey(url: url, model: model)
        if let found = endpoints[key] { return found }
        let target = parsed(url).target
        let resolved = Resolved(host: target.host, path: target.path, endpoint: Endpoint.template(path: target.path, model: model))
        if endpoints.count >= capacity { endpoints.removeAll(keepingCapacity: true) }
        endpoints[key] = resolved
        return resolved
    }
}
