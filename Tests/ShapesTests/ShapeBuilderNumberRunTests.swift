import JSONScanning
import Testing
@testable import Shapes

/// Feeds a `ShapeBuilder` element by element: the scanner's per-item path, without runs.
struct ItemByItemBuilder: ForwardingBuilder {
    var builder: ShapeBuilder
    // Every event forwarded as it is (`ForwardingBuilder`); no runs.
}

@Suite("ShapeBuilder number runs")
struct ShapeBuilderNumberRunTests {
    static let documents = [
        #"{"embedding":[0.0798275353, -0.054290535537, 0.026482012209, -0.00475225490, 0.1, -0.123456789012345]}"#,
        "{\"embedding\":[\n                 0.0798275353,\n                 -0.054290535537,\n                 -0.0,\n                 0.0\n]}",
        #"{"input":[83820, 55233, 6969, 61, 0, -0, 12345678, 123456789, 99999999999999999999],"n":1}"#,
        #"{"embedding":[1, 2.5, "x", 3, -0.0, 0.0, 1e300, -1e-300, null, 4],"embedding":[0.5]}"#,
        #"{"data":[{"embedding":[0.25,-0.5,0.125],"index":0},{"embedding":[-0.75,0.0625],"index":1}],"usage":{"prompt_tokens":5}}"#,
        #"[1, 2, 3, [4, 5.5, -6], [[-0.1, 0.2], [0.3, "y"]], 7]"#,
        #"{"error":[1,2,3],"type":"x"}"#,
        #"{"embedding":[0.5, -0.25, 01]}"#,
        #"{"embedding":[0.5, -0.25, 0.125"#,
        #"{"embedding":[0.5, -0.25, 0.125], "embedding": [1, 2]}"#,
        #"{"a":[0.1, 0.2], "b":[3, 4], "a":[-0.3]}"#,
    ]

    /// Vectors long enough for the scanner's bulk reader (every common form, signed zeros,
    /// 17 and 18 digits, integers), compact, spaced and pretty-printed, and broken by other forms.
    static let longDocuments: [String] = {
        let numbers = ["-0.0123456789", "0.00288425", "-0.0", "0.0", "-0.069074391500", "0.015541678606448004", "-0.013968816374981",
                       "0.5", "-0.99999999999999999", "0.0000000001"]
        let integers = ["83820", "0", "-0", "7", "-12", "127999", "999999999999999999"]
        var documents: [String] = []
        for separator in [",", ", ", ",\n        "] {
            let floats = (0..<60).map { numbers[($0 * 7) % numbers.count] }
            let ids = (0..<60).map { integers[($0 * 3) % integers.count] }
            documents.append("{\"data\":[{\"embedding\":[\(floats.joined(separator: separator))],\"index\":0}]}")
            documents.append("{\"input\":[\(ids.joined(separator: separator))],\"model\":\"m\"}")
            documents.append("{\"embedding\":[\((floats.prefix(20) + ["1.5e-05", "12.75"] + ids.prefix(20) + floats.suffix(20)).joined(separator: separator))]}")
            documents.append("{\"embedding\":[\((floats + ["\"x\""] + floats).joined(separator: separator))]}")
            documents.append("{\"embedding\":[\(floats.joined(separator: separator)),]}")
        }
        return documents
    }()

    @Test("long vectors read by the bulk reader give the same shape, byte for byte, as numbers added one by one")
    func longRunsMatchItemByItem() {
        var runs = ShapeBuilder(shape: Self.freshShape())
        var items = ItemByItemBuilder(builder: ShapeBuilder(shape: Self.freshShape()))
        expectSameShapes(&runs, &items, documents: Self.longDocuments + Self.documents)
        // 60 numbers in each of three vectors, and five in `documents`.
        #expect(runs.shape["$.data[*].embedding[*]"]?.count == 3 * 60 + 5)
    }

    static func freshShape() -> Shape {
        Shape(watching: ["gpt-4o-mini"], limits: ShapeLimits(maximumPaths: 12, maximumKeysPerObject: 14))
    }

    @Test("numbers handed over in runs give the same shape, byte for byte, as numbers added one by one")
    func runsMatchItemByItem() {
        var runs = ShapeBuilder(shape: Self.freshShape())
        var items = ItemByItemBuilder(builder: ShapeBuilder(shape: Self.freshShape()))
        expectSameShapes(&runs, &items, documents: Self.documents + Self.documents.reversed())
        #expect(runs.shape["$.embedding[*]"]?.count == items.builder.shape["$.embedding[*]"]?.count)
        #expect(runs.shape.documentCount > 0)
    }

    @Test("a run's statistics reach its item node: counts, integer and fraction ranges")
    func runStatistics() {
        let built = shape([#"{"v":[3, 0.5, -0.25, 7, 0.0625]}"#, #"{"v":[-2]}"#])
        #expect(built["$.v[*]"]?.count == 6)
        #expect(built["$.v[*]"]?.integerRange == -2...7)
        #expect(built["$.v[*]"]?.numberRange == -0.25...0.5)
    }
}
