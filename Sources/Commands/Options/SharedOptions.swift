import Catalog
import Job

/// The options several commands take, declared once. A command lists the ones it takes in its
/// `options` (with `withHelp` when the option means something narrower there) and reads them
/// from here, so each is spelled, parsed and defaulted the same way everywhere.
public enum SharedOptions {
    /// `--db PATH|URI`: the gateway's log database, which the mapper only ever reads.
    public static let database = Option<DatabaseLocation?>.value(
        "db", "PATH|URI",
        help: "The gateway's log database: an SQLite file, or a postgresql:// URI (request_logs is only ever read).",
        ValueParser.string.map { DatabaseLocation($0) }
    ).required()

    /// `--mappings-db PATH|URI`: the mapping tables somewhere of their own.
    public static let mappingsDatabase = Option<DatabaseLocation?>.value(
        "mappings-db", "PATH|URI", help: "Keep the mapping tables in this SQLite file or PostgreSQL database instead of the log database.",
        ValueParser.string.map { DatabaseLocation($0) })

    /// `--log-table NAME`: the logs' table (or view) in PostgreSQL, schema-qualified or not.
    public static let logTable = Option.value(
        "log-table", "NAME", help: "With a PostgreSQL --db: the table or view holding the logs, as schema.name or name.",
        default: "request_logs", ValueParser.string)

    /// `--schemas DIR`, else `$GATEWAY_MAPPER_SCHEMAS`: catalog files over the built-in catalog.
    public static let schemas = directory(
        "schemas", help: "Catalog files added to the built-in catalog; an entry with a built-in id replaces that entry.",
        environment: Catalog.environmentVariable, otherwise: nil
    ) { path, fromEnvironment in SchemasDirectory(path: path, fromEnvironment: fromEnvironment) }

    /// `--fixtures DIR`, else `$GATEWAY_MAPPER_FIXTURES`, else the fixtures compiled in.
    public static let fixtures = directory(
        "fixtures", help: "The fixtures directory.", environment: "GATEWAY_MAPPER_FIXTURES",
        otherwise: "the fixtures compiled into the binary"
    ) { path, _ in FixtureDirectory(path: path) }

    /// `--schema ID`: one catalog entry, by its id.
    public static let schema = Option<String?>.value(
        "schema", "ID", help: "A catalog id (see schemas/), e.g. openai.chat_completions.", .string)

    /// `--busy-timeout MS`: how long a read or write waits for the gateway's lock.
    public static let busyTimeout = Option.value(
        "busy-timeout", "MS", help: "How long to wait for the gateway's write lock.", default: 5_000, .integer(in: 0...600_000))

    /// `--samples K`: the newest rows sampled per model.
    public static let samples = Option.value(
        "samples", "K", help: "Newest rows sampled per model.", default: MappingJob.Options().samples,
        .integer(in: 1...1_000_000))

    /// `--jobs N`: worker threads.
    public static let jobs = Option.value(
        "jobs", "N", help: "Worker threads.", default: MappingJob.Options().jobs, shown: "all cores", .integer(in: 1...256))

    /// `--json`: JSON for tools.
    public static let json = Option.flag("json", help: "Print JSON for tools instead of text.")

    /// `--model M`: one model, by the name the gateway logged.
    public static let model = Option<String?>.value("model", "M", help: "The model, as the gateway logged it (names are exact).", .string)

    /// `--endpoint E`: one templated endpoint of a model; `*` (or none) means all of them.
    public static let endpoint: Option<String?> = {
        let parser = ValueParser.string("a templated path such as /v1/chat/completions (or * for all)") { $0.hasPrefix("/") || $0 == "*" }
        let declaration = OptionDeclaration(
            "endpoint", valueName: "E", help: "Only this templated endpoint of the model, such as /v1/chat/completions.",
            kind: .single, defaultText: "all of the model's, also written *")
        return Option(declaration) { given throws(CommandError) in
            guard let word = given.words.first else { return nil }
            let endpoint = try parser.parse(word, for: given.spelling(declaration))
            return endpoint == "*" ? nil : endpoint
        }
    }()

    /// `--seed N`: the seed of generated traffic.
    public static func seed(default value: UInt64) -> Option<UInt64> {
        Option.value(
            "seed", "N", help: "Seed of the generated traffic: the same seed writes the same database.", default: value,
            ValueParser.integer(in: 0...Int.max).map { UInt64($0) })
    }

    /// `--name DIR`, else `environment`: a directory, made into a value by `make` (with nil when
    /// neither names one; true when the environment did).
    static func directory<T>(
        _ name: String, help: String, environment: String, otherwise defaultText: String?,
        make: @escaping @Sendable (String?, Bool) -> T
    ) -> Option<T> {
        let declaration = OptionDeclaration(
            name, valueName: "DIR", help: help, kind: .single, defaultText: defaultText, environment: environment)
        return Option(declaration) { given in make(given.words.first, given.environment != nil) }
    }
}

extension ParsedOptions {
    /// `--db` with `--log-table`: where the logs are, as one value (the command lists both).
    public mutating func logs(_ database: Option<DatabaseLocation>) throws(CommandError) -> DatabaseLocation {
        var location = try value(database)
        location.logTable = try value(SharedOptions.logTable)
        return location
    }
}
