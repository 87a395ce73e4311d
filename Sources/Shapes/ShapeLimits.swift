/// Bounds that keep a shape's memory independent of the number and size of samples.
public struct ShapeLimits: Sendable, Hashable {
    /// Most paths (nodes) a shape holds; values at new paths beyond it are dropped and counted.
    public var maximumPaths: Int
    /// Most keys one object path holds before it is treated as a map; further keys are dropped
    /// and counted when it does not look like one.
    public var maximumKeysPerObject: Int
    /// Distinct keys at an object path before map detection considers it.
    public var mapMinimumKeys: Int
    /// Nesting accepted by the scanner.
    public var maximumDepth: Int

    /// Closed-set capture: most distinct values…
    public static let enumMaximumValues = 16
    /// …each at most this many UTF-8 bytes…
    public static let enumMaximumValueLength = 64
    /// …and closed (exported) only once this many strings were seen at the path.
    public static let enumMinimumSamples = 20

    public init(maximumPaths: Int = 4_096, maximumKeysPerObject: Int = 256, mapMinimumKeys: Int = 12, maximumDepth: Int = 512) {
        self.maximumPaths = max(1, maximumPaths)
        self.maximumKeysPerObject = max(1, maximumKeysPerObject)
        self.mapMinimumKeys = max(2, mapMinimumKeys)
        self.maximumDepth = maximumDepth
    }
}
