import Commands
/// `gateway-mapper-bench`: benchmark modes, each measuring against a floor in the same run.
public enum Bench {
    /// Every benchmark mode.
    public static let commands: [any Command.Type] = [
        ShapesBench.self,
        NormalizeBench.self,
        GenerateBench.self,
        RunBench.self,
        WriteLoadBench.self,
        IdlePassBench.self,
        LoadPostgreSQLBench.self,
        ConformanceBench.self,
    ]

    public static func main(_ arguments: [String], context: CommandContext) -> ExitCode {
        guard let name = arguments.first, name != "--help", name != "-h" else {
            let text = "OVERVIEW: Benchmarks for gateway-mapper.\n\nUSAGE: gateway-mapper-bench <mode> [options]\n\nMODES:\n"
                + GatewayMapper.listing(commands) + "\nSee 'gateway-mapper-bench <mode> --help' for a mode's options.\n"
            if arguments.isEmpty { context.err("Error: no mode given\n\n" + text); return .usage }
            context.out(text)
            return .success
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            context.err("Error: unknown mode '\(name)'\n")
            return .usage
        }
        return GatewayMapper.run(command, Array(arguments.dropFirst()), program: "gateway-mapper-bench", context: context)
    }
}
