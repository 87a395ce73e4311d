import JSONScanning

/// The merged JSON structure of many documents: per path the values that reached it, their
/// JSON types, presence of object keys, array lengths, number ranges, string lengths and
/// formats, closed-set values, watched-value hits — never the text of a value.
///
/// Built one document at a time (`add(document:)`), a rejected document leaving no trace, and
/// merged across shapes (`merge(_:)`). Its size is bounded by `ShapeLimits`, whatever the
/// number of samples. Storage is flat arrays of plain values (a node arena), so a shape is a
/// `Sendable` value that copies cheaply and never points into a scanned body.
public struct Shape: Sendable {
    /// The bounds this shape keeps.
    public let limits: ShapeLimits
    /// Strings whose occurrences are counted per string path (e.g. the key's model name).
    public let watchedValues: [String]
    /// Documents added (accepted).
    public internal(set) var documentCount = 0
    /// Values at new paths not recorded because `limits.maximumPaths` was reached.
    public internal(set) var droppedPaths = 0
    /// Object members not recorded because their object had `limits.maximumKeysPerObject` keys.
    public internal(set) var droppedKeys = 0

    @usableFromInline var nodes: NodeArena
    @usableFromInline var keyBytes: [UInt8] = []
    @usableFromInline var enumEntries: [EnumEntry] = []
    @usableFromInline var enumBytes: [UInt8] = []
    @usableFromInline var watchHits: [Int] = []
    @usableFromInline let watched: [[UInt8]]
    /// The shortest and longest watched value in UTF-8 bytes (none: `Int.max` and -1): strings
    /// of other lengths are never compared.
    @usableFromInline let watchedMinimumLength: Int
    @usableFromInline let watchedMaximumLength: Int
    /// Nodes unlinked by map collapses, reclaimed by `compact()`.
    @usableFromInline var garbage = 0
    @usableFromInline var serial: UInt32 = 0
    /// The integers of a few documents, per document (see ``NumberSamples``): numbers only.
    public internal(set) var numberSamples = NumberSamples()

    /// An empty shape.
    public init(watching watchedValues: [String] = [], limits: ShapeLimits = ShapeLimits()) {
        self.limits = limits
        self.watchedValues = watchedValues
        self.watched = watchedValues.map { Array($0.utf8) }
        self.watchedMinimumLength = watched.map(\.count).min() ?? Int.max
        self.watchedMaximumLength = watched.map(\.count).max() ?? -1
        self.nodes = NodeArena([Node(parent: -1)])
        self.watchHits = Array(repeating: 0, count: watchedValues.count)
    }

    /// Paths recorded (the root included), not counting unlinked ones.
    public var pathCount: Int { nodes.count - garbage }

    /// True when no document was added.
    public var isEmpty: Bool { documentCount == 0 }
}

/// The kinds of JSON value a path can hold.
public enum JSONValueType: String, Sendable, Hashable, CaseIterable, Comparable {
    case null, boolean, integer, number, string, object, array

    public static func < (lhs: JSONValueType, rhs: JSONValueType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One path's statistics, stored flat in the shape's arena.
@usableFromInline
struct Node: Sendable, BitwiseCopyable {
    @usableFromInline var parent: Int32
    @usableFromInline var firstChild: Int32 = -1
    @usableFromInline var lastChild: Int32 = -1
    @usableFromInline var nextSibling: Int32 = -1
    /// Key-order hint for an object: the child its first key matched last time (see
    /// `ShapeBuilder.child(of:key:after:)`). Never part of the statistics.
    @usableFromInline var firstKeyHint: Int32 = -1
    @usableFromInline var items: Int32 = -1
    @usableFromInline var keyOffset: Int32 = 0
    @usableFromInline var keyLength: Int32 = 0
    /// The first eight bytes of the key, zero-padded: most keys compare without the arena.
    @usableFromInline var keyPrefix: UInt64 = 0
    @usableFromInline var childCount: Int32 = 0
    @usableFromInline var isMap = false
    @usableFromInline var isMapValue = false
    @usableFromInline var enumGivenUp = false
    @usableFromInline var enumDistinct: Int8 = 0
    @usableFromInline var enumHead: Int32 = -1
    @usableFromInline var journalStamp: UInt32 = 0
    @usableFromInline var documentStamp: UInt32 = 0
    /// Key-order hint for a member: the sibling whose key followed this one last time (in the
    /// padding before the counters: the node keeps its size).
    @usableFromInline var nextKeyHint: Int32 = -1

    @usableFromInline var count = 0
    @usableFromInline var documents = 0
    @usableFromInline var nulls = 0
    @usableFromInline var trues = 0
    @usableFromInline var falses = 0
    @usableFromInline var integers = 0
    @usableFromInline var fractions = 0
    @usableFromInline var strings = 0
    @usableFromInline var objects = 0
    @usableFromInline var arrays = 0

    @usableFromInline var lengthMin: Int32 = Int32.max
    @usableFromInline var lengthMax: Int32 = 0
    @usableFromInline var lengthSum = 0
    @usableFromInline var membersMin: Int32 = Int32.max
    @usableFromInline var membersMax: Int32 = 0
    @usableFromInline var membersSum = 0
    @usableFromInline var integerMin = Double.infinity
    @usableFromInline var integerMax = -Double.infinity
    @usableFromInline var fractionMin = Double.infinity
    @usableFromInline var fractionMax = -Double.infinity
    @usableFromInline var stringMin: Int32 = Int32.max
    @usableFromInline var stringMax: Int32 = 0
    @usableFromInline var stringSum = 0
    @usableFromInline var formats = FormatCounts()
    /// Closed-set hint: the entry the last string here matched (see `ShapeBuilder.string(_:)`);
    /// in the tail padding, so the node keeps its stride. Never part of the statistics.
    @usableFromInline var enumHint: Int32 = -1

    @usableFromInline
    init(parent: Int32) {
        self.parent = parent
    }

    @usableFromInline var booleans: Int { trues + falses }

    /// Copies a whole node with 16-byte moves written out (a loop or a plain assignment of a
    /// struct this size becomes a call to `memcpy`, several times dearer for one node).
    @inlinable @inline(__always)
    static func copy(_ source: UnsafePointer<Node>, to target: UnsafeMutablePointer<Node>) {
        precondition(MemoryLayout<Node>.size >= 256, "Node.copy writes 256 bytes out; adjust it")
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        @inline(__always) func move16(_ offset: Int) {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: SIMD2<UInt64>.self), toByteOffset: offset, as: SIMD2<UInt64>.self)
        }
        move16(0); move16(16); move16(32); move16(48); move16(64); move16(80); move16(96); move16(112)
        move16(128); move16(144); move16(160); move16(176); move16(192); move16(208); move16(224); move16(240)
        var offset = 256
        while offset + 8 <= MemoryLayout<Node>.size {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset + 4 <= MemoryLayout<Node>.size {
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: UInt32.self), toByteOffset: offset, as: UInt32.self)
            offset += 4
        }
        while offset < MemoryLayout<Node>.size {
            to.storeBytes(of: from.load(fromByteOffset: offset, as: UInt8.self), toByteOffset: offset, as: UInt8.self)
            offset += 1
        }
    }
}

extension Node {
    /// Counts one number of value `value` (the value count is the caller's).
    @inlinable @inline(__always)
    mutating func addNumber(_ value: Double, isInteger: Bool) {
        if isInteger {
            integers += 1
            integerMin = min(integerMin, value)
            integerMax = max(integerMax, value)
        } else {
            fractions += 1
            fractionMin = min(fractionMin, value)
            fractionMax = max(fractionMax, value)
        }
    }

    /// Counts the numbers of `numbers`, which came after those counted (the value count is the
    /// caller's).
    @inlinable @inline(__always)
    mutating func addNumbers(_ numbers: JSONNumberStatistics) {
        if numbers.integers > 0 {
            integers += numbers.integers
            integerMin = min(integerMin, numbers.integerMin)
            integerMax = max(integerMax, numbers.integerMax)
        }
        if numbers.fractions > 0 {
            fractions += numbers.fractions
            fractionMin = min(fractionMin, numbers.fractionMin)
            fractionMax = max(fractionMax, numbers.fractionMax)
        }
    }
}

/// Per-format string counts.
@usableFromInline
struct FormatCounts: Sendable, BitwiseCopyable {
    @usableFromInline var counts: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0, 0, 0, 0)

    @usableFromInline init() {}

    /// Adds `amount` (saturating at `UInt32.max`: counts this large only need their ratio).
    @inlinable
    mutating func add(_ format: StringFormat, _ amount: Int = 1) {
        let amount = UInt32(clamping: amount)
        switch format {
        case .none: counts.0 = counts.0 &+ amount < counts.0 ? .max : counts.0 &+ amount
        case .dateTime: counts.1 = counts.1 &+ amount < counts.1 ? .max : counts.1 &+ amount
        case .date: counts.2 = counts.2 &+ amount < counts.2 ? .max : counts.2 &+ amount
        case .uuid: counts.3 = counts.3 &+ amount < counts.3 ? .max : counts.3 &+ amount
        case .uri: counts.4 = counts.4 &+ amount < counts.4 ? .max : counts.4 &+ amount
        case .base64: counts.5 = counts.5 &+ amount < counts.5 ? .max : counts.5 &+ amount
        case .numberString: counts.6 = counts.6 &+ amount < counts.6 ? .max : counts.6 &+ amount
        case .email: counts.7 = counts.7 &+ amount < counts.7 ? .max : counts.7 &+ amount
        case .binary: counts.8 = counts.8 &+ amount < counts.8 ? .max : counts.8 &+ amount
        }
    }

    /// Adds one (saturating), by the format's position: no switch.
    @inlinable @inline(__always)
    mutating func addOne(_ format: StringFormat) {
        withUnsafeMutableBytes(of: &counts) { bytes in
            let offset = format.rawValue &* MemoryLayout<UInt32>.stride
            let value = bytes.load(fromByteOffset: offset, as: UInt32.self)
            if value != .max { bytes.storeBytes(of: value &+ 1, toByteOffset: offset, as: UInt32.self) }
        }
    }

    @inlinable
    subscript(format: StringFormat) -> Int {
        switch format {
        case .none: return Int(counts.0)
        case .dateTime: return Int(counts.1)
        case .date: return Int(counts.2)
        case .uuid: return Int(counts.3)
        case .uri: return Int(counts.4)
        case .base64: return Int(counts.5)
        case .numberString: return Int(counts.6)
        case .email: return Int(counts.7)
        case .binary: return Int(counts.8)
        }
    }

    mutating func add(_ other: FormatCounts) {
        for format in StringFormat.allCases { add(format, other[format]) }
    }
}

/// One captured closed-set value (bytes in `enumBytes`), in a per-node list.
@usableFromInline
struct EnumEntry: Sendable {
    @usableFromInline var offset: Int32
    @usableFromInline var length: Int32
    @usableFromInline var count: Int
    @usableFromInline var next: Int32
    /// The format of the value, guessed once when it was first seen.
    @usableFromInline var format: StringFormat

    @usableFromInline
    init(offset: Int32, length: Int32, count: Int, next: Int32, format: StringFormat) {
        self.offset = offset
        self.length = length
        self.count = count
        self.next = next
        self.format = format
    }
}
