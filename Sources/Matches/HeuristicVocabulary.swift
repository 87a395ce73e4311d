/// The words the heuristic field map reads names by (see ``KeyWords``). They describe what a
/// field means in English API naming at large, not the fields of any one API: the catalog
/// handles known APIs, these rules handle the rest.
enum HeuristicVocabulary {
    /// A count of what went in.
    static let input: Set<String> = ["in", "input", "inputs", "prompt", "prompts", "context", "request", "req", "source", "src"]
    /// A count of what came out.
    static let output: Set<String> = [
        "out", "output", "outputs", "completion", "completions", "generated", "generation", "gen", "candidates",
        "candidate", "response", "answer", "reply", "sampled", "predicted", "prediction", "target", "tgt",
    ]
    /// A sum of both.
    static let total: Set<String> = ["total", "sum", "overall", "combined"]
    /// Word prefixes that say "token count".
    static let tokenPrefixes = ["tok"]
    /// Whole words that say "a count".
    static let countWords: Set<String> = ["count", "counts", "num", "number", "units", "used", "usage", "consumed"]
    /// Integers that are not the main token counts (durations, limits, ids, special kinds of token).
    static let notTokenCount: Set<String> = [
        "cache", "cached", "reasoning", "thinking", "thought", "thoughts", "audio", "image", "images", "video",
        "tool", "tools", "ms", "ns", "us", "time", "duration", "latency", "elapsed", "cost", "price", "bytes", "chars",
        "characters", "char", "length", "len", "limit", "max", "min", "seconds", "secs", "sec", "id", "index", "idx",
        "created", "timestamp", "seed", "status", "code", "version", "per", "rate", "remaining", "reset", "queue",
        "accepted", "rejected", "search", "position", "offset", "line", "page",
    ]
    /// Containers whose members are usage figures.
    static let usageContainer: Set<String> = [
        "usage", "stats", "statistics", "stat", "meta", "metadata", "billing", "billed", "tokens", "token", "metering",
        "metrics", "accounting", "consumption", "counts", "counters", "counter", "quota", "cost",
    ]
    /// Names of generated text.
    static let text: Set<String> = [
        "text", "content", "contents", "output", "answer", "response", "result", "results", "completion", "generated",
        "generation", "message", "reply", "utterance", "body", "transcript", "summary", "said", "says", "value",
        "choice", "choices", "prediction", "predictions", "out",
    ]
    /// Names that are never the generated text.
    static let notText: Set<String> = [
        "id", "uuid", "object", "type", "model", "fingerprint", "url", "uri", "created", "role", "status", "version",
        "name", "signature", "hash", "encoding", "format", "lang", "language", "kind", "engine", "finish", "reason",
        "stop", "key", "date", "time", "timestamp", "region", "tier", "etag", "cursor", "next", "reasoning", "thinking",
        "thought", "thoughts", "logprobs", "bytes", "refusal", "error",
    ]
    /// Containers of side information, never of the generated text (a licence disclaimer in
    /// `system.warnings[*].message`).
    static let notTextContainer: Set<String> = [
        "warning", "warnings", "error", "errors", "notice", "notices", "disclaimer", "disclaimers", "log", "logs",
        "debug", "system", "metadata", "diagnostic", "diagnostics",
    ]
    /// Names of a number vector (an embedding).
    static let vector: Set<String> = ["embedding", "embeddings", "embed", "emb", "vector", "vectors", "values", "float", "floats", "dense"]
    /// Names of number arrays that are not vectors: per-token figures, positions, ids.
    static let notVector: Set<String> = [
        "logprob", "logprobs", "prob", "probs", "probability", "probabilities", "score", "scores", "offset", "offsets",
        "timestamp", "timestamps", "time", "times", "start", "end", "id", "ids", "token", "tokens", "bbox", "box",
        "boxes", "index", "indices", "mask", "shape", "size",
    ]
    /// Names of a finish reason.
    static let finish: Set<String> = [
        "finish", "finished", "stop", "stopped", "reason", "end", "ended", "ending", "cause", "termination",
        "terminated", "halt", "halted", "done", "status", "state", "outcome",
    ]
    /// Names that are never a finish reason (closed sets of another meaning).
    static let notFinish: Set<String> = [
        "role", "type", "object", "kind", "id", "model", "name", "lang", "language", "format", "encoding", "tier",
        "service", "engine", "speaker", "author", "sender", "voice", "region", "mode", "fingerprint",
    ]
    /// Words inside finish values (`end_turn`, `max_tokens`, `eos`): the vocabulary of stopping.
    static let finishValueWords: Set<String> = [
        "stop", "stopped", "end", "eos", "length", "max", "complete", "completed", "finished", "finish", "done",
        "tool", "tools", "limit", "filter", "safety", "timeout", "cancelled", "canceled", "error", "sequence", "turn",
        "content", "recitation", "blocked", "truncated", "natural",
    ]
    /// Values of a chat message's role, across chat dialects.
    static let roleValues: Set<String> = [
        "user", "assistant", "system", "developer", "human", "ai", "bot", "model", "chatbot", "tool", "function",
        "agent", "customer", "me", "you", "ipython",
    ]
    /// Role values that mark the asking side.
    static let askingRoles: Set<String> = ["user", "human", "customer", "me"]
    /// Names of the role member of a message.
    static let roleKey: Set<String> = ["role", "speaker", "author", "from", "sender", "who", "participant", "by", "persona", "party"]
    /// Names of a message's text.
    static let messageText: Set<String> = [
        "content", "contents", "text", "utterance", "body", "message", "msg", "parts", "part", "says", "value", "said",
    ]
    /// Names of a system prompt.
    static let system: Set<String> = ["system", "instructions", "instruction", "preamble"]
    /// Names of a stream's text piece.
    static let delta: Set<String> = [
        "delta", "text", "content", "token", "chunk", "piece", "response", "output", "fragment", "part", "parts",
        "completion", "generated", "message",
    ]
    /// Names of a model.
    static let model: Set<String> = ["model", "engine", "deployment"]
    /// Names of a reasoning (thinking) token count.
    static let reasoning: Set<String> = ["reasoning", "thinking", "thought", "thoughts"]
    /// Names of a prompt-cache token count.
    static let cache: Set<String> = ["cache", "cached"]
    /// Words that make a cache count one of tokens written to the cache.
    static let cacheWrite: Set<String> = ["creation", "create", "write", "writes", "written", "writing", "stored"]
}
