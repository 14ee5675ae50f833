import Foundation

/// Paths the test scripts pass in (bindings/swift/test.sh, ios-demo/test.sh); a
/// missing one fails the suite, never skips it. Shared by the SDK's tests and the
/// iOS demo's (one copy in the tree: the `BuraoTestSupport` target).
public enum TestEnv {
    public static func env(_ name: String) -> String {
        guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else {
            fatalError("\(name) is not set: run the suite's test.sh (or scripts/test-all.sh)")
        }
        return v
    }

    /// The file or directory an environment variable names.
    public static func path(_ name: String) -> URL { URL(fileURLWithPath: env(name)) }

    /// The repository root, for fixtures/cases and core/data/default.bundle.
    public static var repo: URL { path("BURAO_REPO") }

    /// The embedded default bundle's file, byte for byte.
    public static func defaultBundle() throws -> Data {
        try Data(contentsOf: repo.appendingPathComponent("core/data/default.bundle"))
    }
}
