import Foundation

/// Finds a data directory shipped with the source tree (`Fixtures/`, `schemas/`): an explicit path,
/// then an environment variable, then `./NAME` in the working directory, then the checkout this
/// binary was built from.
public enum ResourceLocator {
    public static func locate(
        _ name: String, explicit: String?, environmentKey: String, environment: [String: String],
        filePath: String = #filePath
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
        // Sources/Demo/ResourceLocator.swift → the package root.
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let checkout = root.appendingPathComponent(name)
        return isDirectory(checkout) ? checkout : nil
    }
}
