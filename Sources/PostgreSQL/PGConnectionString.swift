import CPostgreSQL
import Foundation

/// A libpq connection string (`postgresql://user@host:port/db?sslmode=…`, `postgres://…`, or
/// `key=value` pairs), checked before any connection is tried. Its ``redacted`` form is the only
/// one that appears in messages: a password, from the URI or anywhere else, never does.
public struct PGConnectionString: Sendable, CustomStringConvertible {
    /// The string as given, for libpq only.
    let raw: String
    /// The same without its password, for messages.
    public let redacted: String

    /// Whether `location` names a PostgreSQL server rather than a file.
    public static func isPostgreSQL(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// Parses `text` with libpq's own parser; throws its message for a malformed string.
    public init(_ text: String) throws(PGError) {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &error) else {
            let message = error.map { String(cString: $0) } ?? "malformed connection string"
            if let error { PQfreemem(error) }
            throw PGError(sqlState: "", message: message.trimmingTrailingNewlines)
        }
        defer { PQconninfoFree(options) }
        raw = text
        redacted = Self.redact(text, options: options)
    }

    public var description: String { redacted }

    /// `text` with any password replaced by `***`: a URI's userinfo password and its
    /// `password=` query parameter, or a `password=` pair of the key/value form.
    static func redact(_ text: String, options: UnsafeMutablePointer<PQconninfoOption>) -> String {
        var password: String?
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val { password = String(cString: value) }
            option += 1
        }
        guard let password, !password.isEmpty else { return text }
        if isPostgreSQL(text) {
            return redactURI(text)
        }
        return text.split(separator: " ", omittingEmptySubsequences: false).map { pair in
            pair.lowercased().hasPrefix("password=") ? "password=***" : String(pair)
        }.joined(separator: " ")
    }

    /// A URI without the password of its userinfo and of its query (also one libpq cannot parse).
    public static func redactURI(_ uri: String) -> String {
        var text = uri
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
               let colon = rest[..<at].firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "***")
            }
        }
        guard let query = text.firstIndex(of: "?") else { return text }
        let pairs = text[text.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false).map { pair in
            pair.lowercased().hasPrefix("password=") ? "password=***" : String(pair)
        }
        return String(text[...query]) + pairs.joined(separator: "&")
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
