// swift-tools-version:6.0
import PackageDescription

/// The pipeline reads top to bottom: logs → framing → shapes → catalog → matches → sampling →
/// store → job → report / normalize → commands. The benchmarks and the log generator are built
/// and tested here but shipped in no product (`swift run gateway-mapper-bench` still runs them).
let package = Package(
    name: "gateway-mapper",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gateway-mapper", targets: ["gateway-mapper"]),
        /// What the gateway links: apply a mapping to a logged row.
        .library(name: "GatewayNormalizer", targets: ["Normalize"]),
        /// The whole job as a library, for embedding.
        .library(name: "GatewayMapperKit", targets: ["Job"]),
    ],
    targets: [
        // The system SQLite, as SwiftPM wraps a C library.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // Our small SQLite layer: Database, Statement, values, errors, migrations.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // The system libpq, the PostgreSQL client library, wrapped the same way.
        .systemLibrary(
            name: "CPostgreSQL",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // Our small PostgreSQL layer: a connection, results in binary format, errors, connection strings.
        .target(name: "PostgreSQL", dependencies: ["CPostgreSQL"]),
        // The log-source seam: what every way of reaching the gateway's logs offers (rows, model
        // heads, the contract's errors), endpoint keys and target URLs.
        .target(name: "Logs"),
        // The logs in an SQLite file, the embedded default: the contract check and the reads.
        .target(name: "SQLiteLogs", dependencies: ["Logs", "SQLite"]),
        // The logs in a PostgreSQL table: the contract check and the reads, one row at a time.
        .target(name: "PostgreSQLLogs", dependencies: ["Logs", "PostgreSQL"]),
        // Strict byte-level JSON scanning, shared by shapes and the normalizer.
        .target(name: "JSONScanning"),
        // Body framing: JSON, SSE, NDJSON, multipart, text, HTML: where each document of a body sits.
        .target(name: "Framing", dependencies: ["JSONScanning"]),
        // Merged JSON structure of sampled bodies, and its exports.
        .target(name: "Shapes", dependencies: ["JSONScanning", "Framing"]),
        // Data directories compiled into the binary, so an installed binary needs no checkout:
        // a build plugin runs embed-files over schemas/ and Fixtures/.
        .executableTarget(name: "embed-files"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["embed-files"], path: "Sources/EmbedFilesPlugin"),
        .target(name: "BuiltinSchemas", plugins: ["EmbedFiles"]),
        .target(name: "DemoFixtures", plugins: ["EmbedFiles"]),
        // The catalog of provider API schemas, roles and field maps.
        .target(name: "Catalog", dependencies: ["JSONScanning", "BuiltinSchemas"]),
        // Matching shapes to the catalog; heuristic field maps.
        .target(name: "Matches", dependencies: ["Framing", "Shapes", "Catalog"]),
        // Sampling a model's newest rows through a log source into one sample per key.
        .target(name: "Sampling", dependencies: ["Logs", "JSONScanning", "Framing", "Shapes"]),
        // The mapping store (model_mappings, history, runs, overrides, requests) in portable SQL
        // over the store seam every backend adopts, with its run lock.
        .target(name: "Store"),
        // The mapping store in an SQLite file, the embedded default: migrations, the run lock.
        .target(name: "SQLiteStore", dependencies: ["Store", "SQLite"]),
        // The mapping store in PostgreSQL: migrations, short transactions, an advisory run lock.
        .target(name: "PostgreSQLStore", dependencies: ["Store", "PostgreSQL"]),
        // The job: what a run must do, workers sampling and matching, writing back to the store.
        .target(name: "Job", dependencies: ["Logs", "Sampling", "Store", "Shapes", "Catalog", "Matches"]),
        // Reports over the mapping store.
        .target(name: "Report", dependencies: ["Logs", "Store", "Job"]),
        // The normalizer the gateway links: a mapping + a row → one canonical record.
        .target(name: "Normalize", dependencies: ["JSONScanning", "Framing", "Catalog"]),
        // A demo log database built from Fixtures/.
        .target(name: "Demo", dependencies: ["SQLite", "Logs", "SQLiteLogs", "DemoFixtures"]),
        // A realistic request_logs generator (Zipf traffic, client habits, faults) with its truth.
        .target(name: "LogGenerator", dependencies: ["JSONScanning", "Framing", "SQLite", "Logs", "SQLiteLogs", "PostgreSQL", "PostgreSQLLogs", "Demo"]),
        // The command line, as a library the executable is a thin shell over: each command a
        // small type, the error-to-exit-code mapping, where a log source is chosen.
        .target(
            name: "Commands",
            dependencies: ["SQLite", "PostgreSQL", "Logs", "SQLiteLogs", "PostgreSQLLogs", "Framing", "Shapes", "Catalog", "Matches", "Sampling", "Store", "SQLiteStore", "PostgreSQLStore", "Job", "Report", "Normalize", "Demo"]
        ),
        .executableTarget(name: "gateway-mapper", dependencies: ["Commands"]),
        // The benchmark modes, outside the shipped products, with the log generator they need.
        .target(name: "Benchmarks", dependencies: ["Commands", "LogGenerator", "SQLite", "PostgreSQL", "Logs", "SQLiteLogs", "PostgreSQLLogs", "Framing", "Shapes", "Catalog", "Job", "Store", "SQLiteStore", "Report", "Normalize", "Demo"]),
        .executableTarget(name: "gateway-mapper-bench", dependencies: ["Benchmarks"]),

        // What the test targets share (a temporary directory per test).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Log databases built in tests from Fixtures/ (rows as a test needs them, the demo's).
        // Running the command line in-process and capturing both streams.
        .target(name: "CommandTestSupport", dependencies: ["Commands"], path: "Tests/CommandTestSupport"),
        .target(name: "TestLogSupport", dependencies: ["Demo", "SQLite", "SQLiteLogs", "PostgreSQL", "LogGenerator", "TestSupport"], path: "Tests/TestLogSupport"),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "TestSupport"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "TestSupport"]),
        .testTarget(name: "PostgreSQLTests", dependencies: ["PostgreSQL", "PostgreSQLLogs", "PostgreSQLStore", "Store", "Logs", "LogGenerator", "Demo", "TestSupport", "TestLogSupport"]),
        .testTarget(name: "LogsTests", dependencies: ["Logs", "SQLiteLogs", "SQLite", "TestSupport"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "Logs", "SQLiteLogs", "SQLite", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Store", "SQLiteStore", "Job", "Logs", "SQLiteLogs", "SQLite", "TestSupport"]),
        .testTarget(name: "SamplingTests", dependencies: ["Sampling", "Logs", "SQLiteLogs", "SQLite", "TestSupport", "TestLogSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "SQLiteStore", "SQLite", "TestSupport"]),
        .testTarget(name: "JobTests", dependencies: ["Job", "Store", "SQLiteStore", "Sampling", "Logs", "SQLiteLogs", "SQLite", "Catalog", "TestSupport", "TestLogSupport"]),
        .testTarget(name: "CommandsTests", dependencies: ["Commands", "PostgreSQL", "LogGenerator", "Demo", "Logs", "SQLiteLogs", "SQLite", "Store", "SQLiteStore", "Job", "Catalog", "Normalize", "TestSupport", "TestLogSupport", "CommandTestSupport"]),
        .testTarget(name: "JSONScanningTests", dependencies: ["JSONScanning", "TestSupport"]),
        .testTarget(name: "FramingTests", dependencies: ["Framing", "JSONScanning", "TestSupport"]),
        .testTarget(name: "ShapesTests", dependencies: ["Shapes", "Framing", "JSONScanning", "TestSupport"]),
        // The Swift normalizer against the language-neutral conformance suite (Tests/Conformance/cases).
        .testTarget(name: "ConformanceTests", dependencies: ["Normalize", "Catalog", "Logs", "TestSupport"]),
        .testTarget(name: "NormalizeTests", dependencies: ["Normalize", "Catalog", "Demo", "Framing", "TestSupport"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "Commands", "TestSupport", "CommandTestSupport"]),
        .testTarget(name: "LogGeneratorTests", dependencies: ["LogGenerator", "Demo", "Logs", "SQLiteLogs", "SQLite", "JSONScanning", "TestSupport"]),
        .testTarget(name: "MatchesTests", dependencies: ["Matches", "Shapes", "Catalog", "Framing", "Demo", "Normalize", "TestSupport"]),
        // Faults: a live writer process, SIGKILL mid-run, damaged / read-only / full databases
        // (runs the built executables), and the inputs the fuzzer found.
        .testTarget(name: "FaultTests", dependencies: ["Commands", "PostgreSQL", "LogGenerator", "Store", "SQLiteStore", "Job", "Catalog", "Demo", "Logs", "SQLiteLogs", "SQLite", "TestSupport", "TestLogSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
