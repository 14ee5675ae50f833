import Foundation

/// Paths the test script passes in; a missing one fails the suite, never skips it.
enum Fixtures {
    static func env(_ name: String) -> String {
        guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else {
            fatalError("\(name) is not set: run scripts/test-all.sh")
        }
        return v
    }

    /// The repository root, for fixtures/cases and core/data/default.bundle.
    static var repo: URL { URL(fileURLWithPath: env("BURAO_REPO")) }

    /// The embedded default bundle's file, byte for byte.
    static func defaultBundle() throws -> Data {
        try Data(contentsOf: repo.appendingPathComponent("core/data/default.bundle"))
    }

    /// Built by `burao build` from fixtures/lists/bindings-test.csv (name burao-test, sequence 7).
    static var testBundleURL: URL { URL(fileURLWithPath: env("BURAO_TEST_BUNDLE")) }

    /// `burao diff` from the default bundle to the test bundle (made by test.sh).
    static var testPatchURL: URL { URL(fileURLWithPath: env("BURAO_TEST_PATCH")) }

    static func caseFiles() throws -> [URL] {
        let dir = repo.appendingPathComponent("fixtures/cases")
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
