/// The reader's steps that stay out of line (long or rare: whitespace runs, long strings,
/// keys, literals; number runs in `ArrayReading`), called with the reader by value and returning its new
/// position. The caller's loop never passes its reader by address, so LLVM keeps the cursor
/// in a register through `scanDocument` instead of storing and reloading it around every call
/// (a store-to-load round trip on the path from one token to the next). The `mutating`
/// wrappers in the `Reader` files (`skipWhitespace`, `readStringBody(start:)`,
/// `readKey`, `expectLiteral`) call these and store the position back.
extension Reader {
    /// Where the whitespace run at `reader.index` ends (`skipWhitespaceRun`).
    @inlinable @inline(never)
    static func whitespaceRunEnd(_ reader: Reader) -> Int {
        var reader = reader
        reader.skipWhitespaceRun()
        return reader.index
    }

    /// `readStringBodyInline(start:)`: the token and the position after its closing quote.
    @inlinable @inline(never)
    static func readStringBody(_ reader: Reader, start: Int) throws(JSONScanError) -> (JSONStringToken, Int) {
        var reader = reader
        let token = try reader.readStringBodyInline(start: start)
        return (token, reader.index)
    }

    /// `readKeyInline`: the position after the key's colon.
    @inlinable @inline(never)
    static func readKey<V: JSONVisitor>(_ reader: Reader, into visitor: inout V) throws(JSONScanError) -> Int {
        var reader = reader
        try reader.readKeyInline(into: &visitor)
        return reader.index
    }

    /// `expectLiteralInline`: the position after the literal.
    @inlinable @inline(never)
    static func expectLiteral(_ reader: Reader, _ word: UInt64, length: Int) throws(JSONScanError) -> Int {
        var reader = reader
        try reader.expectLiteralInline(word, length: length)
        return reader.index
    }
}
