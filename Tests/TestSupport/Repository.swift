import Foundation

/// The checkout the tests run from, and its data directories.
public enum Repository {
    /// The package root (this file is `Tests/TestSupport/Repository.swift`).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `Fixtures/`: the recorded bodies and their manifest.
    public static let fixtures = root.appendingPathComponent("Fixtures")
    /// `schemas/`: the catalog as checked in.
    public static let schemas = root.appendingPathComponent("schemas")
}
