import Foundation
import PackagePlugin

/// Compiles a data directory of the checkout into its target, so the installed binary needs no
/// checkout: `schemas/` into `BuiltinSchemas`, `Fixtures/` into `DemoFixtures`.
@main
struct EmbedFilesPlugin: BuildToolPlugin {
    /// The directory each target embeds, relative to the package root.
    static let directories = ["BuiltinSchemas": "schemas", "DemoFixtures": "Fixtures"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let name = Self.directories[target.name] else { return [] }
        let root = context.package.directoryURL.appendingPathComponent(name, isDirectory: true)
        let files = try Self.dataFiles(under: root)
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("\(target.name)+Files.swift")
        return [.buildCommand(
            displayName: "Embedding the \(name) directory into \(target.name)",
            executable: try context.tool(named: "embed-files").url,
            arguments: [target.name, root.path, output.path] + files,
            inputFiles: files.map { root.appendingPathComponent($0) },
            outputFiles: [output])]
    }

    /// Every data file below `root` (JSON, bodies), relative to it; scripts and prose stay out.
    static func dataFiles(under root: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [String] = []
        for case let url as URL in walker {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if relative.hasSuffix(".py") || relative.hasSuffix(".md") || relative.hasPrefix(".") { continue }
            files.append(relative)
        }
        return files.sorted()
    }
}
