import Catalog
import Foundation
import Logs
import SQLiteLogs
import Job
import Sampling
import Store
import Normalize
import Report
import SQLite

/// `gateway-mapper normalize`: applies a key's mapping to logged rows. The only command that prints
/// logged content, because the operator asked for these rows.
struct NormalizeCommand: Command {
    static let name = "normalize"
    static let abstract = "Apply the mapping to logged rows and print canonical records (prints logged content)."
    static let database = SharedOptions.database.withHelp("The gateway's SQLite log database (opened read-only).")
    static let id = Option<Int64?>.value(
        "id", "N", help: "One row, by its request_logs id.", ValueParser.integer(in: 0...Int.max).map { Int64($0) })
    static let json = SharedOptions.json.withHelp("With --id: print the record as JSON instead of text.")
    static let model = SharedOptions.model.withHelp("Every row of this model (newest first), as JSON Lines for analytics.")
    static let endpoint = SharedOptions.endpoint.withHelp("With --model: only this templated endpoint.")
    static let limit = Option.value("limit", "N", help: "With --model: at most N rows.", default: 1_000, .integer(in: 1...10_000_000))
    static let jsonLines = Option.flag("jsonl", help: "With --model: one JSON record per line (the only output for --model).")
    static let schemas = SharedOptions.schemas.withHelp("Catalog files added to the built-in catalog, for the operation name.")

    static let options: [any DeclaredOption] = [
        database, SharedOptions.logTable, Self.id, Self.json, Self.model, Self.endpoint, Self.limit, jsonLines, SharedOptions.mappingsDatabase, Self.schemas,
    ]
    static let synopses: [[UsageTerm]] = [
        [.option(database), .option(Self.id), .optional(Self.json), .optional(SharedOptions.mappingsDatabase), .optional(Self.schemas)],
        [
            .option(database), .option(Self.model), .optional(Self.endpoint), .optional(Self.limit), .option(jsonLines),
            .optional(SharedOptions.mappingsDatabase), .optional(Self.schemas),
        ],
    ]
    static let discussion = """
        The record follows the mapping in model_mappings (or an override); run 'gateway-mapper run' or \
        'expedite --model M' first for a model that has none.
        """

    var databasePath: DatabaseLocation
    var mappingsPath: DatabaseLocation?
    var schemas: SchemasDirectory
    var id: Int64?
    var json: Bool
    var model: String?
    var endpoint: String?
    var limit: Int
    var jsonLines: Bool

    init(parsing options: inout ParsedOptions) throws(CommandError) {
        databasePath = try options.logs(Self.database)
        mappingsPath = try options.value(SharedOptions.mappingsDatabase)
        schemas = try options.value(Self.schemas)
        id = try options.value(Self.id)
        json = try options.value(Self.json)
        model = try options.value(Self.model)
        endpoint = try options.value(Self.endpoint)
        limit = try options.value(Self.limit)
        jsonLines = try options.value(Self.jsonLines)
    }

    func validate() throws(CommandError) {
        switch (id, model) {
        case (.some, nil):
            if jsonLines { throw .usage("'--jsonl' goes with '--model M'; use '--json' with '--id N'") }
        case (nil, .some):
            guard jsonLines else { throw .usage("'--model M' streams JSON Lines: add '--jsonl'") }
        default:
            throw .usage("say either '--id N' or '--model M --jsonl'")
        }
    }

    /// One exported line.
    struct Line: Encodable {
        var id: Int64
        var model: String
        var endpoint: String
        var mappingStatus: String
        var record: NormalizedRecord

        enum CodingKeys: String, CodingKey {
            case id = "log.id"
            case model = "gateway.key.model"
            case endpoint = "gateway.key.endpoint"
            case mappingStatus = "gateway.mapping.status"
            case record
        }
    }

    func run(_ context: CommandContext) throws -> ExitCode {
        let (_, reader) = try LogSources.open(databasePath)
        guard let store = try MappingStores.openForReading(logPath: databasePath, mappingsPath: mappingsPath),
              try store.exists()
        else {
            throw CommandError(.dataError, "no mappings in \(mappingsPath ?? databasePath) yet; run 'gateway-mapper run --db \(databasePath)' first")
        }
        let catalog = try? schemas.catalog()
        var mappings = MappingCache(store: store, catalog: catalog)
        let encoder = JSONEncoder()
        encoder.outputFormatting = json ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]

        if let id {
            var output: String?
            var failure: CommandError?
            let found = try reader.row(id: id) { row in
                do {
                    let (key, record, line) = try mappings.normalize(row)
                    output = json
                        ? String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
                        : Self.text(id: id, key: key, mapping: record, line.record)
                } catch let error as CommandError {
                    failure = error
                }
            }
            guard found else { throw CommandError(.noInput, "no row with id \(id) in \(databasePath)") }
            if let failure { throw failure }
            context.out(output ?? "")
            return .success
        }

        let model = self.model!
        var written = 0
        try reader.newestRows(model: model, limit: limit) { row in
            let url = TargetURL(row.targetURL)
            if let endpoint, Endpoint.template(path: url.path, model: model) != endpoint { return true }
            guard let (_, _, line) = try? mappings.normalize(row) else { return true }
            context.out(String(decoding: try encoder.encode(line), as: UTF8.self) + "\n")
            written += 1
            return true
        }
        if written == 0 {
            throw CommandError(.noInput, "no mapped rows for model '\(TerminalText.escaped(model))' in \(databasePath)")
        }
        return .success
    }

    /// A record for people: the parts an operator looks at first.
    static func text(id: Int64, key: LogKey, mapping: MappingRecord, _ record: NormalizedRecord) -> String {
        var lines = ["row \(id)  \(TerminalText.escaped(key.model)) \(key.endpoint)  (\(mapping.schemaID), \(mapping.status.rawValue) \(String(format: "%.2f", mapping.confidence)))"]
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append(label.padding(toLength: 16, withPad: " ", startingAt: 0) + TerminalText.escaped(value)) }
        }
        add("operation", record.operation)
        add("provider", record.provider)
        add("status", record.status.map(String.init))
        add("request model", record.requestModel)
        add("response model", record.responseModel)
        add("response id", record.responseID)
        add("stream", record.isStream ? "yes" : nil)
        add("system", record.systemInstructions)
        for message in record.inputMessages {
            add("input [\(message.role ?? "?")]", message.text)
            for call in message.toolCalls { add("  tool call", "\(call.name ?? "?")(\(call.arguments ?? ""))") }
        }
        add("output", record.outputText)
        add("reasoning", record.outputReasoning)
        for call in record.toolCalls { add("tool call", "\(call.name ?? "?")(\(call.arguments ?? ""))") }
        if !record.finishReasons.isEmpty {
            add("finish", zip(record.finishReasons, record.canonicalFinishReasons + Array(repeating: "?", count: max(0, record.finishReasons.count - record.canonicalFinishReasons.count)))
                .map { "\($0) (\($1))" }.joined(separator: ", "))
        }
        var tokens: [String] = []
        if let value = record.inputTokens { tokens.append("input \(value)") }
        if let value = record.outputTokens { tokens.append("output \(value)") }
        if let value = record.totalTokens { tokens.append("total \(value)") }
        if let value = record.cacheReadTokens { tokens.append("cache read \(value)") }
        if let value = record.cacheCreationTokens { tokens.append("cache creation \(value)") }
        if let value = record.reasoningTokens { tokens.append("reasoning \(value)") }
        if let value = record.searchUnits { tokens.append("search units \(value)") }
        add("tokens", tokens.isEmpty ? nil : tokens.joined(separator: ", "))
        if let count = record.embeddingCount {
            add("embeddings", "\(count) × \(record.embeddingDimension.map(String.init) ?? "?")")
        }
        add("error", [record.errorType, record.errorCode, record.errorMessage].compactMap { $0 }.joined(separator: " · "))
        for issue in record.issues.prefix(12) { add("issue", "\(issue)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Mappings looked up once per key while normalizing many rows.
struct MappingCache {
    let store: MappingStore
    let catalog: Catalog?
    private var normalizers: [LogKey: (MappingRecord, Normalizer)] = [:]
    /// The models the store has mappings for, read at the first row logged without a model.
    private var knownModels: Set<String>?

    init(store: MappingStore, catalog: Catalog?) {
        self.store = store
        self.catalog = catalog
    }

    /// The row's key, its mapping, and the record.
    mutating func normalize(_ row: borrowing LogRow) throws -> (LogKey, MappingRecord, NormalizeCommand.Line) {
        let url = TargetURL(row.targetURL)
        var model = row.model
        if model == nil {
            // Models with a mapping are the known ones: an `org/name` model in the path is read whole.
            if knownModels == nil { knownModels = Set(try store.all().map(\.model)) }
            let known = knownModels ?? []
            model = row.withRequestBody { ModelAttribution.model(path: url.path, request: $0, known: known) }
        }
        guard let model else {
            throw CommandError(.dataError, "row \(row.id) has no model, and none could be found in its path or request body")
        }
        let key = LogKey(model: model, endpoint: Endpoint.template(path: url.path, model: model))
        let (mapping, normalizer) = try entry(for: key, host: url.host)
        if row.isRequestBodyTooLarge || row.isResponseBodyTooLarge {
            throw CommandError(.dataError, "row \(row.id)'s \(row.isResponseBodyTooLarge ? "response" : "request") body is over "
                + "\(SQLiteLogConnection.defaultMaximumBodyBytes >> 20) MiB, more than normalize reads into memory; it was not read")
        }
        let status = row.status
        let targetURL = row.targetURL
        let loggedModel = row.model
        let hasRequest = row.hasRequestBody
        let hasResponse = row.hasResponseBody
        let record = row.withBodies { request, response in
            normalizer.normalize(
                request: hasRequest ? request : nil, response: hasResponse ? response : nil, status: status,
                targetURL: targetURL, loggedModel: loggedModel)
        }
        let line = NormalizeCommand.Line(id: row.id, model: model, endpoint: key.endpoint, mappingStatus: mapping.status.rawValue, record: record)
        return (key, mapping, line)
    }

    mutating func entry(for key: LogKey, host: String) throws -> (MappingRecord, Normalizer) {
        if let cached = normalizers[key] { return cached }
        guard let mapping = try store.current(model: key.model, endpoint: key.endpoint) else {
            throw CommandError(.dataError, "no mapping for \(TerminalText.escaped(key.model)) \(key.endpoint) yet; "
                + "run 'gateway-mapper expedite --db PATH --model \(TerminalText.escaped(key.model))' first")
        }
        let provider = catalog?.providers.provider(forHost: host).name
        let operation = catalog?.entry(id: mapping.schemaID)?.operation
        let normalizer: Normalizer
        do {
            normalizer = try Normalizer(fieldMapJSON: mapping.fieldMap, operation: operation, provider: provider)
        } catch {
            throw CommandError(.dataError, "the stored field map of \(TerminalText.escaped(key.model)) \(key.endpoint) is not valid: \(error)")
        }
        normalizers[key] = (mapping, normalizer)
        return (mapping, normalizer)
    }
}
