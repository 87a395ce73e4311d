import Foundation
import Testing
@testable import Catalog

/// Broken catalogs in a temporary directory must fail with the file and the JSON location named.
@Suite struct CatalogErrorTests {
    static let providers = #"{"approved": [{"provider": "openai", "domains": ["api.openai.com"]}]}"#

    static func entry(id: String = "test.api", roles: String = #"{"gen_ai.request.model": {"body": "request", "paths": ["$.model"]}}"#,
                      defs: String = #"{"request": {"type": "object", "properties": {"model": {"type": "string"}}}}"#,
                      extra: String = "") -> String {
        ##"{"x-gateway": {"id": "\##(id)", "provider": "p", "operation": "chat", "endpoints": ["/v1/x"]\##(extra), "roles": \##(roles)}, "$defs": \##(defs)}"##
    }

    /// Writes `files` into a fresh directory and loads it.
    static func load(_ files: [String: String]) throws -> Catalog {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        return try Catalog.load(directory: directory)
    }

    @Test("a well-formed temporary catalog loads")
    func loads() throws {
        let catalog = try Self.load(["providers.json": Self.providers, "test.api.json": Self.entry()])
        #expect(catalog.entries.map(\.id) == ["test.api"])
        #expect(catalog.providers.provider(forHost: "api.openai.com").approved)
    }

    @Test("broken catalogs name the file, the location and the problem", arguments: [
        ("bad JSON", Self.entry() + "}", "", "not valid JSON"),
        ("bad path", Self.entry(roles: #"{"gen_ai.request.model": {"body": "request", "paths": ["$.usage]"]}}"#),
         "x-gateway.roles['gen_ai.request.model'].paths[0]", "unexpected character ']' at offset 7"),
        ("unknown role", Self.entry(roles: #"{"usage.tokens": {"body": "request", "paths": ["$.model"]}}"#),
         "x-gateway.roles['usage.tokens']", "unknown role"),
        ("dangling ref", Self.entry(defs: ##"{"request": {"type": "object", "properties": {"model": {"$ref": "#/$defs/missing"}}}}"##),
         "$defs.request.properties.model.$ref", "does not resolve"),
        ("bad body kind", Self.entry(roles: #"{"gen_ai.request.model": {"body": "reply", "paths": ["$.model"]}}"#),
         "x-gateway.roles['gen_ai.request.model'].body", "unknown body kind"),
        ("body without schema", Self.entry(roles: #"{"gen_ai.request.model": {"body": "response", "paths": ["$.model"]}}"#),
         "x-gateway.roles['gen_ai.request.model'].body", "no schema"),
        ("unknown stream event", Self.entry(
            roles: #"{"gateway.stream.text_delta": {"body": "response_stream", "event": "delta", "paths": ["$.t"]}}"#,
            defs: #"{"request": {"type": "object"}, "stream_events": {"message": {"type": "object"}}}"#,
            extra: #", "stream": {"format": "sse"}"#),
         "x-gateway.roles['gateway.stream.text_delta'].event", "event \"delta\" is not in $defs.stream_events"),
        ("bad type", Self.entry(defs: #"{"request": {"type": "dict"}}"#), "$defs.request.type", "unknown type"),
        ("bad finish reason", Self.entry(extra: #", "finish_reasons": {"END": "done"}"#),
         "x-gateway.finish_reasons.END", "not a canonical finish reason"),
        ("bad token convention", Self.entry(roles: #"{"gen_ai.usage.input_tokens": {"body": "request", "paths": ["$.model"], "tokens": "cached"}}"#),
         "x-gateway.roles['gen_ai.usage.input_tokens'].tokens", "unknown token convention"),
        ("missing id", #"{"x-gateway": {"provider": "p", "operation": "chat", "roles": {}}}"#, "x-gateway.id", "missing"),
        ("bad identify path", Self.entry(extra: #", "identify": {"request": {"$.a[": ["x"]}}"#),
         "x-gateway.identify.request['$.a[']", "unterminated"),
        ("empty plain-text values", Self.entry(extra: #", "plain_text": {"$.response_format": []}"#),
         "x-gateway.plain_text['$.response_format']", "must be a non-empty array of strings"),
        ("request forms not a boolean", Self.entry(extra: #", "request_forms": 1"#),
         "x-gateway.request_forms", "must be true or false"),
        ("plain text without a request schema", Self.entry(
            roles: #"{"gateway.output.text": {"body": "response", "paths": ["$.text"]}}"#, defs: #"{"response": {"type": "object"}}"#,
            extra: #", "plain_text": {"$.response_format": ["text"]}"#),
         "x-gateway.plain_text", "no request schema"),
    ])
    func broken(name: String, text: String, location: String, message: String) throws {
        do {
            _ = try Self.load(["providers.json": Self.providers, "broken.json": text])
            Issue.record("\(name): loaded")
        } catch let error as CatalogError {
            #expect(error.file.hasSuffix("/broken.json"), "\(name)")
            #expect(error.location == location, "\(name)")
            #expect(error.message.contains(message), "\(name): \(error.message)")
            #expect(!error.hint.isEmpty, "\(name)")
            #expect(error.description.contains("broken.json: \(location.isEmpty ? "" : location + ": ")"), "\(name)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("the description reads file: location: message; hint")
    func descriptionFormat() throws {
        do {
            _ = try Self.load(["providers.json": Self.providers, "anthropic.messages.json": Self.entry(
                id: "anthropic.messages", roles: #"{"gen_ai.usage.input_tokens": {"body": "request", "paths": ["$.usage]"]}}"#)])
            Issue.record("loaded")
        } catch let error as CatalogError {
            #expect(error.description.contains(
                "anthropic.messages.json: x-gateway.roles['gen_ai.usage.input_tokens'].paths[0]: unexpected character ']' at offset 7"))
            #expect(error.description.contains("; paths use $"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a duplicate id names the second file and the first")
    func duplicateID() throws {
        do {
            _ = try Self.load(["providers.json": Self.providers, "a.json": Self.entry(), "b.json": Self.entry()])
            Issue.record("loaded")
        } catch let error as CatalogError {
            #expect(error.file.hasSuffix("/b.json"))
            #expect(error.location == "x-gateway.id")
            #expect(error.message.contains("duplicate id \"test.api\"") && error.message.contains("a.json"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a missing providers.json or directory is reported")
    func missingPieces() throws {
        #expect { _ = try Self.load(["a.json": Self.entry()]) } throws: { error in
            (error as? CatalogError)?.file.hasSuffix("providers.json") == true
        }
        #expect(throws: CatalogError.self) {
            _ = try Catalog.load(directory: URL(fileURLWithPath: "/nonexistent/schemas-\(UUID().uuidString)"))
        }
        #expect { _ = try Self.load(["providers.json": #"{"approved": [{"provider": "x", "domains": ["https://x.com/"]}]}"#]) } throws: { error in
            (error as? CatalogError)?.location == "approved[0].domains"
        }
    }

    @Test("locateDefault takes the explicit path, then the environment, else none (the built-in catalog alone)")
    func locate() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("locate-\(UUID().uuidString)")
        let local = base.appendingPathComponent("schemas")
        let other = base.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }

        let env = [Catalog.environmentVariable: other.path]
        #expect(try Catalog.locateDefault(explicit: "schemas", environment: env, currentDirectory: base.path)?.path == local.path)
        #expect(try Catalog.locateDefault(environment: env, currentDirectory: base.path)?.path == other.path)
        #expect(try Catalog.locateDefault(environment: [:], currentDirectory: base.path) == nil)
        #expect { _ = try Catalog.locateDefault(explicit: "/nonexistent-\(UUID().uuidString)", environment: [:]) } throws: { error in
            (error as? CatalogError)?.isMissing == true
        }
        #expect { _ = try Catalog.locateDefault(environment: [Catalog.environmentVariable: "/nonexistent-x"]) } throws: { error in
            (error as? CatalogError)?.isMissing == true
        }
    }

    @Test("the built-in catalog is schemas/ as built")
    func builtinIsTheCheckoutsCatalog() throws {
        let builtin = try Catalog.builtin()
        let checkout = try Catalog.load(directory: shippedCatalogDirectory)
        #expect(builtin.entries.map(\.id) == checkout.entries.map(\.id))
        var relocated = builtin.entries
        for index in relocated.indices { relocated[index].sourcePath = checkout.entries[index].sourcePath }
        #expect(relocated == checkout.entries, "an entry differs from schemas/ (only its source path may)")
        #expect(builtin.providers == checkout.providers)
        #expect(builtin.directory == nil)
    }

    @Test("an operator's directory adds entries, replaces one by id, and may replace the provider table")
    func anOperatorsDirectoryGoesOverTheBuiltinCatalog() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("overlay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.entry(id: "acme.chat").utf8).write(to: directory.appendingPathComponent("acme.chat.json"))
        try Data(Self.entry(id: "acme.moderations").utf8)
            .write(to: directory.appendingPathComponent("x.json"))
        let builtin = try Catalog.builtin()
        let merged = try Catalog.builtin(adding: directory)
        #expect(merged.entries.count == builtin.entries.count + 2)
        #expect(merged.entry(id: "acme.chat") != nil)
        #expect(merged.providers == builtin.providers)
        #expect(merged.directory == directory)

        let replaced = try #require(builtin.entries.first).id
        try Data(Self.entry(id: replaced).utf8).write(to: directory.appendingPathComponent("replace.json"))
        try Data(Self.providers.utf8).write(to: directory.appendingPathComponent("providers.json"))
        let again = try Catalog.builtin(adding: directory)
        #expect(again.entries.count == builtin.entries.count + 2)
        #expect(again.entry(id: replaced)?.endpoints == ["/v1/x"])
        #expect(again.providers != builtin.providers)
    }
}
