import Commands
/// One measured read floor and the job run after it, in the same process (`bench run --pairs`).
struct PairRatio {
    var floorSeconds: Double
    var floorCPU: Double
    var jobSeconds: Double
    var jobCPU: Double

    /// Job / floor in wall time (the target's figure).
    var wall: Double { jobSeconds / max(floorSeconds, 1e-9) }
    /// Job / floor in CPU time.
    var cpu: Double { jobCPU / max(floorCPU, 1e-9) }

    /// The middle value (the mean of the two middle ones for an even count).
    static func median(_ values: [Double]) -> Double {
        precondition(!values.isEmpty, "the median of no values")
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Each pair's wall ratio in order, then the medians and ranges of both ratios and of the times.
    static func describe(_ pairs: [PairRatio]) -> String {
        func f(_ value: Double) -> String { ShapesBench.format(value) }
        func spread(_ values: [Double], _ unit: String) -> String {
            "median \(f(median(values)))\(unit) (\(f(values.min()!))–\(f(values.max()!))\(unit))"
        }
        let listed = pairs.map { f($0.wall) + "x" }.joined(separator: ", ")
        return """
              pairs        \(pairs.count) floor/job pairs, alternating; job / floor wall: \(listed)
                           wall ratio \(spread(pairs.map(\.wall), "x")), cpu ratio \(spread(pairs.map(\.cpu), "x"))  (target ≤ 2x wall)
                           floor wall \(spread(pairs.map(\.floorSeconds), " s")), cpu \(spread(pairs.map(\.floorCPU), " s"))
                           job   wall \(spread(pairs.map(\.jobSeconds), " s")), cpu \(spread(pairs.map(\.jobCPU), " s"))

            """
    }
}

extension PairRatio {
    init(floor: ReadFloor.Figures, job: RunBench.JobFigures) {
        self.init(floorSeconds: floor.seconds, floorCPU: floor.cpuSeconds, jobSeconds: job.seconds, jobCPU: job.cpuSeconds)
    }
}
