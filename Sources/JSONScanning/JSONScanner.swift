/// A strict RFC 8259 JSON scanner over raw bytes, in the spirit of swift-foundation's JSONScanner:
/// bytes in, a switch per byte, events out to a `JSONVisitor`, no tree of values.
///
/// - Strict: no trailing commas, no comments, no `NaN`/`Infinity`, no leading zeros, no raw
///   control characters in strings; UTF-8 is validated inside strings; after the document only
///   whitespace may follow.
/// - A leading UTF-8 byte order mark is skipped and reported by `bomSkipped`.
/// - Nesting is kept on an explicit stack, never by recursion, and capped by `maximumDepth`
///   (default 512): a deeper document fails with `.tooDeep` at the offending bracket.
/// - A lone UTF-16 surrogate in a `\u` escape is accepted (RFC 8259 allows it) and flagged on the
///   token (`JSONStringToken.hasLoneSurrogate`).
///
/// The grammar's productions are read by `Reader`, one file each: values and containers
/// (`Reader+Values.swift`), strings and keys (`Reader+Strings.swift`), numbers
/// (`Reader+Numbers.swift`) and, for the shape builder only, runs of numbers in arrays
/// (`Reader+NumberRuns.swift`).
public struct JSONScanner: @unchecked Sendable {
    /// The bytes being scanned.
    public let bytes: UnsafeRawBufferPointer
    /// The deepest nesting of objects and arrays accepted.
    public let maximumDepth: Int
    /// True when the input started with a UTF-8 BOM, which was skipped.
    public var bomSkipped: Bool { skippedBOM }
    @usableFromInline var skippedBOM = false

    /// The default nesting limit.
    public static let defaultMaximumDepth = 512

    /// Nesting kept on the machine stack (96 words, plus the 29 powers of ten beside them:
    /// 1,000 bytes, under the 1 KB at which Swift would allocate a temporary buffer on the heap).
    @usableFromInline static let inlineDepth = 96

    public init(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int = JSONScanner.defaultMaximumDepth) {
        self.bytes = bytes
        self.maximumDepth = max(1, maximumDepth)
    }

    /// Scans the whole buffer as one JSON document, sending events to `visitor`.
    ///
    /// On error, events already sent are not retracted: a visitor that must not keep a partial
    /// document should build per document and commit only when this returns.
    @inlinable
    public mutating func scan<V: JSONVisitor>(into visitor: inout V) throws(JSONScanError) {
        try scan(into: &visitor, arrays: ElementsOneByOne<V>.self)
    }

    /// Scans the whole buffer as one JSON document, handing the numbers at consecutive elements
    /// of an array to `visitor` as runs (`JSONNumberRunVisitor`): the shape builder's way.
    @inlinable
    package mutating func scan<V: JSONNumberRunVisitor>(summarizingRunsInto visitor: inout V) throws(JSONScanError) {
        try scan(into: &visitor, arrays: NumbersInRuns<V>.self)
    }

    /// Validates the buffer as one JSON document.
    public mutating func validate() throws(JSONScanError) {
        var visitor = JSONValidatingVisitor()
        try scan(into: &visitor)
    }

    @inlinable
    mutating func scan<A: ArrayReading>(into visitor: inout A.Visitor, arrays: A.Type) throws(JSONScanError) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { throw JSONScanError(.empty, offset: 0) }
        let base = start.assumingMemoryBound(to: UInt8.self)
        var index = 0
        if bytes.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            skippedBOM = true
            index = 3
        }
        let count = bytes.count
        let maximumDepth = maximumDepth
        // The nesting stack starts on the machine stack (small enough never to be heap
        // allocated) and moves to the heap only for documents nested deeper than that. The
        // powers of ten the digit reader multiplies by live beside it: a load, not a switch
        // (whose jump table mispredicts as digit counts vary), and no lazily initialised global.
        // A constant size, whatever `maximumDepth` (a fixed frame: no size arithmetic per
        // document, which stream events, small and many, would notice).
        let initial = min(maximumDepth, Self.inlineDepth)
        try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.inlineDepth + Reader.powerCount) { (memory) throws(JSONScanError) in
            let words = memory.baseAddress!
            Reader.writePowers(into: words + Self.inlineDepth)
            var reader = Reader(base: base, end: count, index: index, powers: words + Self.inlineDepth)
            reader.skipWhitespace()
            if reader.index >= reader.end { throw JSONScanError(.empty, offset: reader.index) }
            var nesting = Nesting(
                slots: UnsafeMutableRawPointer(words).bindMemory(to: Int.self, capacity: initial), capacity: initial,
                maximumDepth: maximumDepth)
            defer { nesting.release() }
            try reader.scanDocument(into: &visitor, arrays: A.self, nesting: &nesting)
        }
    }
}
