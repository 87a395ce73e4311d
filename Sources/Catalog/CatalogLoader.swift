import Foundation

/// Reads a catalog directory file by file and validates each entry.
struct CatalogLoader {
    let directory: URL

    init(directory: URL) {
        self.directory = directory
    }

    mutating func load() throws(CatalogError) -> Catalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw CatalogError(file: directory.path, message: "cannot list the catalog directory (\(Self.reason(error)))",
                               hint: "check the path and its permissions, or set \(Catalog.environmentVariable)")
        }
        let files = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        guard files.contains(Catalog.providersFileName) else {
            throw CatalogError(file: directory.appendingPathComponent(Catalog.providersFileName).path,
                               message: "missing; the provider domain table is part of the catalog",
                               hint: "restore schemas/providers.json from the gateway-mapper source")
        }
        var entries: [CatalogEntry] = []
        var seen: [String: String] = [:]
        var providers = ProviderDirectory(approved: [])
        for name in files {
            let url = directory.appendingPathComponent(name)
            let root = try Self.readObject(url)
            if name == Catalog.providersFileName {
                providers = try Self.wrap(url) { () throws(CatalogIssue) in try Self.providerDirectory(root) }
                continue
            }
            let entry = try Self.wrap(url) { () throws(CatalogIssue) in try EntryParser(document: root, path: url.path).parse() }
            if let other = seen[entry.id] {
                throw CatalogError(file: url.path, location: "x-gateway.id",
                                   message: "duplicate id \"\(entry.id)\" (also in \(other))", hint: "give each API its own id")
            }
            seen[entry.id] = url.path
            entries.append(entry)
        }
        return Catalog(entries: entries, providers: providers, directory: directory)
    }

    static func wrap<T>(_ url: URL, _ body: () throws(CatalogIssue) -> T) throws(CatalogError) -> T {
        do {
            return try body()
        } catch {
            throw CatalogError(file: url.path, location: error.location.description, message: error.message, hint: error.hint)
        }
    }

    static func readObject(_ url: URL) throws(CatalogError) -> [String: Any] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CatalogError(file: url.path, message: "cannot read (\(reason(error)))", hint: "check the file's permissions")
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw CatalogError(file: url.path, message: "not valid JSON (\(reason(error)))", hint: "fix the syntax; `python3 -m json.tool FILE` shows the line")
        }
        guard let object = value as? [String: Any] else {
            throw CatalogError(file: url.path, message: "the document must be a JSON object", hint: "see schemas/README.md for the format")
        }
        return object
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }

    static func providerDirectory(_ root: [String: Any]) throws(CatalogIssue) -> ProviderDirectory {
        func list(_ key: String, required: Bool) throws(CatalogIssue) -> [ProviderDirectory.Provider] {
            let location = JSONLocation.document.key(key)
            guard let value = root[key] else {
                if required { throw CatalogIssue(location: location, message: "missing", hint: "list {\"provider\": NAME, \"domains\": [...]} objects") }
                return []
            }
            guard let array = value as? [Any] else {
                throw CatalogIssue(location: location, message: "must be an array", hint: "list {\"provider\": NAME, \"domains\": [...]} objects")
            }
            var out: [ProviderDirectory.Provider] = []
            for (index, item) in array.enumerated() {
                let at = location.index(index)
                guard let object = item as? [String: Any] else {
                    throw CatalogIssue(location: at, message: "must be an object", hint: "write {\"provider\": NAME, \"domains\": [...]}")
                }
                guard let name = object["provider"] as? String, !name.isEmpty else {
                    throw CatalogIssue(location: at.key("provider"), message: "missing or not a string", hint: "name the provider")
                }
                guard let domains = object["domains"] as? [String], !domains.isEmpty,
                      domains.allSatisfy({ !$0.isEmpty && !$0.contains("/") && !$0.contains(":") }) else {
                    throw CatalogIssue(location: at.key("domains"), message: "must be a non-empty array of host names",
                                       hint: "write bare domains like \"api.openai.com\" (no scheme, path or port)")
                }
                out.append(.init(provider: name, domains: domains.map { $0.lowercased() }))
            }
            return out
        }
        return ProviderDirectory(approved: try list("approved", required: true), known: try list("known", required: false))
    }
}
