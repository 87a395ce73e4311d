import Foundation

/// `Fixtures/` (the manifest and every body it names) as it was when the binary was built,
/// compiled in by the EmbedFiles plugin, so `gateway-mapper demo` runs without a checkout.
public enum DemoFixtures {
    /// The bytes of a file by its path relative to `Fixtures/`, or nil.
    public static func file(_ path: String) -> Data? {
        index[path].flatMap { Data(base64Encoded: encodedFiles[$0].base64) }
    }

    static let index: [String: Int] = Dictionary(
        encodedFiles.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
}
