import DemoFixtures
import Foundation

/// `Fixtures/manifest.json`: every fixture exchange with where it was sent and what it holds.
public struct FixtureManifest: Codable, Sendable {
    /// The directory the manifest was read from; file names are relative to it.
    public var directory: URL = URL(fileURLWithPath: ".")
    public var exchanges: [FixtureExchange]
    public var corrupt: [CorruptFixture]
    /// The exchanges of APIs no catalog entry describes (`made_up.json`, when the directory has
    /// one): their keys must be mapped by structure alone (``FixtureExchange/expectedSchema``).
    public var outsideCatalog: [FixtureExchange] = []

    /// True when the files come from the copy compiled into the binary, not from `directory`.
    public var isBuiltin = false

    enum CodingKeys: String, CodingKey { case exchanges, corrupt }

    /// The manifest and fixtures compiled into the binary (the checkout's `Fixtures/` as built).
    public static func builtin() throws -> FixtureManifest {
        guard let data = DemoFixtures.file("manifest.json") else {
            throw FixtureError(message: "this binary was built without Fixtures/manifest.json; pass --fixtures DIR")
        }
        do {
            var manifest = try JSONDecoder().decode(FixtureManifest.self, from: data)
            manifest.directory = URL(fileURLWithPath: "/(built-in)/Fixtures")
            manifest.isBuiltin = true
            manifest.outsideCatalog = try MadeUpAPIs.exchanges(DemoFixtures.file(MadeUpAPIs.fileName), in: "the built-in Fixtures")
            return manifest
        } catch let error as FixtureError {
            throw error
        } catch {
            throw FixtureError(message: "the built-in Fixtures/manifest.json is not a valid fixture manifest: \(error)")
        }
    }

    /// Reads `manifest.json` in `directory`.
    public static func load(directory: URL) throws -> FixtureManifest {
        let url = directory.appendingPathComponent("manifest.json")
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FixtureError(message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            var manifest = try JSONDecoder().decode(FixtureManifest.self, from: data)
            manifest.directory = directory
            let madeUp = directory.appendingPathComponent(MadeUpAPIs.fileName)
            let madeUpData = FileManager.default.fileExists(atPath: madeUp.path) ? try Data(contentsOf: madeUp) : nil
            manifest.outsideCatalog = try MadeUpAPIs.exchanges(madeUpData, in: directory.path)
            return manifest
        } catch let error as FixtureError {
            throw error
        } catch {
            throw FixtureError(message: "\(url.path) is not a valid fixture manifest: \(error)")
        }
    }

    /// The bytes of a file named by the manifest.
    public func bytes(_ file: String) throws -> [UInt8] {
        if isBuiltin {
            guard let data = DemoFixtures.file(file) else { throw FixtureError(message: "no built-in fixture \(file)") }
            return Array(data)
        }
        let url = directory.appendingPathComponent(file)
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw FixtureError(message: "cannot read fixture \(url.path): \(error.localizedDescription)")
        }
    }
}

/// One request/response pair as the gateway would have logged it.
public struct FixtureExchange: Codable, Sendable {
    public var name: String
    /// The catalog id of the API it speaks; nil for bodies no API owns (an HTML 502).
    public var api: String?
    public var host: String
    public var path: String
    /// The model string as written in the bodies and path.
    public var model: String?
    public var status: Int?
    public var request: String?
    public var requestContentType: String?
    public var response: String?
    public var responseContentType: String?
    public var stream: Bool?
    /// What a normalizer must find in it.
    public var expect: [String: FixtureValue]?
    /// True for an exchange of an API no catalog entry describes (`made_up.json`); `api` then
    /// names the made-up API, not a catalog entry.
    public var isOutsideCatalog = false

    enum CodingKeys: String, CodingKey {
        case name, api, host, path, model, status, request, response, stream, expect
        case requestContentType = "request_content_type"
        case responseContentType = "response_content_type"
    }

    /// The schema id the job must map this exchange's key to: its API's catalog id, or
    /// `heuristic` for an API outside the catalog.
    public var expectedSchema: String? { isOutsideCatalog ? MadeUpAPIs.schemaID : api }

    /// True for an exchange that succeeded (by its status).
    public var isSuccess: Bool { (status ?? 0) < 400 }

    /// True for the error fixtures (`errors/…`), including error bodies some hosts send under 200.
    public var isErrorFixture: Bool { name.hasPrefix("errors/") }
}

/// A body that must be rejected (or tolerated) for a stated reason.
public struct CorruptFixture: Codable, Sendable {
    public var file: String
    public var reason: String
    /// `request` or `response`.
    public var role: String
    /// True when the body is valid once its BOM is skipped (a whole response of some API).
    public var validAfterBOM: Bool?

    enum CodingKeys: String, CodingKey {
        case file, reason
        case role = "as"
        case validAfterBOM = "valid_after_bom"
    }
}

/// A JSON value from the manifest's `expect` blocks.
public enum FixtureValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([FixtureValue])
    case object([String: FixtureValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([FixtureValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: FixtureValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var int: Int64? { if case .int(let value) = self { value } else { nil } }
}

/// The fixtures could not be read.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
