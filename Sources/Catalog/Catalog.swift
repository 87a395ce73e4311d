import Foundation

/// The provider API catalog: every `schemas/<id>.json` file of a directory plus its
/// `providers.json`, loaded at run time so operators can add an API without rebuilding.
public struct Catalog: Sendable, Hashable {
    /// Entries sorted by id.
    public var entries: [CatalogEntry]
    /// Approved and known provider domains.
    public var providers: ProviderDirectory
    /// The directory the catalog was loaded from.
    public var directory: URL

    /// The name of the provider-domain file in a catalog directory.
    public static let providersFileName = "providers.json"

    public init(entries: [CatalogEntry], providers: ProviderDirectory, directory: URL) {
        self.entries = entries.sorted { $0.id < $1.id }
        self.providers = providers
        self.directory = directory
    }

    /// The entry with `id`, if any.
    public func entry(id: String) -> CatalogEntry? {
        entries.first { $0.id == id }
    }

    /// Every entry one of whose endpoint patterns matches `templatedPath`, exact matches first.
    public func entries(matchingEndpoint templatedPath: String) -> [CatalogEntry] {
        let matched = entries.compactMap { entry in entry.endpointMatch(templatedPath).map { (entry, $0) } }
        return matched.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.id < $1.0.id) }.map(\.0)
    }

    /// Loads and validates every `*.json` file of `directory` (except `providers.json`, which is
    /// read as the ``ProviderDirectory``). Throws ``CatalogError`` naming the file and location of
    /// the first problem.
    public static func load(directory: URL) throws(CatalogError) -> Catalog {
        var loader = CatalogLoader(directory: directory)
        return try loader.load()
    }
}
