import Job

/// The options `run` and `expedite` share, as one group: where the logs and mappings are, how
/// much to sample with how many workers, whether to write, metrics, the catalog, the lock wait.
extension JobRunner {
    /// `--dry-run`: nothing written.
    static let dryRun = Option.flag("dry-run", help: "Plan and match, print what would change, write nothing.")

    /// `--metrics-file PATH`: Prometheus textfile-collector metrics.
    static let metricsFile = Option<String?>.value(
        "metrics-file", "PATH", help: "Write Prometheus textfile-collector metrics there (atomically).", .string)

    /// The group's options, in help order, after `--db` (which each command lists first, with
    /// what else selects its work).
    static let options: [any DeclaredOption] = [
        SharedOptions.logTable, SharedOptions.mappingsDatabase, SharedOptions.samples, SharedOptions.jobs, dryRun,
        metricsFile, SharedOptions.schemas, SharedOptions.busyTimeout,
    ]

    /// The runner the group's options describe, running the job in `mode`.
    init(parsing parsed: inout ParsedOptions, mode: MappingJob.Mode) throws(CommandError) {
        var options = MappingJob.Options()
        options.mode = mode
        options.samples = try parsed.value(SharedOptions.samples)
        options.jobs = try parsed.value(SharedOptions.jobs)
        options.dryRun = try parsed.value(Self.dryRun)
        options.mapperVersion = GatewayMapper.version
        self.init(
            databasePath: try parsed.logs(SharedOptions.database), mappingsPath: try parsed.value(SharedOptions.mappingsDatabase),
            schemas: try parsed.value(SharedOptions.schemas), options: options, metricsPath: try parsed.value(Self.metricsFile),
            busyTimeoutMilliseconds: try parsed.value(SharedOptions.busyTimeout))
    }
}
