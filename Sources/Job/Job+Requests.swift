import Sampling
import Store
extension MappingJob {
    /// Rows a key needs before "not mapped" is the answer rather than "too few rows"; also how many
    /// rows a new model needs before the frequent pass maps it, unless told otherwise.
    public static let rowsToDecide = 20

    /// How a run closes the open expedite requests: a request a work item served ends with what
    /// happened to the keys it asked for; one whose model has no row in the log (so no work item
    /// in a run that plans every model) ends `no_rows`. A request whose model failed stays open.
    static func closing(
        _ requests: [MappingRequest], mode: Mode, items: [WorkItem], outcomes: [KeyOutcome], failedModels: Set<String>
    ) -> [(id: Int64, outcome: MappingRequest.Outcome)] {
        let served = Set(items.flatMap(\.requestIDs))
        var closed: [(id: Int64, outcome: MappingRequest.Outcome)] = []
        for request in requests where !failedModels.contains(request.model) {
            if served.contains(request.id) {
                let keys = outcomes.filter {
                    $0.key.model == request.model && (request.endpoint == nil || $0.key.endpoint == request.endpoint)
                }
                closed.append((request.id, outcome(of: keys.map(\.record), endpoint: request.endpoint)))
            } else if case .expedite = mode {
                continue  // Only the named model's requests are this run's.
            } else {
                closed.append((request.id, .noRows))
            }
        }
        return closed
    }

    static func outcome(of records: [MappingRecord], endpoint: String?) -> MappingRequest.Outcome {
        guard !records.isEmpty else { return endpoint == nil ? .noRows : .noEndpoint }
        let unusable = records.filter { $0.status != .mapped && $0.status != .override }
        if unusable.isEmpty { return .mapped }
        return unusable.map(\.samples).reduce(0, +) < rowsToDecide ? .tooFewRows : .notMapped
    }
}
