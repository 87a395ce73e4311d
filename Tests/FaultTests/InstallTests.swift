import Foundation
import Testing
import TestSupport

/// The binary as an operator installs it: copied alone, far from the checkout.
@Suite(.enabled(if: Executables.found, Comment(rawValue: Executables.missing)))
struct InstallTests {
    @Test func theBinaryCopiedAloneToAnEmptyDirectoryMapsTheDemo() throws {
        let dir = try TemporaryDirectory()
        let binary = dir.url.appendingPathComponent("gateway-mapper")
        try FileManager.default.copyItem(at: Executables.mapper, to: binary)
        let environment = ["PATH": "/usr/bin:/bin", "HOME": dir.url.path]
        let demo = try runToEnd(binary, ["demo", "--rows", "400", "--out", dir.path("demo.db")], in: dir, environment: environment)
        #expect(demo.exitCode == 0, "\(demo.err)")
        let truth = try #require(demo.out.firstMatch(of: /Demo truth: (\d+) of (\d+)/), "\(demo.out)")
        #expect(truth.1 == truth.2 && Int(truth.1) ?? 0 > 0, "\(truth.0)")
    }

    @Test func aMissingCatalogDirectoryIsNoInput() throws {
        let dir = try TemporaryDirectory()
        let demo = try runToEnd(Executables.mapper, ["demo", "--rows", "200", "--out", dir.path("demo.db")], in: dir)
        try #require(demo.exitCode == 0, "\(demo.err)")
        for arguments in [["run", "--db", dir.path("demo.db"), "--schemas", dir.path("no-such-dir")]] {
            let child = try runToEnd(Executables.mapper, arguments, in: dir)
            #expect(child.exitCode == 66, "\(child.err)")
            #expect(child.errorLines.first?.contains("no-such-dir") == true, "\(child.err)")
        }
        var environment = Executables.environment
        environment["GATEWAY_MAPPER_SCHEMAS"] = dir.path("gone")
        let viaEnvironment = try runToEnd(Executables.mapper, ["run", "--db", dir.path("demo.db")], in: dir, environment: environment)
        #expect(viaEnvironment.exitCode == 66, "\(viaEnvironment.err)")
    }
}
