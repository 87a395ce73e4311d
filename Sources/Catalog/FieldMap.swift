import Foundation

/// What the job stores in `model_mappings.field_map` and what the normalizer reads: role → binding,
/// raw → canonical finish reasons, the stream framing, and the body rules (forms, plain text).
/// The format is specified in `schemas/FIELD_MAP.md`; this type is its version 2. Maps stored in
/// version 1 are converted when decoded (``FieldMap/upgradedFromVersion1(endpoints:)``).
public struct FieldMap: Codable, Sendable, Hashable {
    /// What happens to a raw finish reason the table does not know.
    public enum UnknownFinishReason: String, Codable, Sendable, Hashable, CaseIterable {
        /// Left out of the canonical list.
        case drop
        /// Copied unchanged into the canonical list.
        case keep
    }

    /// When a plain-text success response is the output text.
    public struct PlainText: Codable, Sendable, Hashable {
        /// Request path → values (compared ignoring ASCII case) that ask for a plain-text answer.
        public var request: [JSONPath: [String]]

        public init(request: [JSONPath: [String]]) {
            self.request = request
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let raw = try container.decode([String: [String]].self, forKey: .request)
            var out: [JSONPath: [String]] = [:]
            for (text, values) in raw { out[try JSONPath(text)] = values }
            request = out
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(Dictionary(uniqueKeysWithValues: request.map { ($0.key.description, $0.value) }), forKey: .request)
        }

        enum CodingKeys: String, CodingKey { case request }
    }

    /// The format version this type reads and writes.
    public static let currentVersion = 2

    /// The format version (always ``currentVersion`` once decoded).
    public var version: Int = FieldMap.currentVersion
    /// The catalog entry id this map came from, or ``FieldMap/heuristicSchemaID``.
    public var schemaID: String
    /// Role name → where it lives.
    public var roles: [String: RoleBinding]
    /// Raw finish reason → canonical OpenTelemetry value (`stop`, `length`, `content_filter`,
    /// `tool_call`, `error`).
    public var finishReasons: [String: String]
    /// What happens to a raw finish reason `finishReasons` does not know.
    public var unknownFinishReason: UnknownFinishReason = .drop
    /// How streamed responses are framed, when the API streams.
    public var stream: StreamFraming?
    /// True when the request may be a multipart form, read as a flat object of its fields.
    public var requestForms: Bool = false
    /// When a plain-text success response is the output text; nil: never.
    public var plainText: PlainText?
    /// How the token conventions of the bindings reading a plain `response` were decided, when
    /// the mapper says.
    public var tokenEvidence: TokenEvidence?
    /// How the token conventions of the bindings reading `response_stream` events were decided
    /// (from the stream events' own counts), when the mapper says.
    public var streamTokenEvidence: TokenEvidence?

    /// The schema id of a map derived by structure alone.
    public static let heuristicSchemaID = "heuristic"

    /// The canonical finish reasons OpenTelemetry defines.
    public static let canonicalFinishReasons: Set<String> = ["stop", "length", "content_filter", "tool_call", "error"]

    public init(
        schemaID: String, roles: [String: RoleBinding] = [:], finishReasons: [String: String] = [:], stream: StreamFraming? = nil,
        unknownFinishReason: UnknownFinishReason = .drop, requestForms: Bool = false, plainText: PlainText? = nil,
        tokenEvidence: TokenEvidence? = nil, streamTokenEvidence: TokenEvidence? = nil
    ) {
        self.schemaID = schemaID
        self.roles = roles
        self.finishReasons = finishReasons
        self.stream = stream
        self.unknownFinishReason = unknownFinishReason
        self.requestForms = requestForms
        self.plainText = plainText
        self.tokenEvidence = tokenEvidence
        self.streamTokenEvidence = streamTokenEvidence
    }

    enum CodingKeys: String, CodingKey {
        case version
        case schemaID = "schema_id"
        case roles
        case finishReasons = "finish_reasons"
        case unknownFinishReason = "unknown_finish_reason"
        case stream
        case requestForms = "request_forms"
        case plainText = "plain_text"
        case tokenEvidence = "token_evidence"
        case streamTokenEvidence = "stream_token_evidence"
    }

    /// Reads version 2, or version 1 (no `version` key) converted to version 2.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard (1...Self.currentVersion).contains(version) else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container, debugDescription: "field map version \(version) is newer than this mapper reads (\(Self.currentVersion))")
        }
        schemaID = try container.decode(String.self, forKey: .schemaID)
        roles = try container.decode([String: RoleBinding].self, forKey: .roles)
        finishReasons = try container.decodeIfPresent([String: String].self, forKey: .finishReasons) ?? [:]
        stream = try container.decodeIfPresent(StreamFraming.self, forKey: .stream)
        tokenEvidence = try container.decodeIfPresent(TokenEvidence.self, forKey: .tokenEvidence)
        streamTokenEvidence = try container.decodeIfPresent(TokenEvidence.self, forKey: .streamTokenEvidence)
        if version == 1 {
            self = upgradedFromVersion1()
            return
        }
        unknownFinishReason = try container.decode(UnknownFinishReason.self, forKey: .unknownFinishReason)
        requestForms = try container.decodeIfPresent(Bool.self, forKey: .requestForms) ?? false
        plainText = try container.decodeIfPresent(PlainText.self, forKey: .plainText)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.currentVersion, forKey: .version)
        try container.encode(schemaID, forKey: .schemaID)
        try container.encode(roles, forKey: .roles)
        try container.encode(finishReasons, forKey: .finishReasons)
        try container.encode(unknownFinishReason, forKey: .unknownFinishReason)
        try container.encodeIfPresent(stream, forKey: .stream)
        if requestForms { try container.encode(true, forKey: .requestForms) }
        try container.encodeIfPresent(plainText, forKey: .plainText)
        try container.encodeIfPresent(tokenEvidence, forKey: .tokenEvidence)
        try container.encodeIfPresent(streamTokenEvidence, forKey: .streamTokenEvidence)
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

    /// The canonical list for raw finish reasons, by the table and `unknownFinishReason`.
    public func canonicalFinishReasons(_ raw: [String]) -> [String] {
        raw.compactMap { canonicalFinishReason($0) ?? (unknownFinishReason == .keep ? $0 : nil) }
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

    /// Reads a map from its stored JSON form (version 1 is converted).
    public static func decode(from data: Data) throws -> FieldMap {
        try JSONDecoder().decode(FieldMap.self, from: data)
    }
}
