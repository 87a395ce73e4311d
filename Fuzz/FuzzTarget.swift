// libFuzzer entry point for the byte-level readers of logged bodies: `BodyFramer` (JSON, SSE,
// NDJSON, multipart, text), `JSONScanner`, `ShapeSet.add` (scan + merge into shapes, with its
// exports) and the `Normalizer` with the catalog's OpenAI chat field map.
//
// Built by `Fuzz/run.sh` (swiftc, `-sanitize=fuzzer,address`), not by SwiftPM.
//
// The whole input is the body. Its LAST byte also picks how it is presented (so the seed corpus
// of raw fixture files stays meaningful): request or response, the HTTP status, and the
// content-type hint. Besides "never traps", it checks invariants that must hold for any bytes.
import Catalog
import Foundation
import JSONScanning
import Normalize
import Framing
import Shapes

/// The OpenAI chat normalizer, from the `schemas/` of this source checkout (the fuzzer's build
/// leaves the built-in catalog empty). Loaded once, immutable afterwards.
let chatNormalizer: Normalizer = {
    do {
        let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schemas")
        let catalog = try Catalog.load(directory: schemas)
        guard let entry = catalog.entry(id: "openai.chat_completions") else {
            fatalError("fuzz: the catalog has no openai.chat_completions entry")
        }
        return Normalizer(entry: entry)
    } catch {
        fatalError("fuzz: cannot load the catalog: \(error)")
    }
}()

let contentTypes: [String?] = [
    nil,
    "application/json",
    "text/event-stream",
    "application/x-ndjson",
    "multipart/form-data; boundary=fuzzboundary",
    "multipart/form-data",
    "text/plain",
    "text/html",
]

let statuses: [Int?] = [200, 400, 500, nil]

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz invariant: \(message())") }
}

/// A visitor that counts events and checks they nest.
struct BalanceVisitor: JSONVisitor {
    var depth = 0
    var events = 0
    mutating func beginObject() { depth += 1; events += 1 }
    mutating func endObject(memberCount: Int) { depth -= 1; events += 1; check(depth >= 0 && memberCount >= 0, "object end") }
    mutating func beginArray() { depth += 1; events += 1 }
    mutating func endArray(count: Int) { depth -= 1; events += 1; check(depth >= 0 && count >= 0, "array end") }
    mutating func string(_ token: JSONStringToken) { events += 1 }
    mutating func number(_ token: JSONNumberToken) { events += 1 }
    mutating func bool(_ value: Bool) { events += 1 }
    mutating func null() { events += 1 }
}

/// Counts numbers, taking them in runs as the shape builder does.
struct NumberCountingVisitor: JSONNumberRunVisitor {
    var numbers = 0
    mutating func number(_ token: JSONNumberToken) { numbers += 1 }
    mutating func numberRun(_ run: JSONNumberRun) { numbers += run.statistics.count }
}

/// Counts numbers one by one.
struct PlainNumberCountingVisitor: JSONVisitor {
    var numbers = 0
    mutating func number(_ token: JSONNumberToken) { numbers += 1 }
}

/// Scans `bytes` with a visitor that checks nesting; an error's offset lies inside the bytes.
/// Numbers read in runs are the numbers read one by one, and a run scan fails where the other does.
func scanChecked(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
    var scanner = JSONScanner(bytes, maximumDepth: maximumDepth)
    var visitor = BalanceVisitor()
    var failure: JSONScanError?
    do throws(JSONScanError) {
        try scanner.scan(into: &visitor)
        check(visitor.depth == 0 && visitor.events > 0, "a valid document is balanced")
    } catch {
        failure = error
        check(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside 0...\(bytes.count)")
    }
    var runs = NumberCountingVisitor()
    var plain = PlainNumberCountingVisitor()
    var runScanner = JSONScanner(bytes, maximumDepth: maximumDepth)
    var plainScanner = JSONScanner(bytes, maximumDepth: maximumDepth)
    let runFailure: JSONScanError? = { () -> JSONScanError? in
        do throws(JSONScanError) { try runScanner.scan(summarizingRunsInto: &runs) } catch { return error }
        return nil
    }()
    try? plainScanner.scan(into: &plain)
    check(runFailure == failure, "runs fail as one by one")
    check(runs.numbers == plain.numbers, "numbers in runs \(runs.numbers), one by one \(plain.numbers)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = UnsafeRawBufferPointer(start: size > 0 ? data : nil, count: size)
    let selector = size > 0 ? Int(body[size - 1]) : 0
    let contentType = contentTypes[selector % contentTypes.count]
    let status = statuses[(selector >> 3) % statuses.count]
    let isRequest = (selector >> 5) & 1 == 1
    let exports = (selector >> 6) == 3

    // The scanner on the whole body, with the default depth (or a tiny one, 1 in 4).
    scanChecked(body, maximumDepth: (selector >> 6) == 0 ? 1 + selector % 4 : JSONScanner.defaultMaximumDepth)

    // The framer: every document it passes on is scanned; counts add up.
    var documents = 0
    let framing = BodyFramer.frame(body, contentType: contentType) { document in
        check(document.index == documents, "documents arrive in order")
        if let offset = document.offset {
            check(offset >= 0 && offset + document.bytes.count <= body.count && document.bytes.baseAddress == body.baseAddress! + offset,
                  "a document's offset is where its bytes are")
        }
        documents += 1
        scanChecked(document.bytes, maximumDepth: JSONScanner.defaultMaximumDepth)
    }
    check(framing.documents == documents, "framing counted \(framing.documents) documents, visited \(documents)")
    check(framing.format == BodyFramer.format(of: body, contentType: contentType), "format(of:) agrees with frame")
    if framing.format == .multipart || contentType?.hasPrefix("multipart/") == true {
        var fields = 0
        let count = BodyFramer.formFields(body, contentType: contentType) { field in
            fields += 1
            check(!field.isFile || field.value.count == 0, "file parts carry no bytes")
        }
        check((count ?? 0) == fields, "formFields counted \(count ?? 0), visited \(fields)")
    }

    // The binary and array stream framers on any bytes, whatever `format(of:)` decides: counts
    // add up, and every loss is counted, never trapped on.
    for forced in [BodyFormat.awsEventStream, .jsonArray] {
        var passed = 0
        let forcedFraming = BodyFramer.frame(body, as: forced) { document in
            check(document.index == passed, "\(forced) documents arrive in order")
            passed += 1
            scanChecked(document.bytes, maximumDepth: JSONScanner.defaultMaximumDepth)
        }
        check(forcedFraming.documents == passed, "\(forced) framing counted \(forcedFraming.documents) documents, visited \(passed)")
    }

    // Shapes: one row (top-level arrays as streams for 1 input in 2), then (1 in 4) its exports and hash.
    var shapes = ShapeSet(watching: ["gpt-4o"], arrayStreams: (selector >> 4) & 1 == 1)
    if isRequest {
        shapes.add(request: body, response: nil, status: status, requestContentType: contentType)
    } else {
        shapes.add(request: nil, response: body, status: status, responseContentType: contentType)
    }
    check(shapes.rows == 1, "one row added")
    if exports { checkExports(shapes) }

    // The normalizer never traps on any body.
    let record = isRequest
        ? chatNormalizer.normalize(request: body, response: nil, status: status, requestContentType: contentType)
        : chatNormalizer.normalize(request: nil, response: body, status: status, responseContentType: contentType)
    check(record.status == status, "the record keeps the status")
    return 0
}

/// The exports of every shape are valid JSON, the hash is computed, and merging a set with itself
/// keeps its kinds (1 input in 4: string building is slow under the sanitizers).
func checkExports(_ shapes: ShapeSet) {
    for (kind, shape) in shapes.shapes {
        let schema = Array(shape.jsonSchema(title: kind.description).utf8)
        schema.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            check((try? scanner.validate()) != nil, "the JSON Schema export of \(kind) is valid JSON")
        }
        _ = shape.textTree()
    }
    _ = shapes.structureHash
    var twice = shapes
    twice.merge(shapes)
    check(twice.rows == 2 && twice.kinds == shapes.kinds, "merging a set with itself keeps its kinds")
}
