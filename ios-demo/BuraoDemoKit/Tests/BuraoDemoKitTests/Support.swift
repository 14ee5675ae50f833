import Burao
@testable import BuraoDemoKit
import BuraoTestSupport
import Foundation
import XCTest

/// This suite's own input from ios-demo/test.sh, beside the shared ones of `TestEnv`.
extension TestEnv {
    /// `burao build` of Tests/lists/demo-vN.csv (name demo-vN, sequence N).
    static func demoBundle(_ n: Int) throws -> Data {
        try Data(contentsOf: path("BURAO_DEMO_BUNDLES").appendingPathComponent("demo-v\(n).burao"))
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
