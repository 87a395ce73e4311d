import TestSupport
import Foundation
import Testing
@testable import Demo

@Suite struct FixtureManifestTests {
    @Test func everyFileTheManifestNamesExists() throws {
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let files = manifest.exchanges.flatMap { [$0.request, $0.response].compactMap { $0 } } + manifest.corrupt.map(\.file)
        #expect(!files.isEmpty)
        for file in files {
            #expect(FileManager.default.fileExists(atPath: Repository.fixtures.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test func theFixturesCoverTheRequiredAPIs() throws {
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let apis = Set(manifest.exchanges.compactMap(\.api))
        for api in [
            "openai.chat_completions", "openai.completions", "openai.embeddings", "openai.audio_transcriptions",
            "anthropic.messages", "google.generate_content", "cohere.chat_v2", "ollama.chat",
        ] {
            #expect(apis.contains(api), "\(api)")
        }
        #expect(manifest.exchanges.contains { $0.stream == true && $0.api == "anthropic.messages" })
        #expect(manifest.exchanges.contains { $0.api == nil && ($0.status ?? 0) == 502 })
        let reasons = Set(manifest.corrupt.map(\.reason))
        #expect(reasons.isSuperset(of: ["truncated", "empty", "invalid_utf8", "bom", "nan", "too_deep"]))
    }

    @Test func madeUpAPIsAreExchangesOutsideTheCatalogExpectedToMapByStructure() throws {
        let manifest = try FixtureManifest.load(directory: Repository.fixtures)
        let outside = manifest.outsideCatalog
        #expect(Set(outside.compactMap(\.api)).count >= 2)
        #expect(outside.allSatisfy { $0.isOutsideCatalog && $0.expectedSchema == "heuristic" && $0.model != nil })
        #expect(outside.contains { $0.stream == true }, "a streamed API outside the catalog")
        #expect(manifest.exchanges.allSatisfy { !$0.isOutsideCatalog && $0.expectedSchema == $0.api })
        for file in outside.flatMap({ [$0.request, $0.response].compactMap { $0 } }) {
            #expect(FileManager.default.fileExists(atPath: Repository.fixtures.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test func aMalformedMadeUpFileIsAClearError() throws {
        let dir = try TemporaryDirectory()
        try Data(#"{"exchanges": [], "corrupt": []}"#.utf8).write(to: dir.url.appendingPathComponent("manifest.json"))
        #expect(try FixtureManifest.load(directory: dir.url).outsideCatalog.isEmpty, "no made_up.json: none")
        try Data(#"{"made_up": [{"api": "x"}]}"#.utf8).write(to: dir.url.appendingPathComponent("made_up.json"))
        let error = try #require(throws: FixtureError.self) { try FixtureManifest.load(directory: dir.url) }
        #expect(error.message.contains("made_up.json is not valid"))
    }

    @Test func aMissingManifestIsAClearError() throws {
        let dir = try TemporaryDirectory()
        let error = try #require(throws: FixtureError.self) { try FixtureManifest.load(directory: dir.url) }
        #expect(error.message.contains("manifest.json"))
    }
}

@Suite struct BuiltinFixturesTests {
    @Test func theBuiltinFixturesAreTheCheckoutsByteForByte() throws {
        let builtin = try FixtureManifest.builtin()
        let checkout = try FixtureManifest.load(directory: Repository.fixtures)
        #expect(builtin.isBuiltin)
        #expect(builtin.exchanges.map(\.name) == checkout.exchanges.map(\.name))
        #expect(builtin.outsideCatalog.map(\.name) == checkout.outsideCatalog.map(\.name))
        let files = checkout.exchanges.flatMap { [$0.request, $0.response].compactMap { $0 } } + checkout.corrupt.map(\.file)
        for file in files {
            #expect(try builtin.bytes(file) == checkout.bytes(file), "\(file)")
        }
    }
}
