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
    static let database = SharedOptions.database.withHelp("The gateway's SQLite log database (opened read-only).")
    static let model = SharedOptions.model.withHelp("The model whose bodies to sample.").required()
    static let jsonSchema = Option.flag(
        "json-schema", help: "Print the shapes as JSON Schema 2020-12 (one JSON document: key, then body kind, then schema) "
            + "instead of the tree.")

    static let options: [any DeclaredOption] = [
        database, SharedOptions.logTable, model, SharedOptions.endpoint, SharedOptions.samples, jsonSchema, SharedOptions.schemas,
    ]

    var databasePath: DatabaseLocation
    var model: String
    var endpoint: String?
    var samples: Int
    var jsonSchema: Bool
    var schemasDirectory: SchemasDirectory

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        databasePath = try options.logs(Self.database)
        model = try options.value(Self.model)
        endpoint = try options.value(SharedOptions.endpoint)
        samples = try options.value(SharedOptions.samples)
        jsonSchema = try options.value(Self.jsonSchema)
        schemasDirectory = try options.value(SharedOptions.schemas)
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let (_, logs) = try LogSources.open(databasePath)
        let catalog = try schemasDirectory.catalog()
        let samples = try KeySample.sample(reader: logs, model: model, limit: self.samples, endpoint: endpoint, arrayStreams: catalog.arrayStreamRule)
        guard !samples.isEmpty else {
            throw CommandError(.noInput, "no rows for model '\(TerminalText.escaped(model))'"
                + (endpoint.map { " on \($0)" } ?? "") + " in \(databasePath); see 'gateway-mapper report --db \(databasePath)'")
        }
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
