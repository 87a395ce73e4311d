import Catalog
import Foundation
import Job
import Sampling
import Store
import Matches

extension InferCommand {
    /// The match a key's shapes get: id, confidence, status, runner-up, reasons, and the field map.
    func matchSection(_ sample: KeySample, catalog: Catalog) -> String {
        let result = Matcher(catalog: catalog).match(sample.shapes, endpoint: sample.key.endpoint, model: sample.key.model)
        var lines = ["", "match"]
        lines.append("  schema      \(result.schemaID)")
        lines.append("  status      \(result.status.rawValue)")
        lines.append("  confidence  \(String(format: "%.3f", result.confidence))")
        if let runnerUp = result.runnerUp {
            lines.append("  runner-up   \(runnerUp.id) (\(String(format: "%.3f", runnerUp.confidence)))")
        }
        if !result.reasons.isEmpty {
            lines.append("  reasons")
            lines += result.reasons.map { "    - \($0)" }
        }
        lines.append("  field map")
        for role in result.fieldMap.roles.keys.sorted() {
            let binding = result.fieldMap.roles[role]!
            var where_ = binding.body.rawValue
            if let event = binding.event { where_ += "[\(event)]" }
            var line = "    \(role)  \(where_)  " + binding.paths.map(\.description).joined(separator: " | ")
            if let confidence = binding.confidence { line += "  (\(String(format: "%.2f", confidence)))" }
            if let tokens = binding.tokens { line += "  tokens: \(tokens.rawValue)" }
            lines.append(line)
        }
        if result.fieldMap.roles.isEmpty { lines.append("    (none)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
