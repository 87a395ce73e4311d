import Demo
import Foundation

/// Finding the demo's fixtures the way every command does: `--fixtures DIR`, then
/// `$GATEWAY_MAPPER_FIXTURES`, else the copy compiled into the binary.
public enum FixtureDirectory {
    /// The fixture manifest, or a no-input error naming what is wrong.
    public static func manifest(explicit: String?, context: CommandContext) throws(CommandError) -> FixtureManifest {
        let named = explicit ?? context.environment["GATEWAY_MAPPER_FIXTURES"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            guard let named else { return try FixtureManifest.builtin() }
            return try FixtureManifest.load(directory: URL(fileURLWithPath: named))
        } catch let error as FixtureError {
            throw CommandError(.noInput, error.message)
        } catch {
            throw CommandError(.noInput, "\(error)")
        }
    }
}
