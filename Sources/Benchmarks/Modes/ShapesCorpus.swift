import Commands
import Foundation

/// A deterministic in-memory corpus of realistic bodies for `gateway-mapper-bench shapes`.
enum ShapesCorpus {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    static let words = [
        "the", "model", "gateway", "request", "response", "token", "stream", "provider", "latency", "budget",
        "please", "summarize", "following", "document", "about", "quarterly", "results", "and", "explain", "why",
        "revenue", "grew", "while", "costs", "stayed", "flat", "über", "café", "naïve", "日本語", "テキスト", "emoji 🙂",
    ]

    static func text(_ random: inout Random, bytes: Int) -> String {
        var text = ""
        while text.utf8.count < bytes {
            let roll = random.int(0...40)
            if roll == 0 {
                text += "\\n\\n"
            } else if roll == 1 {
                text += "\\\"quoted\\\" "
            } else {
                text += words[random.int(0...(words.count - 1))] + " "
            }
        }
        return text
    }

    static func chatRequest(_ random: inout Random) -> String {
        let messages = random.int(2...8)
        var parts: [String] = [#"{"role":"system","content":"\#(text(&random, bytes: random.int(200...1_500)))"}"#]
        for index in 1..<messages {
            let role = index % 2 == 1 ? "user" : "assistant"
            parts.append(#"{"role":"\#(role)","content":"\#(text(&random, bytes: random.int(100...6_000)))"}"#)
        }
        return #"{"model":"gpt-4o-mini","messages":[\#(parts.joined(separator: ","))],"temperature":0.7,"max_tokens":\#(random.int(64...4_096)),"stream":\#(random.int(0...1) == 1)}"#
    }

    static func chatResponse(_ random: inout Random) -> String {
        let prompt = random.int(50...5_000)
        let completion = random.int(10...800)
        return """
            {"id":"chatcmpl-\(random.next())","object":"chat.completion","created":\(1_700_000_000 + random.int(0...9_999_999)),"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"\(text(&random, bytes: random.int(200...4_000)))","refusal":null},"logprobs":null,"finish_reason":"\(random.int(0...9) == 0 ? "length" : "stop")"}],"usage":{"prompt_tokens":\(prompt),"completion_tokens":\(completion),"total_tokens":\(prompt + completion),"prompt_tokens_details":{"cached_tokens":0}},"system_fingerprint":"fp_\(random.next() % 100_000)"}
            """
    }

    static func sseStream(_ random: inout Random) -> String {
        var body = ""
        let id = random.next()
        for index in 0..<random.int(20...200) {
            let content = text(&random, bytes: random.int(2...24))
            body += #"data: {"id":"chatcmpl-\#(id)","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{\#(index == 0 ? #""role":"assistant","# : "")"content":"\#(content)"},"logprobs":null,"finish_reason":null}]}"# + "\n\n"
        }
        body += #"data: {"id":"chatcmpl-\#(id)","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":40,"total_tokens":52}}"# + "\n\ndata: [DONE]\n\n"
        return body
    }

    static func anthropicStream(_ random: inout Random) -> String {
        var body = "event: message_start\r\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_\(random.next())\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-sonnet\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\r\n\r\n"
        body += "event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\n\r\n"
        for _ in 0..<random.int(20...150) {
            body += "event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\(text(&random, bytes: random.int(2...30)))\"}}\r\n\r\n"
            if random.int(0...20) == 0 { body += "event: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n" }
        }
        body += "event: content_block_stop\r\ndata: {\"type\":\"content_block_stop\",\"index\":0}\r\n\r\n"
        body += "event: message_delta\r\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\r\n\r\n"
        body += "event: message_stop\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n"
        return body
    }

    static func ndjsonStream(_ random: inout Random) -> String {
        var body = ""
        for _ in 0..<random.int(10...100) {
            body += #"{"model":"llama3.1","created_at":"2024-07-25T10:00:00.123456Z","message":{"role":"assistant","content":"\#(text(&random, bytes: random.int(2...20)))"},"done":false}"# + "\n"
        }
        body += #"{"model":"llama3.1","created_at":"2024-07-25T10:00:01.5Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"# + "\n"
        return body
    }

    static func embeddingResponse(_ random: inout Random, base64: Bool) -> String {
        var data: [String] = []
        for index in 0..<random.int(1...4) {
            let embedding: String
            if base64 {
                let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                var chars: [Character] = []
                for _ in 0..<(1536 * 4 / 3) { chars.append(alphabet[random.int(0...63)]) }
                embedding = "\"" + String(chars) + "\""
            } else {
                embedding = "[" + (0..<1536).map { _ in String(format: "%.9f", random.unit() * 0.2 - 0.1) }.joined(separator: ",") + "]"
            }
            data.append(#"{"object":"embedding","index":\#(index),"embedding":\#(embedding)}"#)
        }
        return #"{"object":"list","data":[\#(data.joined(separator: ","))],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}"#
    }

    static func embeddingRequest(_ random: inout Random) -> String {
        #"{"model":"text-embedding-3-small","input":"\#(text(&random, bytes: random.int(20...2_000)))","encoding_format":"float"}"#
    }

    /// Rows up to `limit` bytes, in a fixed mix of API families.
    static func generate(limit: Int) -> [ShapesBench.Row] {
        var random = Random(state: 42)
        var rows: [ShapesBench.Row] = []
        var bytes = 0
        while bytes < limit {
            let row: ShapesBench.Row
            switch rows.count % 10 {
            case 0, 1, 2:
                row = .init(request: Array(chatRequest(&random).utf8), response: Array(chatResponse(&random).utf8), status: 200)
            case 3, 4:
                row = .init(request: Array(chatRequest(&random).utf8), response: Array(sseStream(&random).utf8), status: 200)
            case 5:
                row = .init(request: Array(chatRequest(&random).utf8), response: Array(anthropicStream(&random).utf8), status: 200)
            case 6:
                row = .init(request: Array(chatRequest(&random).utf8), response: Array(ndjsonStream(&random).utf8), status: 200)
            case 7, 8:
                row = .init(request: Array(embeddingRequest(&random).utf8), response: Array(embeddingResponse(&random, base64: false).utf8), status: 200)
            default:
                row = .init(request: Array(embeddingRequest(&random).utf8), response: Array(embeddingResponse(&random, base64: true).utf8), status: 200)
            }
            bytes += row.bytes
            rows.append(row)
        }
        return rows
    }
}
