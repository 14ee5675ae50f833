import Burao
@testable import BuraoDemoKit
import Foundation
import XCTest

/// Paths test.sh passes in; a missing one fails the suite, never skips it.
enum Env {
    static func path(_ name: String) -> URL {
        guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else {
            fatalError("\(name) is not set: run ios-demo/test.sh")
        }
        return URL(fileURLWithPath: v)
    }

    static var repo: URL { path("BURAO_REPO") }

    /// `burao build` of Tests/lists/demo-vN.csv (name demo-vN, sequence N).
    static func demoBundle(_ n: Int) throws -> Data {
        try Data(contentsOf: path("BURAO_DEMO_BUNDLES").appendingPathComponent("demo-v\(n).burao"))
    }

    static func defaultBundle() throws -> Data {
        try Data(contentsOf: repo.appendingPathComponent("core/data/default.bundle"))
    }

    /// Every case of fixtures/cases/*.json, with its file name.
    static func cases() throws -> [(name: String, json: [String: Any])] {
        let dir = repo.appendingPathComponent("fixtures/cases")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.flatMap { file -> [(name: String, json: [String: Any])] in
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
            return (doc["cases"] as! [[String: Any]]).map {
                ("\(file.lastPathComponent): \($0["name"] as? String ?? "?")", $0)
            }
        }
    }
}

/// A fresh app group container per test, removed afterwards.
class StoreTestCase: XCTestCase {
    var container: URL!
    var store: AppGroupStore!

    override func setUpWithError() throws {
        container = FileManager.default.temporaryDirectory
            .appendingPathComponent("burao-demo-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: container, withIntermediateDirectories: true)
        store = AppGroupStore(container: container)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: container)
    }
}

/// Checks a verdict against a fixture case's `expect`, as the bindings' tests do.
func checkExpectations(_ verdict: Verdict, _ expect: [String: Any], _ name: String,
                       file: StaticString = #filePath, line: UInt = #line) {
    if let a = expect["action"] as? String { XCTAssertEqual(Names.of(verdict.action), a, "\(name): action", file: file, line: line) }
    if let cat = expect["category"] {
        XCTAssertEqual(verdict.category.map { Names.of($0) }, cat as? String, "\(name): category", file: file, line: line)
    }
    if let m = expect["matched"] { XCTAssertEqual(verdict.matched, m as? String, "\(name): matched", file: file, line: line) }
    if let l = expect["label"] { XCTAssertEqual(verdict.label, l as? String, "\(name): label", file: file, line: line) }
    if let want = expect["reasons"] as? [String] {
        let got = verdict.reasons.map { Names.of($0.code) }
        var at = 0
        for code in got where at < want.count && code == want[at] { at += 1 }
        XCTAssertEqual(at, want.count, "\(name): reasons \(want) must appear in order in \(got)", file: file, line: line)
    }
}
