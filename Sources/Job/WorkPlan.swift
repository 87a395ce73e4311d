import Logs
import Sampling
import Store

/// What a run has to do for one model, and why.
public struct WorkItem: Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable, Comparable {
        /// An expedite request is open.
        case expedite
        /// A model seen in the logs with no mapping at all.
        case new
        /// A key not `mapped` that has new rows since it was last tried.
        case retry
        /// A mapped key with new rows: check they still fit.
        case drift

        static let order: [Reason] = [.expedite, .new, .retry, .drift]
        public static func < (lhs: Reason, rhs: Reason) -> Bool {
            order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    public var model: String
    public var reason: Reason
    /// Rows after this id are new for the model (0: sample the newest rows whatever their age).
    public var afterID: Int64
    /// The model's newest row id when the plan was made.
    public var maxID: Int64
    /// Expedite requests this item serves.
    public var requestIDs: [Int64] = []
    /// Restrict to one endpoint (an expedite request that names one).
    public var endpoint: String?
    /// How the log stores the model's name (a BLOB is read back as one).
    public var storage: ModelStorage = .text

    /// Pending in the gateway's sense: waiting for a first or better mapping.
    public var isPending: Bool { reason != .drift }
}

/// Decides, from each model's newest row in the log and the store, which models a run must look at.
public enum WorkPlan {
    public static func make(
        heads: [ModelHead], mappings: [MappingRecord], requests: [MappingRequest]
    ) -> [WorkItem] {
        let byModel = Dictionary(grouping: mappings, by: \.model)
        let requestsByModel = Dictionary(grouping: requests, by: \.model)
        var items: [WorkItem] = []
        // A name stored both as text and as bytes is one key: its text rows are read.
        let textNames = Set(heads.filter { $0.storage == .text }.compactMap(\.model))
        for head in heads {
            guard let model = head.model, head.isValidName else { continue }
            if head.storage == .blob && textNames.contains(model) { continue }
            let records = byModel[model] ?? []
            let lastLogID = records.map(\.lastLogID).max() ?? 0
            let hasNewRows = head.maxID > lastLogID
            var item = WorkItem(model: model, reason: .drift, afterID: lastLogID, maxID: head.maxID)
            item.storage = head.storage
            if let open = requestsByModel[model] {
                item.reason = .expedite
                item.afterID = 0
                item.requestIDs = open.map(\.id)
                let endpoints = Set(open.map(\.endpoint))
                if endpoints.count == 1, let endpoint = endpoints.first { item.endpoint = endpoint }
            } else if records.isEmpty {
                item.reason = .new
                item.afterID = 0
            } else if hasNewRows, records.contains(where: { $0.status != .mapped && $0.status != .override }) {
                item.reason = .retry
                item.afterID = 0
            } else if !hasNewRows {
                continue
            }
            items.append(item)
        }
        // Requests for models with no rows yet stay open: there is nothing to sample.
        return items.sorted { ($0.reason, $0.model) < ($1.reason, $1.model) }
    }
}
