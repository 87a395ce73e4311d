import Foundation
import Job
import Store

extension MappingReport {
    /// The report as JSON for tools (stable key order).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The report as a table for people: fits 100 columns; names from the log are escaped.
    public func table() -> String {
        var lines: [String] = []
        lines.append("gateway-mapper report: \(Self.safe(database))")
        lines.append("")
        let header = [
            Self.cell("MODEL", 28), Self.cell("ENDPOINT", 26), Self.cell("STATUS", 14), Self.cell("SCHEMA", 24),
            Self.cell("CONF", 4, right: true),
        ].joined(separator: " ")
        lines.append(header)
        for key in keys {
            lines.append([
                Self.cell(Self.safe(key.model), 28), Self.cell(key.endpoint, 26), Self.cell(key.status, 14),
                Self.cell(key.schemaID, 24), Self.cell(String(format: "%.2f", key.confidence), 4, right: true),
            ].joined(separator: " "))
            var detail = "    \(key.samples) samples of \(key.modelRows) rows"
            if key.rejected > 0 { detail += ", \(key.rejected) rejected" }
            detail += ", v\(key.version)"
            if !key.updatedAt.isEmpty { detail += ", changed \(key.updatedAt)" }
            lines.append(Self.cell(detail, 99))
            if let first = key.firstLoggedAt {
                var times = "    first logged \(Self.safe(first))"
                if let mapped = key.mappedAt { times += ", mapped \(mapped)" }
                if let seconds = key.secondsToMapped { times += " (\(Self.duration(seconds)) later)" }
                lines.append(Self.cell(times, 99))
            }
            let hosts = key.hosts.map { host in key.unapprovedHosts.contains(host) ? "\(Self.safe(host)) (unapproved)" : Self.safe(host) }
            if !hosts.isEmpty { lines.append(Self.cell("    hosts: " + hosts.joined(separator: ", "), 99)) }
        }
        if keys.isEmpty { lines.append("  (no mappings yet: run 'gateway-mapper run')") }
        lines.append("")
        let order = MappingStatus.allCases.map(\.rawValue)
        lines.append("Totals: " + order.map { "\($0) \(totals[$0] ?? 0)" }.joined(separator: ", "))
        if rowsWithoutModel > 0 {
            lines.append("Rows without a model: \(rowsWithoutModel) (\(unattributed) could not be attributed)")
        }
        if pending.isEmpty {
            lines.append("Pending: none")
        } else {
            lines.append("Pending (\(pending.count)):")
            for item in pending.prefix(50) {
                lines.append(Self.cell("  \(Self.safe(item.model)) — \(item.reason), \(item.rows) rows", 99))
            }
            if pending.count > 50 { lines.append("  … and \(pending.count - 50) more (see --json)") }
        }
        if !requests.isEmpty {
            let open = requests.filter { $0.doneAt == nil }
            lines.append("Expedite requests: \(open.count) open" + (requests.count > open.count ? "; closed lately:" : ""))
            for request in requests where request.doneAt != nil {
                lines.append(Self.cell(
                    "  #\(request.id) \(Self.safe(request.model)) \(request.endpoint.map(Self.safe) ?? "(any endpoint)") → "
                        + "\(request.outcome ?? "served") at \(Self.safe(request.doneAt ?? ""))", 99))
            }
        }
        if modelsNotKeyed > 0 {
            lines.append("Models not keyed: \(modelsNotKeyed) (stored name not valid UTF-8; fix the gateway's model column)")
        }
        for (title, run) in [("Last nightly run", lastNightlyRun), ("Last expedite", lastExpediteRun)] {
            guard let run else { continue }
            let outcome = run.exitStatus.map { $0 == 0 ? "ok" : "exit \($0)" } ?? "unfinished"
            lines.append("\(title): #\(run.id) \(run.startedAt), \(outcome), \(run.keysConsidered) keys, "
                + "\(run.mapped) mapped, \(run.changed) changed, \(run.failed) failed")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func safe(_ text: String) -> String { TerminalText.escaped(text) }

    /// `42 s`, `5 min`, `3.5 h`, `2.0 d`.
    static func duration(_ seconds: Double) -> String {
        switch seconds {
        case ..<120: return "\(Int(seconds.rounded())) s"
        case ..<7_200: return "\(Int((seconds / 60).rounded())) min"
        case ..<172_800: return String(format: "%.1f h", seconds / 3_600)
        default: return String(format: "%.1f d", seconds / 86_400)
        }
    }

    /// Pads or cuts to `width` characters (cut text ends in "…").
    static func cell(_ text: String, _ width: Int, right: Bool = false) -> String {
        let count = text.count
        if count > width { return String(text.prefix(width - 1)) + "…" }
        let pad = String(repeating: " ", count: width - count)
        return right ? pad + text : text + pad
    }
}
