import Demo
import Foundation

/// The demo's fixtures as `--fixtures DIR` (or `$GATEWAY_MAPPER_FIXTURES`) names them, else the
/// copy compiled into the binary.
public struct FixtureDirectory: Sendable {
    /// The directory named, or nil for the built-in fixtures.
    public var path: String?

    public init(path: String?) {
        self.path = path
    }

    /// The fixture manifest, or a no-input error naming what is wrong.
    public func manifest() throws(CommandError) -> FixtureManifest {
        do {
            guard let path else { return try FixtureManifest.builtin() }
            return try FixtureManifest.load(directory: URL(fileURLWithPath: path))
        } catch let error as FixtureError {
            throw CommandError(.noInput, error.message)
        } catch {
            throw CommandError(.noInput, "\(error)")
        }
    }
}
