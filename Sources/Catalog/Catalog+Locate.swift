import Foundation

extension Catalog {
    /// The environment variable that names an operator's catalog directory.
    public static let environmentVariable = "GATEWAY_MAPPER_SCHEMAS"

    /// The operator's catalog directory, if one is named: `explicit` (a `--schemas` flag), else the
    /// `GATEWAY_MAPPER_SCHEMAS` environment variable; a relative path is taken from
    /// `currentDirectory`. Nil when neither is set: the built-in catalog alone.
    /// A named path that is not a directory is an error (``CatalogError/isMissing``), never skipped.
    public static func locateDefault(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(CatalogError) -> URL? {
        if let explicit, !explicit.isEmpty {
            return try existingDirectory(explicit, relativeTo: currentDirectory, what: "the schemas path given with --schemas")
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try existingDirectory(fromEnvironment, relativeTo: currentDirectory, what: "\(environmentVariable)")
        }
        return nil
    }

    /// The built-in catalog with the operator's directory (see ``locateDefault(explicit:environment:currentDirectory:)``) over it.
    public static func loadDefault(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CatalogError) -> Catalog {
        try builtin(adding: locateDefault(explicit: explicit, environment: environment))
    }

    private static func existingDirectory(_ path: String, relativeTo base: String, what: String) throws(CatalogError) -> URL {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
        guard isDirectory(url) else {
            var error = CatalogError(
                file: url.path, message: "\(what) is not a directory",
                hint: "point it at a directory of catalog files (see schemas/README.md), or unset it to use the built-in catalog")
            error.isMissing = true
            throw error
        }
        return url.standardizedFileURL
    }

    static func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }
}
