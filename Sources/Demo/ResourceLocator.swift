import Foundation

/// Finds a data directory shipped with the source tree (`Fixtures/`, `schemas/`): an explicit path,
/// then an environment variable, then `./NAME` in the working directory, then the checkout this
/// binary was built from.
public enum ResourceLocator {
    /// This source file's path where it was built (a default argument would be the caller's).
    static let sourceFile: String = #filePath

    public static func locate(
        _ name: String, explicit: String?, environmentKey: String, environment: [String: String]
    ) -> URL? {
        let fileManager = FileManager.default
        func isDirectory(_ url: URL) -> Bool {
            var flag: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
        }
        if let explicit { return URL(fileURLWithPath: explicit) }
        if let value = environment[environmentKey], !value.isEmpty { return URL(fileURLWithPath: value) }
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent(name)
        if isDirectory(local) { return local }
        return checkout(name)
    }

    /// `name` in the source checkout this binary was built from, if it is still there.
    public static func checkout(_ name: String) -> URL? {
        // This file is Sources/Demo/ResourceLocator.swift: three levels up is the package root.
        let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent(name)
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue ? url : nil
    }
}
