import Catalog
import Foundation
import Logs
import Matches
import Shapes
import Sampling
import Store

/// What every worker shares (read-only) and the work it does for one model.
struct WorkerContext: Sendable {
    let source: any LogSource
    let catalog: Catalog
    let options: MappingJob.Options
    let current: [LogKey: MappingRecord]
    let overrides: [MappingOverride]
    /// The samples of the rows without a model, by model and key, once the writing thread has read them.
    let attributed: Handoff<[String: [LogKey: KeySample]]>
    /// The catalog's provider directory, memoised per host for every worker.
    let providerLookups: ProviderLookups
    /// The endpoints whose top-level array responses are streams (the catalog's `json_array` APIs).
    let arrayStreams: @Sendable (String) -> Bool
    /// The catalog compiled for matching, once for every worker (read-only).
    let matcher: Matcher

    init(
        source: any LogSource, catalog: Catalog, options: MappingJob.Options, current: [LogKey: MappingRecord],
        overrides: [MappingOverride], attributed: Handoff<[String: [LogKey: KeySample]]>
    ) {
        self.source = source
        self.catalog = catalog
        self.options = options
        self.current = current
        self.overrides = overrides
        self.attributed = attributed
        providerLookups = ProviderLookups(catalog.providers)
        arrayStreams = catalog.arrayStreamRule
        matcher = Matcher(catalog: catalog, thresholds: options.thresholds)
    }

    /// A worker's loop: its own connection to the logs, items until none is left.
    func work(_ queue: WorkQueue) {
        let reader: any LogConnection
        do {
            reader = try source.connect()
        } catch {
            while let item = queue.take() { queue.put(.failed(model: item.model, error: error)) }
            return
        }
        var targets = TargetCache()
        var encodings = FieldMapEncodings()
        while let item = queue.take() {
            do {
                queue.put(try process(item, reader: reader, matcher: matcher, targets: &targets, encodings: &encodings))
            } catch {
                queue.put(.failed(model: item.model, error: error))
            }
        }
    }

    /// Samples one model's rows, grouped by endpoint, and decides each key's mapping.
    func process(
        _ item: WorkItem, reader: any LogConnection, matcher: Matcher, targets: inout TargetCache, encodings: inout FieldMapEncodings
    ) throws -> WorkQueue.Result {
        var samples = try KeySample.sample(
            reader: reader, model: item.model, storage: item.storage, afterID: item.afterID, limit: options.samples,
            endpoint: item.endpoint, arrayStreams: arrayStreams, cache: &targets)
        // The rows without a model are read meanwhile; they join the model's keys before deciding.
        for (key, sample) in attributed.wait()[item.model] ?? [:] {
            if let only = item.endpoint, key.endpoint != only { continue }
            samples[key, default: KeySample(key: key, arrayStreams: sample.shapes.arrayStreams)].merge(sample)
        }
        var figures = WorkQueue.Figures()
        var outcomes: [MappingJob.KeyOutcome] = []
        // A key seen for the first time records when its model's first row was logged.
        let firstLoggedAt = samples.keys.allSatisfy { current[$0] != nil }
            ? nil : try reader.firstLoggedAt(model: item.model, storage: item.storage)
        for key in samples.keys.sorted() {
            let sample = samples[key]!
            figures.rows += sample.rows
            figures.bytes += sample.shapes.bytesScanned
            figures.rejected.merge(sample.shapes.rejected, uniquingKeysWith: +)
            var record = decide(sample, reason: item.reason, matcher: matcher, encodings: &encodings)
            if current[key] == nil { record.firstLoggedAt = firstLoggedAt }
            outcomes.append(MappingJob.KeyOutcome(key: key, reason: item.reason, record: record, saved: nil))
        }
        return .keys(outcomes, figures)
    }

    /// The mapping a key gets from its sample, its current mapping and any override.
    func decide(_ sample: KeySample, reason: WorkItem.Reason, matcher: Matcher) -> MappingRecord {
        var encodings = FieldMapEncodings()
        return decide(sample, reason: reason, matcher: matcher, encodings: &encodings)
    }

    /// As above, encoding field maps through the worker's memo.
    func decide(
        _ sample: KeySample, reason: WorkItem.Reason, matcher: Matcher, encodings: inout FieldMapEncodings
    ) -> MappingRecord {
        let key = sample.key
        let existing = current[key]
        let result = matcher.match(sample.shapes, endpoint: key.endpoint, model: key.model)
        var record = MappingRecord(
            model: key.model, endpoint: key.endpoint, schemaID: result.schemaID, status: MappingStatus(result.status),
            confidence: Self.rounded(result.confidence), runnerUp: result.runnerUp?.id,
            runnerUpConfidence: result.runnerUp.map { Self.rounded($0.confidence) },
            fieldMap: encodings.json(result.fieldMap) ?? "{}", reasons: result.reasons,
            providers: providers(sample), providerHeaders: sample.providerHeaders, samples: sample.rows,
            rejected: sample.shapes.rejected, lastLogID: max(existing?.lastLogID ?? 0, sample.maxLogID),
            structureHash: String(sample.shapes.structureHash, radix: 16), mapperVersion: options.mapperVersion,
            updatedAt: "")

        if let pin = overrides.covering(model: key.model, endpoint: key.endpoint) {
            // The operator's word stands; say when the logs stop agreeing with it.
            record.status = .override
            record.schemaID = pin.schemaID
            record.fieldMap = pin.fieldMap ?? catalog.entry(id: pin.schemaID).flatMap { encodings.json($0.fieldMap) } ?? record.fieldMap
            record.confidence = 1
            record.runnerUp = nil
            record.runnerUpConfidence = nil
            record.structureHash = existing?.structureHash ?? record.structureHash
            var reasons = ["pinned by an operator" + (pin.note.map { ": \($0)" } ?? "")]
            if sample.successfulDocuments > 0 {
                if result.status == .mapped && result.schemaID != pin.schemaID {
                    reasons.append("the logs disagree with the override: they match \(result.schemaID) (\(Self.percent(result.confidence)))")
                } else if let fit = result.candidates.first(where: { $0.id == pin.schemaID }), fit.confidence < options.thresholds.lowConfidence {
                    reasons.append("the logs no longer fit \(pin.schemaID) (\(Self.percent(fit.confidence)))")
                }
            }
            record.reasons = reasons
            return record
        }

        guard let existing else {
            if sample.successfulDocuments == 0 {
                record.status = .unmappable
                if !record.reasons.contains(where: { $0.contains("no successful") }) {
                    record.reasons.insert("no successful responses sampled yet", at: 0)
                }
            }
            return record
        }

        if sample.successfulDocuments == 0 {
            // Only errors or rejected bodies since last time: nothing to decide; move the mark on.
            return existing.movedOn(by: record)
        }

        guard reason == .drift, existing.status == .mapped || existing.status == .drifted else { return record }

        // Drift: new rows of a mapped key. Still fitting its schema keeps the map as it is.
        let fit = result.candidates.first { $0.id == existing.schemaID }?.confidence ?? 0
        let otherWins = result.status == .mapped && result.schemaID != existing.schemaID
        if !otherWins && (result.schemaID == existing.schemaID || fit >= options.thresholds.lowConfidence) {
            var kept = existing.movedOn(by: record)
            kept.status = .mapped
            if existing.status == .drifted { kept.reasons = record.reasons }
            return kept
        }
        if otherWins {
            record.reasons.insert("drift: the newest rows match \(result.schemaID), not \(existing.schemaID)", at: 0)
            return record
        }
        var drifted = existing.movedOn(by: record)
        drifted.status = .drifted
        drifted.structureHash = record.structureHash
        drifted.reasons = ["drift: the newest rows no longer fit \(existing.schemaID) (\(Self.percent(fit)))"]
            + result.reasons.prefix(8)
        return drifted
    }

    func providers(_ sample: KeySample) -> [ProviderSeen] {
        sample.hosts.map { host, rows in
            let provider = providerLookups.provider(forHost: host)
            return ProviderSeen(host: host, provider: provider.name, approved: provider.approved, rows: rows)
        }.sorted { ($0.rows, $1.host) > ($1.rows, $0.host) }
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}

extension MappingRecord {
    /// This mapping, its bookkeeping moved on to what `sample` (this run's record of the key) saw:
    /// the last log id, samples, rejections, hosts and headers, and the mapper version.
    func movedOn(by sample: MappingRecord) -> MappingRecord {
        var moved = self
        moved.lastLogID = sample.lastLogID
        moved.samples = sample.samples
        moved.rejected = sample.rejected
        moved.providers = sample.providers
        moved.providerHeaders = sample.providerHeaders
        moved.mapperVersion = sample.mapperVersion
        return moved
    }
}

extension MappingStatus {
    init(_ status: MatchStatus) {
        switch status {
        case .mapped: self = .mapped
        case .lowConfidence: self = .lowConfidence
        case .unmappable: self = .unmappable
        }
    }
}
