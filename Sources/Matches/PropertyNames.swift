/// The property names the catalog's compiled schemas declare, numbered once per matcher, so that
/// comparing a shape's object with a schema object looks members up by number: a shape's keys
/// are numbered once per view, not hashed again for every entry's every property.
///
/// Names are numbered by `String` equality (canonically equivalent names share a number), as
/// the dictionaries and sets the comparison used before. Immutable once built.
final class PropertyNames: Sendable {
    private let numbers: [String: Int32]

    /// How many names there are; numbers are `0 ..< count`.
    var count: Int { numbers.count }

    init(_ numbers: [String: Int32]) {
        self.numbers = numbers
    }

    /// The number of `name`, or -1 when no compiled schema declares it.
    func number(_ name: String) -> Int32 { numbers[name] ?? -1 }

    /// Numbers names as they are met, for building a table before freezing it.
    struct Builder {
        private(set) var numbers: [String: Int32] = [:]

        mutating func number(_ name: String) -> Int32 {
            if let known = numbers[name] { return known }
            let number = Int32(numbers.count)
            numbers[name] = number
            return number
        }
    }
}
