import Catalog
import Foundation
import Logs
import Job
import Sampling
import Store
import Report

/// `gateway-mapper override set|clear|list`: an operator's pinned mapping, which the job never
/// overwrites (it reports when the logs stop agreeing with it).
struct OverrideCommand: Command {
    static let name = "override"
    static let abstract = "Pin, unpin or list an operator's mapping for a model."
    static let usage = """
        gateway-mapper override set   --db PATH --model M [--endpoint E] (--schema ID | --field-map FILE) [--note TEXT]
        gateway-mapper override clear --db PATH --model M [--endpoint E]
        gateway-mapper override list  --db PATH

        OPTIONS:
          --db PATH           The gateway's SQLite log database.
          --mappings-db PATH  Where the mappings are kept, when not in the log database.
          --model M           The model to pin.
          --endpoint E        One templated endpoint (e.g. /v1/chat/completions); default: all of the model's.
          --schema ID         A catalog id (see schemas/), e.g. openai.chat_completions.
          --field-map FILE    A field map JSON file (the model_mappings.field_map format), instead of --schema.
          --note TEXT         Why, for the next operator.
          --schemas DIR       Catalog files added to the built-in catalog (default: $GATEWAY_MAPPER_SCHEMAS).
          -h, --help          Show this help.
        """

    enum Verb: String { case set, clear, list }

    var verb: Verb
    var databasePath: String
    var mappingsPath: String?
    var model: String?
    var endpoint: String
    var schemaID: String?
    var fieldMapPath: String?
    var note: String?
    var schemasPath: String?

    init(parsing arguments: inout Arguments) throws(CommandError) {
        guard let word = arguments.positional() else { throw .usage("say 'set', 'clear' or 'list'") }
        guard let verb = Verb(rawValue: word) else { throw .usage("unknown action '\(word)': say 'set', 'clear' or 'list'") }
        self.verb = verb
        guard let path = try arguments.option("db") else { throw .usage("missing '--db PATH'") }
        databasePath = path
        mappingsPath = try arguments.option("mappings-db")
        model = try arguments.option("model")
        endpoint = try arguments.option("endpoint") ?? "*"
        schemaID = try arguments.option("schema")
        fieldMapPath = try arguments.option("field-map")
        note = try arguments.option("note")
        schemasPath = try arguments.option("schemas")
    }

    func validate() throws(CommandError) {
        switch verb {
        case .set:
            guard model != nil else { throw .usage("'override set' needs '--model M'") }
            guard (schemaID == nil) != (fieldMapPath == nil) else {
                throw .usage("'override set' needs exactly one of '--schema ID' and '--field-map FILE'")
            }
        case .clear:
            guard model != nil else { throw .usage("'override clear' needs '--model M'") }
        case .list:
            break
        }
        if endpoint != "*", !endpoint.hasPrefix("/") {
            throw .usage("'--endpoint' takes a templated path such as /v1/chat/completions, not '\(endpoint)'")
        }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let (_, logs) = try LogSources.open(databasePath)
        if verb == .list {
            let store = try MappingStores.openForReading(logPath: databasePath, mappingsPath: mappingsPath)
            let overrides = try store?.overrides() ?? []
            if overrides.isEmpty { context.out("No overrides.\n") }
            for item in overrides {
                var line = "\(TerminalText.escaped(item.model))  \(item.endpoint)  \(item.schemaID)  since \(item.createdAt)"
                if let note = item.note { line += "  — \(TerminalText.escaped(note))" }
                context.out(line + "\n")
            }
            return .success
        }
        let model = self.model!
        // Checked before anything is written: a broken field map changes nothing.
        let fieldMap = verb == .set ? try resolveFieldMap(context) : nil
        let store = try MappingStores.openForWriting(logPath: databasePath, mappingsPath: mappingsPath).store
        if let fieldMap {
            for warning in try warnings(model: model, logs: logs) { context.err("Warning: \(warning)\n") }
            try store.setOverride(MappingOverride(
                model: model, endpoint: endpoint, schemaID: fieldMap.schemaID,
                fieldMap: try fieldMap.encodedJSONString(), note: note))
            let pinned = try store.applyOverrides(model: model)
            context.out("Pinned \(TerminalText.escaped(model)) \(endpoint) to \(fieldMap.schemaID)"
                + (pinned > 0 ? "; \(pinned) current mapping(s) now read 'override'.\n" : "; it applies when the key is first seen.\n"))
        } else if try store.clearOverride(model: model, endpoint: endpoint) {
            context.out("Cleared the override of \(TerminalText.escaped(model)) \(endpoint); the next run maps it afresh.\n")
        } else {
            context.out("No override of \(TerminalText.escaped(model)) \(endpoint); nothing to clear (see 'gateway-mapper override list').\n")
        }
        return .success
    }

    /// What an operator should hear before pinning a key the log has never shown: a typo in the
    /// model or endpoint pins nothing the gateway will ever look up.
    func warnings(model: String, logs: any LogConnection) throws -> [String] {
        let name = TerminalText.escaped(model)
        guard let storage = try logs.storage(of: model) else {
            return ["no rows of model '\(name)' in \(databasePath); the pin waits for them (check the spelling: names are exact)"]
        }
        guard endpoint != "*" else { return [] }
        let seen = try logs.endpoints(model: model, storage: storage)
        guard !seen.contains(endpoint) else { return [] }
        return ["model '\(name)' has no rows on \(endpoint) among its newest; it was seen on "
            + seen.sorted().prefix(5).joined(separator: ", ")]
    }

    func resolveFieldMap(_ context: CommandContext) throws -> FieldMap {
        if let schemaID {
            let catalog = try Catalog.loadDefault(explicit: schemasPath, environment: context.environment)
            guard let entry = catalog.entry(id: schemaID) else {
                throw CommandError(.dataError, "unknown schema '\(schemaID)'; known: "
                    + catalog.entries.map(\.id).sorted().joined(separator: ", "))
            }
            return entry.fieldMap
        }
        let path = fieldMapPath!
        try LogDatabase.checkFile(path, option: "--field-map", what: "a field map JSON file (see 'Overrides' in the README)")
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandError(.noInput, "cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try FieldMap.validated(json: data, origin: path)
        } catch {
            throw CommandError(.dataError, "not a usable field map: \(error.description)")
        }
    }
}
