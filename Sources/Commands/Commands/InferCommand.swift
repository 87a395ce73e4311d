import Catalog
import Foundation
import Logs
import Job
import Sampling
import Store
import Report
import Shapes

/// `gateway-mapper infer`: the inferred structure of one model's bodies (never their text), and
/// the catalog match it gets.
struct InferCommand: Command {
    static let name = "infer"
    static let abstract = "Show the inferred JSON structure of a model's logged bodies, and its match."
    static let usage = """
        gateway-mapper infer --db PATH --model M [--endpoint E] [--samples K] [--json-schema] [--schemas DIR]

        OPTIONS:
          --db PATH       The gateway's SQLite log database (opened read-only).
          --model M       The model whose bodies to sample.
          --endpoint E    Only this templated endpoint (e.g. /v1/chat/completions).
          --samples K     Newest rows sampled (default 2000).
          --json-schema   Print each shape as JSON Schema 2020-12 (one JSON document per line of output
                          group) instead of the tree.
          --schemas DIR   Catalog files added to the built-in catalog.
          -h, --help      Show this help.
        """

    var databasePath: String
    var model: String
    var endpoint: String?
    var samples: Int
    var jsonSchema: Bool
    var schemasPath: String?

    init(parsing arguments: inout Arguments) throws(CommandError) {
        guard let path = try arguments.option("db") else { throw .usage("missing '--db PATH'") }
        guard let model = try arguments.option("model") else { throw .usage("missing '--model M'") }
        databasePath = path
        self.model = model
        endpoint = try arguments.option("endpoint")
        samples = try arguments.intOption("samples", in: 1...1_000_000) ?? 2_000
        jsonSchema = arguments.flag("json-schema")
        schemasPath = try arguments.option("schemas")
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let (_, logs) = try LogSources.open(databasePath)
        let samples = try KeySample.sample(reader: logs, model: model, limit: self.samples, endpoint: endpoint)
        guard !samples.isEmpty else {
            throw CommandError(.noInput, "no rows for model '\(TerminalText.escaped(model))'"
                + (endpoint.map { " on \($0)" } ?? "") + " in \(databasePath); see 'gateway-mapper report --db \(databasePath)'")
        }
        let catalog = try Catalog.loadDefault(explicit: schemasPath, environment: context.environment)
        if jsonSchema {
            context.out(schemas(samples, catalog: catalog))
            return .success
        }
        for key in samples.keys.sorted() {
            let sample = samples[key]!
            context.out(header(sample))
            for kind in sample.shapes.kinds {
                guard let shape = sample.shapes[kind] else { continue }
                context.out("\n\(kind) — \(shape.documentCount) documents\n")
                context.out(shape.textTree())
            }
            context.out(matchSection(sample, catalog: catalog))
            context.out("\n")
        }
        return .success
    }

    func header(_ sample: KeySample) -> String {
        let shapes = sample.shapes
        var text = "\(TerminalText.escaped(sample.key.model)) \(sample.key.endpoint): \(sample.rows) rows sampled"
        if shapes.rejectedCount > 0 {
            text += ", \(shapes.rejectedCount) bodies rejected ("
                + shapes.rejected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        text += "\n  hosts: " + sample.hosts.sorted { $0.value > $1.value }.map { "\(TerminalText.escaped($0.key)) (\($0.value))" }
            .joined(separator: ", ") + "\n"
        text += "  structure hash: \(String(shapes.structureHash, radix: 16))\n"
        return text
    }

    /// One JSON document: key → kind → JSON Schema.
    func schemas(_ samples: [LogKey: KeySample], catalog: Catalog) -> String {
        var parts: [String] = []
        // Only values the catalog names (and the key's model) are printed; never body text.
        let named = catalog.namedValues
        for key in samples.keys.sorted() {
            let printable = named.union([key.model])
            let shapes = samples[key]!.shapes
            let kinds = shapes.kinds.compactMap { kind -> String? in
                guard let shape = shapes[kind] else { return nil }
                return "    \(Self.quoted(kind.description)): " + shape.jsonSchema(title: "\(key.model) \(key.endpoint) \(kind)", printableValues: printable)
            }
            parts.append("  \(Self.quoted(key.model + " " + key.endpoint)): {\n" + kinds.joined(separator: ",\n") + "\n  }")
        }
        return "{\n" + parts.joined(separator: ",\n") + "\n}\n"
    }

    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
