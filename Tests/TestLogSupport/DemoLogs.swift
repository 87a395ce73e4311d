import Demo
import Foundation
import TestSupport

/// A small demo log database written from the repository's `Fixtures/` into a test directory.
public enum DemoLogs {
    public static func manifest() throws -> FixtureManifest {
        try FixtureManifest.load(directory: Repository.fixtures)
    }

    /// Writes a demo database of about `rows` rows; returns its path and truth.
    public static func make(in dir: TemporaryDirectory, name: String = "logs.db", rows: Int = 800, seed: UInt64 = 11) throws
        -> (path: String, truth: DemoDatabase.Truth)
    {
        let path = dir.path(name)
        let (_, truth) = try DemoDatabase(manifest: try manifest(), seed: seed, targetRows: rows).write(to: path)
        return (path, truth)
    }
}
