/// Numbers at consecutive elements of one array (an embedding vector), summarised by the
/// scanner for a visitor whose `takesNumberRuns` is true: how many, integers and fractions
/// apart, and the least and greatest of each as `JSONNumberToken.approximateDoubleValue`,
/// folded with `min`/`max` in element order.
public struct JSONNumberRun: @unchecked Sendable {
    /// From the first number's first byte to the last number's last byte, separators included.
    public var raw: UnsafeRawBufferPointer
    /// The index of the first number in its array.
    public var first: Int
    /// Numbers without a fraction or an exponent.
    public var integers = 0
    /// Numbers with a fraction or an exponent.
    public var fractions = 0
    /// The least integer (infinity when there is none).
    public var integerMin = Double.infinity
    /// The greatest integer (minus infinity when there is none).
    public var integerMax = -Double.infinity
    /// The least fraction (infinity when there is none).
    public var fractionMin = Double.infinity
    /// The greatest fraction (minus infinity when there is none).
    public var fractionMax = -Double.infinity

    /// An empty run starting at element `first`.
    @inlinable
    public init(raw: UnsafeRawBufferPointer, first: Int) {
        self.raw = raw
        self.first = first
    }

    /// The numbers in the run.
    @inlinable public var count: Int { integers &+ fractions }

    /// Calls `body` with each number's element index and token, in order (the run's bytes are
    /// read again).
    public func forEachNumber(_ body: (Int, JSONNumberToken) -> Void) {
        guard let start = raw.baseAddress, raw.count > 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Reader.powerCount) { memory in
            let powers = memory.baseAddress!
            Reader.writePowers(into: powers)
            var reader = Reader(base: start.assumingMemoryBound(to: UInt8.self), end: raw.count, index: 0, powers: powers)
            var element = first
            while reader.index < reader.end {
                // Validated by the scan that made the run: these reads cannot fail.
                guard let token = try? reader.readNumber() else { return }
                body(element, token)
                element &+= 1
                reader.skipWhitespace()
                guard reader.index < reader.end else { return }
                reader.index &+= 1  // the comma
                reader.skipWhitespace()
            }
        }
    }
}
