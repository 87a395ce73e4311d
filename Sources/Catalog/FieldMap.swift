import Foundation

/// What the job stores in `model_mappings.field_map` and what the normalizer reads: role → binding,
/// raw → canonical finish reasons, and the stream framing.
public struct FieldMap: Codable, Sendable, Hashable {
    /// The catalog entry id this map came from, or ``FieldMap/heuristicSchemaID``.
    public var schemaID: String
    /// Role name → where it lives.
    public var roles: [String: RoleBinding]
    /// Raw finish reason → canonical OpenTelemetry value (`stop`, `length`, `content_filter`,
    /// `tool_call`, `error`).
    public var finishReasons: [String: String]
    /// How streamed responses are framed, when the API streams.
    public var stream: StreamFraming?
    /// How the token roles' conventions were decided, when the job decided them.
    public var tokenEvidence: TokenEvidence?

    /// The schema id of a map derived by structure alone.
    public static let heuristicSchemaID = "heuristic"

    /// The canonical finish reasons OpenTelemetry defines.
    public static let canonicalFinishReasons: Set<String> = ["stop", "length", "content_filter", "tool_call", "error"]

    public init(schemaID: String, roles: [String: RoleBinding] = [:], finishReasons: [String: String] = [:], stream: StreamFraming? = nil) {
        self.schemaID = schemaID
        self.roles = roles
        self.finishReasons = finishReasons
        self.stream = stream
    }

    enum CodingKeys: String, CodingKey {
        case schemaID = "schema_id"
        case roles
        case finishReasons = "finish_reasons"
        case stream
        case tokenEvidence = "token_evidence"
    }

    /// The binding for `role`, if the map has one.
    public subscript(role: Role) -> RoleBinding? {
        get { roles[role.rawValue] }
        set { roles[role.rawValue] = newValue }
    }

    /// The canonical value for a raw finish reason: an exact match first, then a case-insensitive
    /// one; a raw value that is already canonical maps to itself; nil when unknown.
    public func canonicalFinishReason(_ raw: String) -> String? {
        if let exact = finishReasons[raw] { return exact }
        let lowered = raw.lowercased()
        if let match = finishReasons.first(where: { $0.key.lowercased() == lowered }) { return match.value }
        return Self.canonicalFinishReasons.contains(lowered) ? lowered : nil
    }

    /// The deterministic JSON form (sorted keys, no escaped slashes) that is stored and hashed.
    public func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The stored JSON form as a string.
    public func encodedJSONString() throws -> String {
        String(decoding: try encodedJSON(), as: UTF8.self)
    }

    /// Reads a map from its stored JSON form.
    public static func decode(from data: Data) throws -> FieldMap {
        try JSONDecoder().decode(FieldMap.self, from: data)
    }
}
