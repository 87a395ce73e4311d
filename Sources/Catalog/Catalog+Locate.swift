import Foundation

extension Catalog {
    /// The environment variable that names the catalog directory.
    public static let environmentVariable = "GATEWAY_MAPPER_SCHEMAS"

    /// Finds the catalog directory, in order: `explicit` (a `--schemas` flag), the
    /// `GATEWAY_MAPPER_SCHEMAS` environment variable, `./schemas` in `currentDirectory`, and
    /// last the `schemas/` directory of the source checkout this module was built from.
    /// An explicit or environment path that is not a directory is an error, never skipped.
    public static func locateDefault(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(CatalogError) -> URL {
        if let explicit, !explicit.isEmpty {
            return try existingDirectory(explicit, relativeTo: currentDirectory, what: "the schemas path given")
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try existingDirectory(fromEnvironment, relativeTo: currentDirectory, what: "\(environmentVariable)")
        }
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("schemas")
        if isDirectory(local) { return local.standardizedFileURL }
        let checkout = sourceCheckoutSchemas
        if isDirectory(checkout) { return checkout }
        throw CatalogError(
            file: local.path,
            message: "no catalog directory found (looked in ./schemas and \(checkout.path))",
            hint: "pass --schemas DIR or set \(environmentVariable) to the schemas/ directory of gateway-mapper")
    }

    /// Locates the catalog (see ``locateDefault(explicit:environment:currentDirectory:)``) and loads it.
    public static func loadDefault(explicit: String? = nil) throws(CatalogError) -> Catalog {
        try load(directory: locateDefault(explicit: explicit))
    }

    /// `schemas/` of the source checkout, derived from this file's path
    /// (`<root>/Sources/Catalog/Catalog+Locate.swift`).
    public static var sourceCheckoutSchemas: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Catalog
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("schemas", isDirectory: true)
    }

    private static func existingDirectory(_ path: String, relativeTo base: String, what: String) throws(CatalogError) -> URL {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
        guard isDirectory(url) else {
            throw CatalogError(file: url.path, message: "\(what) is not a directory", hint: "point it at the schemas/ directory of gateway-mapper")
        }
        return url.standardizedFileURL
    }

    static func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }
}
