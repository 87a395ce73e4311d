/// The integers of a few documents, kept together per document: what a relation between counts
/// needs (parts that add up to a total in the same body), which per-path ranges cannot show.
///
/// Numbers only, never a string: each document is a list of (path, integer) pairs for integers
/// outside arrays. Bounded whatever the samples: at most ``maximumDocuments`` documents of at
/// most ``maximumValues`` integers each; a document with fewer than ``minimumValues`` integers
/// outside arrays (a stream's delta event) is not kept, so a stream's usage events fill the slots. Each kept
/// document's size in bytes is kept beside its integers (a count that grows with its body).
public struct NumberSamples: Sendable, Hashable {
    /// Most documents kept.
    public static let maximumDocuments = 64
    /// Most integers kept per document (the first ones in document order).
    public static let maximumValues = 24
    /// Fewest integers a document needs to be kept: two counts to compare.
    public static let minimumValues = 2

    /// The distinct paths, in order of first sight.
    public private(set) var paths: [ShapePath] = []
    private var pathNumbers: [ShapePath: Int32] = [:]
    /// Per value: its path's number and the value, documents one after another.
    private var valuePaths: [Int32] = []
    private var values: [Int64] = []
    /// Where each document's values end in `values`.
    private var documentEnds: [Int] = []
    /// Each kept document's size in bytes (0 when not known).
    public private(set) var documentSizes: [Int] = []

    public init() {}

    /// Documents kept.
    public var documentCount: Int { documentEnds.count }

    /// True when no more documents are kept.
    public var isFull: Bool { documentEnds.count >= Self.maximumDocuments }

    /// Keeps one document's integers (the first ``maximumValues``), when there is room and at
    /// least ``minimumValues`` of them; a path given twice keeps its first value.
    public mutating func add(document: [(path: ShapePath, value: Int64)], size: Int = 0) {
        guard !isFull, document.count >= Self.minimumValues else { return }
        add(numbered: document.prefix(Self.maximumValues).map { (number(of: $0.path), $0.value) }, size: size)
    }

    /// Keeps one document whose paths are already numbered (``number(of:)``); the caller has
    /// checked the room and the counts.
    mutating func add(numbered document: [(path: Int32, value: Int64)], size: Int) {
        let start = values.count
        for (number, value) in document {
            // A path given twice keeps its first value (documents hold a few dozen values).
            guard !valuePaths[start...].contains(number) else { continue }
            valuePaths.append(number)
            values.append(value)
        }
        documentEnds.append(values.count)
        documentSizes.append(size)
    }

    /// Adds the documents `other` kept, while there is room.
    public mutating func merge(_ other: NumberSamples) {
        var index = 0
        other.forEachDocument { document in
            defer { index += 1 }
            guard !isFull else { return }
            add(document: document.map { (other.paths[Int($0.path)], $0.value) }, size: other.documentSizes[index])
        }
    }

    /// Per kept document, the value at each of `wanted` (nil where the document has none).
    public func values(at wanted: [ShapePath]) -> [[Int64?]] {
        let numbers = wanted.map { pathNumbers[$0] }
        var rows: [[Int64?]] = []
        rows.reserveCapacity(documentCount)
        forEachDocument { document in
            rows.append(numbers.map { number in
                guard let number else { return nil }
                return document.first { $0.path == number }?.value
            })
        }
        return rows
    }

    /// The number of `path` among ``paths``, added when new.
    mutating func number(of path: ShapePath) -> Int32 {
        if let number = pathNumbers[path] { return number }
        let number = Int32(paths.count)
        paths.append(path)
        pathNumbers[path] = number
        return number
    }

    private func forEachDocument(_ body: ([(path: Int32, value: Int64)]) -> Void) {
        var start = 0
        for end in documentEnds {
            body((start..<end).map { (valuePaths[$0], values[$0]) })
            start = end
        }
    }
}
