import Foundation

/// The catalog `schemas/` as it was when the binary was built, compiled in by the EmbedFiles
/// plugin: the installed binary needs no checkout.
public enum BuiltinSchemas {
    /// Every file, by its name in `schemas/` (`openai.chat_completions.json`, `providers.json`, …).
    public static var files: [(name: String, data: Data)] {
        encodedFiles.map { ($0.path, Data(base64Encoded: $0.base64) ?? Data()) }
    }
}
