/// One message of a conversation: its role and text parts, the tool calls it makes and, for a
/// tool result, the call it answers.
public struct NormalizedMessage: Sendable, Codable, Equatable, Hashable {
    /// `system`, `user`, `assistant`, `tool`, `model`, … as the API writes it.
    public var role: String?
    /// The text parts, in order (a string content is one part).
    public var parts: [String]
    /// Tool calls carried by the message.
    public var toolCalls: [NormalizedToolCall]
    /// For a tool result: the id of the call it answers.
    public var toolCallID: String?
    /// The participant or tool name, when given.
    public var name: String?

    public init(role: String?, parts: [String] = [], toolCalls: [NormalizedToolCall] = [], toolCallID: String? = nil, name: String? = nil) {
        self.role = role
        self.parts = parts
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    /// The text parts joined with no separator.
    public var text: String { parts.joined() }

    enum CodingKeys: String, CodingKey {
        case role, parts
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
        case name
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        parts = try container.decodeIfPresent([String].self, forKey: .parts) ?? []
        toolCalls = try container.decodeIfPresent([NormalizedToolCall].self, forKey: .toolCalls) ?? []
        toolCallID = try container.decodeIfPresent(String.self, forKey: .toolCallID)
        name = try container.decodeIfPresent(String.self, forKey: .name)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(role, forKey: .role)
        try container.encode(parts, forKey: .parts)
        if !toolCalls.isEmpty { try container.encode(toolCalls, forKey: .toolCalls) }
        try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        try container.encodeIfPresent(name, forKey: .name)
    }
}
