import BuiltinSchemas
import Foundation

/// The provider API catalog: every `<id>.json` entry plus `providers.json`. The binary carries
/// the catalog it was built with (``builtin()``); an operator's directory adds entries to it or
/// replaces them by id, without rebuilding.
public struct Catalog: Sendable, Hashable {
    /// Entries sorted by id.
    public var entries: [CatalogEntry]
    /// Approved and known provider domains.
    public var providers: ProviderDirectory
    /// The operator's directory merged over the built-in catalog, or nil.
    public var directory: URL?

    /// The name of the provider-domain file in a catalog directory.
    public static let providersFileName = "providers.json"

    public init(entries: [CatalogEntry], providers: ProviderDirectory, directory: URL? = nil) {
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

    /// Loads and validates every `*.json` file of `directory` alone (a whole catalog: its
    /// `providers.json` is required). Throws ``CatalogError`` naming the file and location of the
    /// first problem.
    public static func load(directory: URL) throws(CatalogError) -> Catalog {
        let parsed = try CatalogLoader.parse(CatalogLoader.files(in: directory), requireProviders: true, origin: directory.path)
        return Catalog(entries: parsed.entries, providers: parsed.providers!, directory: directory)
    }

    /// The catalog compiled into the binary from the checkout's `schemas/`.
    public static func builtin() throws(CatalogError) -> Catalog {
        let files = BuiltinSchemas.files.filter { CatalogLoader.isCatalogFile($0.name) }.map { CatalogFile(name: $0.name, data: $0.data, path: "(built-in) schemas/\($0.name)") }
        let parsed = try CatalogLoader.parse(files, requireProviders: true, origin: "(built-in) schemas")
        return Catalog(entries: parsed.entries, providers: parsed.providers!)
    }

    /// The built-in catalog with `directory`'s files over it: an entry with a built-in id replaces
    /// that entry, a new id adds one, and a `providers.json` there replaces the provider table.
    public static func builtin(adding directory: URL?) throws(CatalogError) -> Catalog {
        var catalog = try builtin()
        guard let directory else { return catalog }
        let parsed = try CatalogLoader.parse(CatalogLoader.files(in: directory), requireProviders: false, origin: directory.path)
        let replaced = Set(parsed.entries.map(\.id))
        catalog = Catalog(
            entries: catalog.entries.filter { !replaced.contains($0.id) } + parsed.entries,
            providers: parsed.providers ?? catalog.providers, directory: directory)
        return catalog
    }
}
