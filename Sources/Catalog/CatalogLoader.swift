import Foundation

/// One file of a catalog: its name (`<id>.json`, `providers.json`), its bytes, and the path an
/// error names.
struct CatalogFile {
    var name: String
    var data: Data
    var path: String
}

/// Reads catalog files one by one and validates each entry.
enum CatalogLoader {
    /// The `*.json` files of `directory`.
    static func files(in directory: URL) throws(CatalogError) -> [CatalogFile] {
        guard Catalog.isDirectory(directory) else {
            var error = CatalogError(
                file: directory.path, message: "no such directory",
                hint: "point --schemas or \(Catalog.environmentVariable) at a directory of catalog files")
            error.isMissing = true
            throw error
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw CatalogError(file: directory.path, message: "cannot list the catalog directory (\(Self.reason(error)))",
                               hint: "check the path and its permissions, or set \(Catalog.environmentVariable)")
        }
        var files: [CatalogFile] = []
        for name in names.filter(isCatalogFile).sorted() {
            let url = directory.appendingPathComponent(name)
            do {
                files.append(CatalogFile(name: name, data: try Data(contentsOf: url), path: url.path))
            } catch {
                throw CatalogError(file: url.path, message: "cannot read (\(reason(error)))", hint: "check the file's permissions")
            }
        }
        return files
    }

    /// Whether a file of a catalog directory is an entry or the provider table: `*.json`, but not
    /// hidden and not a JSON Schema of the project's own formats (`*.schema.json`).
    static func isCatalogFile(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasSuffix(".schema.json") && !name.hasPrefix(".")
    }

    /// Parses and validates `files`: their entries, and their provider table when one is there
    /// (required when `requireProviders`).
    static func parse(_ files: [CatalogFile], requireProviders: Bool, origin: String) throws(CatalogError)
        -> (entries: [CatalogEntry], providers: ProviderDirectory?)
    {
        if requireProviders, !files.contains(where: { $0.name == Catalog.providersFileName }) {
            throw CatalogError(file: origin + "/" + Catalog.providersFileName,
                               message: "missing; the provider domain table is part of the catalog",
                               hint: "restore schemas/providers.json from the gateway-mapper source")
        }
        var entries: [CatalogEntry] = []
        var seen: [String: String] = [:]
        var providers: ProviderDirectory?
        for file in files {
            let url = URL(fileURLWithPath: file.path)
            let root = try Self.readObject(file)
            if file.name == Catalog.providersFileName {
                providers = try Self.wrap(url) { () throws(CatalogIssue) in try Self.providerDirectory(root) }
                continue
            }
            let entry = try Self.wrap(url) { () throws(CatalogIssue) in try EntryParser(document: root, path: file.path).parse() }
            if let other = seen[entry.id] {
                throw CatalogError(file: file.path, location: "x-gateway.id",
                                   message: "duplicate id \"\(entry.id)\" (also in \(other))", hint: "give each API its own id")
            }
            seen[entry.id] = file.path
            entries.append(entry)
        }
        return (entries, providers)
    }

    static func wrap<T>(_ url: URL, _ body: () throws(CatalogIssue) -> T) throws(CatalogError) -> T {
        do {
            return try body()
        } catch {
            throw CatalogError(file: url.path, location: error.location.description, message: error.message, hint: error.hint)
        }
    }

    static func readObject(_ file: CatalogFile) throws(CatalogError) -> [String: Any] {
        let data = file.data
        let url = URL(fileURLWithPath: file.path)
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
