/// The table every log source reads, whatever holds it: its usual name and the columns the mapper
/// reads (see "The log contract" in the README).
public enum RequestLogsTable {
    /// The name gateways give it.
    public static let name = "request_logs"

    /// Every column the mapper reads.
    public static let columns = [
        "id", "created_at", "target_url", "provider", "model", "status", "request_body", "response_body",
    ]
}
