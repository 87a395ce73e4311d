import Catalog

/// The operator's catalog directory as `--schemas DIR` or `$GATEWAY_MAPPER_SCHEMAS` names it,
/// added over the built-in catalog; none names the built-in catalog alone.
public struct SchemasDirectory: Sendable {
    /// The directory named, if any.
    public var path: String?
    /// True when `$GATEWAY_MAPPER_SCHEMAS` named it (its errors say so), not `--schemas`.
    public var fromEnvironment: Bool

    public init(path: String?, fromEnvironment: Bool = false) {
        self.path = path
        self.fromEnvironment = fromEnvironment
    }

    /// The built-in catalog with the named directory over it; a named path that is not a
    /// directory is an error, never skipped.
    public func catalog() throws(CatalogError) -> Catalog {
        guard let path, fromEnvironment else { return try Catalog.loadDefault(explicit: path, environment: [:]) }
        return try Catalog.loadDefault(explicit: nil, environment: [Catalog.environmentVariable: path])
    }
}
