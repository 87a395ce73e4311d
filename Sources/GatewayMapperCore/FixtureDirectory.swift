import Demo
import Foundation

/// Finding `Fixtures/` the way every command does, with the error a user sees when it is missing.
enum FixtureDirectory {
    /// `--fixtures`, then `$GATEWAY_MAPPER_FIXTURES`, `./Fixtures`, the checkout's `Fixtures/`.
    static func locate(explicit: String?, context: CommandContext) throws(CommandError) -> String {
        guard let directory = ResourceLocator.locate(
            "Fixtures", explicit: explicit, environmentKey: "GATEWAY_MAPPER_FIXTURES", environment: context.environment)
        else {
            throw CommandError(.noInput, "cannot find the Fixtures/ directory; run from the source checkout or pass --fixtures DIR")
        }
        return directory.path
    }

    /// The fixture manifest, or a no-input error naming what is wrong.
    static func manifest(explicit: String?, context: CommandContext) throws(CommandError) -> FixtureManifest {
        let directory = try locate(explicit: explicit, context: context)
        do {
            return try FixtureManifest.load(directory: URL(fileURLWithPath: directory))
        } catch let error as FixtureError {
            throw CommandError(.noInput, error.message)
        } catch {
            throw CommandError(.noInput, "\(error)")
        }
    }
}
