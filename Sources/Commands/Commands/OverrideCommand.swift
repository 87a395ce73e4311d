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
    enum Verb: String, CaseIterable, Sendable { case set, clear, list }

    static let action = Option.argument(
        "action", help: "set pins a mapping, clear removes a pin, list shows the pins.", .choice(Verb.self)
    ).required()
    static let model = SharedOptions.model.withHelp("The model to pin (names are exact).")
    static let endpoint = SharedOptions.endpoint.withHelp("One templated endpoint, such as /v1/chat/completions.")
    static let schema = SharedOptions.schema
    static let fieldMap = Option<String?>.value(
        "field-map", "FILE", help: "A field map JSON file (the model_mappings.field_map format), instead of --schema.", .string)
    static let note = Option<String?>.value("note", "TEXT", help: "Why, for the next operator.", .string)

    static let options: [any DeclaredOption] = [
        action, SharedOptions.database, SharedOptions.logTable, SharedOptions.mappingsDatabase, model, endpoint, schema, fieldMap, note, SharedOptions.schemas,
    ]
    static let synopses: [[UsageTerm]] = [
        [
            .word(Verb.set.rawValue), .option(SharedOptions.database), .option(model), .optional(endpoint),
            .alternatives([[.option(schema)], [.option(fieldMap)]]), .optional(note), .optional(SharedOptions.mappingsDatabase),
            .optional(SharedOptions.schemas),
        ],
        [
            .word(Verb.clear.rawValue), .option(SharedOptions.database), .option(model), .optional(endpoint),
            .optional(SharedOptions.mappingsDatabase),
        ],
        [.word(Verb.list.rawValue), .option(SharedOptions.database), .optional(SharedOptions.mappingsDatabase)],
    ]
    static let discussion = """
        The job never overwrites a pinned key; 'gateway-mapper report' shows when the logs stop agreeing with a pin.
        """

    var verb: Verb
    var databasePath: DatabaseLocation
    var mappingsPath: DatabaseLocation?
    var model: String?
    var endpoint: String
    var schemaID: String?
    var fieldMapPath: String?
    var note: String?
    var schemas: SchemasDirectory

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        verb = try options.value(Self.action)
        databasePath = try options.logs(SharedOptions.database)
        mappingsPath = try options.value(SharedOptions.mappingsDatabase)
        model = try options.value(Self.model)
        endpoint = try options.value(Self.endpoint) ?? "*"
        schemaID = try options.value(Self.schema)
        fieldMapPath = try options.value(Self.fieldMap)
        note = try options.value(Self.note)
        schemas = try options.value(SharedOptions.schemas)
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
            let catalog = try schemas.catalog()
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
