/// The scanning loop's cursor over the bytes, and what every production shares: the powers of
/// ten, errors at the cursor, whitespace.
@usableFromInline
struct Reader {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let end: Int
    @usableFromInline var index: Int
    /// 10^0 ... 10^8 (`writePowers`), then room for the bit patterns of the doubles
    /// 10^-0 ... 10^-19 (`writeInversePowers`, by the first run of numbers that needs them;
    /// 0 in the first slot until then). No field for that: four words pass in registers.
    @usableFromInline let powers: UnsafePointer<UInt64>

    @inlinable static var powerCount: Int { 9 &+ inversePowerCount }
    /// The doubles 10^-0 ... 10^-19 after the integer powers: a load, not a switch (whose
    /// jump table mispredicts as the digit counts of an embedding vector vary).
    @inlinable static var inversePowerCount: Int { 20 }

    @inlinable
    init(base: UnsafePointer<UInt8>, end: Int, index: Int, powers: UnsafePointer<UInt64>) {
        self.base = base
        self.end = end
        self.index = index
        self.powers = powers
    }

    /// Writes 10^0 ... 10^8 at `table`.
    @inlinable @inline(__always)
    static func writePowers(into table: UnsafeMutablePointer<UInt64>) {
        var power: UInt64 = 1
        for n in 0..<9 {
            (table + n).initialize(to: power)
            power &*= 10
        }
        (table + 9).initialize(to: 0)  // no inverse powers yet
    }

    /// Writes the doubles 10^-0 ... 10^-19 after the powers at `table` (done per run of numbers,
    /// not per document: most documents, such as stream events, have none).
    @inlinable @inline(never)
    static func writeInversePowers(into table: UnsafeMutablePointer<UInt64>) {
        for n in 0..<inversePowerCount {
            (table + (9 &+ n)).initialize(to: JSONNumberToken.inversePower(n).bitPattern)
        }
    }

    /// 10^-n for n in 0...19, as `JSONNumberToken.inversePower(n)` (from the table, once
    /// `writeInversePowers` has written it).
    @inlinable @inline(__always)
    func inversePower(_ n: Int) -> Double {
        Double(bitPattern: powers[9 &+ n])
    }

    @inlinable @inline(__always)
    func error(_ reason: JSONScanError.Reason, at offset: Int? = nil) -> JSONScanError {
        JSONScanError(reason, offset: offset ?? index)
    }

    @inlinable @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Skips JSON whitespace (space, tab, CR, LF): inline for no whitespace or one space (the
    /// `", "` and `": "` of compact JSON), a call for longer runs.
    @inlinable @inline(__always)
    mutating func skipWhitespace() {
        guard index < end, base[index] <= 0x20 else { return }
        if base[index] == 0x20, index &+ 1 < end, base[index &+ 1] > 0x20 {
            index &+= 1
            return
        }
        index = Self.whitespaceRunEnd(self)
    }

    /// Skips a run of whitespace, 16 bytes at a time (the indentation of pretty-printed JSON),
    /// stopping at exactly the first other byte.
    @inlinable @inline(__always)
    mutating func skipWhitespaceRun() {
        while index &+ 16 <= end {
            if let found = Self.firstNonWhitespace(in: UnsafeRawPointer(base + index)) {
                index &+= found
                return
            }
            index &+= 16
        }
        while index < end, Self.isWhitespace(base[index]) { index &+= 1 }
    }

    /// The position of the first byte that is not whitespace among the 16 at `block`, or nil.
    @inlinable @inline(__always)
    static func firstNonWhitespace(in block: UnsafeRawPointer) -> Int? {
        let bytes = block.loadUnaligned(as: SIMD16<Int8>.self)
        let whitespace = (bytes .== SIMD16<Int8>(repeating: 0x20)) .| (bytes .== SIMD16<Int8>(repeating: 0x0A))
            .| (bytes .== SIMD16<Int8>(repeating: 0x0D)) .| (bytes .== SIMD16<Int8>(repeating: 0x09))
        let words = unsafeBitCast(whitespace, to: SIMD2<UInt64>.self)
        if ~words[0] != 0 { return (~words[0]).trailingZeroBitCount >> 3 }
        if ~words[1] != 0 { return 8 &+ (~words[1]).trailingZeroBitCount >> 3 }
        return nil
    }
}
