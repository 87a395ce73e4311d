import Foundation

/// The repository's `Fixtures/`, found from this file's path.
enum FixturesDirectory {
    static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures")
    }
}
