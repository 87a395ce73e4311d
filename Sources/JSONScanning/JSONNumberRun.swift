/// How many numbers, integers and fractions apart, and the least and greatest of each as
/// `JSONNumberToken.approximateDoubleValue`, folded with `min`/`max` in order (`min` keeps the
/// first of equal values and `max` the last, so `0` and `-0` come out the same whatever the
/// grouping).
@usableFromInline package struct JSONNumberStatistics: Sendable {
    /// Numbers without a fraction or an exponent.
    @usableFromInline package var integers = 0
    /// Numbers with a fraction or an exponent.
    @usableFromInline package var fractions = 0
    /// The least integer (infinity when there is none).
    @usableFromInline package var integerMin = Double.infinity
    /// The greatest integer (minus infinity when there is none).
    @usableFromInline package var integerMax = -Double.infinity
    /// The least fraction (infinity when there is none).
    @usableFromInline package var fractionMin = Double.infinity
    /// The greatest fraction (minus infinity when there is none).
    @usableFromInline package var fractionMax = -Double.infinity

    @inlinable package init() {}

    /// The numbers counted.
    @inlinable package var count: Int { integers &+ fractions }

    /// Counts one number of value `value`.
    @inlinable @inline(__always)
    package mutating func add(_ value: Double, isInteger: Bool) {
        if isInteger {
            integers &+= 1
            integerMin = min(integerMin, value)
            integerMax = max(integerMax, value)
        } else {
            fractions &+= 1
            fractionMin = min(fractionMin, value)
            fractionMax = max(fractionMax, value)
        }
    }

    /// Counts the numbers of `other`, which came after these.
    @inlinable @inline(__always)
    package mutating func add(_ other: JSONNumberStatistics) {
        if other.integers > 0 {
            integers &+= other.integers
            integerMin = min(integerMin, other.integerMin)
            integerMax = max(integerMax, other.integerMax)
        }
        if other.fractions > 0 {
            fractions &+= other.fractions
            fractionMin = min(fractionMin, other.fractionMin)
            fractionMax = max(fractionMax, other.fractionMax)
        }
    }
}

/// Numbers at consecutive elements of one array (an embedding vector), summarised by the
/// scanner for a `JSONNumberRunVisitor`.
@usableFromInline package struct JSONNumberRun: Sendable {
    /// The index of the first number in its array.
    @usableFromInline package var first: Int
    /// The run's numbers.
    @usableFromInline package var statistics: JSONNumberStatistics

    @inlinable
    package init(first: Int, statistics: JSONNumberStatistics) {
        self.first = first
        self.statistics = statistics
    }
}

/// A visitor that takes the numbers at consecutive elements of an array as runs: the scanner
/// summarises them in a loop of its own (`Reader+NumberRuns.swift`) and calls `numberRun(_:)`
/// instead of `element(_:)` and `number(_:)` for each. An internal specialisation of the
/// package (the shape builder's), not part of the public visitor protocol.
@usableFromInline package protocol JSONNumberRunVisitor: JSONVisitor {
    /// Numbers at elements `run.first`, `run.first + 1`, … of the current array.
    mutating func numberRun(_ run: JSONNumberRun)
}
