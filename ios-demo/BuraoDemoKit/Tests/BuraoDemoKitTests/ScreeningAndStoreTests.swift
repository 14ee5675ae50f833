import Burao
@testable import BuraoDemoKit
import BuraoTestSupport
import XCTest

final class ScreeningAndStoreTests: StoreTestCase {
    func testOneScreenerPerProcessRebuiltOnlyWhenTheAppChangesAFile() throws {
        let screening = MessageScreening(store: store)
        let first = screening.current()
        XCTAssertEqual(first.bundleInfo().metadata.name, "burao-default")
        XCTAssertTrue(screening.current() === first, "no change, same screener")

        try store.write(TestEnv.demoBundle(1), to: store.bundleURL)
        let second = screening.current()
        XCTAssertFalse(second === first)
        XCTAssertEqual(second.bundleInfo().metadata.name, "demo-v1")
        XCTAssertTrue(screening.current() === second)
        XCTAssertEqual(screening.loadProblems, [])
    }

    func testDamagedFilesFallBackAndNeverHideAMessage() throws {
        try store.write(Data("13800138000 贷款".utf8), to: store.bundleURL)
        try store.write(Data("13800138000 贷款".utf8), to: store.engineStateURL)
        let screening = MessageScreening(store: store)
        XCTAssertEqual(screening.current().bundleInfo().metadata.name, "burao-default")
        XCTAssertEqual(screening.loadProblems.count, 2, screening.loadProblems.joined(separator: "; "))
        XCTAssertTrue(screening.loadProblems.allSatisfy { !$0.contains("13800138000") }, "errors describe, never quote")
        let (d, v) = screening.decide(sender: "13800138000", body: "周六回家吃饭")
        XCTAssertNotNil(v)
        XCTAssertNotEqual(d.action, .junk)
    }

    func testTheExtensionFallsBackToTheStatesLastGoodCopy() throws {
        let app = try DemoApp(store: store)
        try app.allow(number: "+86 170 0000 0000", note: "a friend on a virtual operator")
        try app.allow(number: "+86 171 0000 0000", note: "second save, so a .bak exists")
        var bytes = try XCTUnwrap(store.read(store.engineStateURL))
        bytes[bytes.count / 2] ^= 0x5a
        try bytes.write(to: store.engineStateURL)
        let screening = MessageScreening(store: store)
        let v = try screening.current().screenCall(number: "+86 170 0000 0000", isContact: false)
        XCTAssertEqual(v.action, .allow)
        XCTAssertEqual(v.reasons.first?.code, .userRule, "the .bak still holds the first allow rule")
        XCTAssertEqual(screening.loadProblems.count, 1)
    }

    func testAtomicWritesReplaceWholeFilesAndLeaveNoTemporaries() throws {
        XCTAssertNil(try store.read(store.bundleURL))
        let before = store.stamp()
        try store.write(Data(repeating: 1, count: 10), to: store.bundleURL)
        let middle = store.stamp()
        try store.write(Data(repeating: 2, count: 20), to: store.bundleURL)
        XCTAssertEqual(try store.read(store.bundleURL), Data(repeating: 2, count: 20))
        XCTAssertNotEqual(before, middle)
        XCTAssertNotEqual(middle, store.stamp())
        let names = try FileManager.default.contentsOfDirectory(atPath: store.directory.path)
        XCTAssertEqual(names, ["bundle.burao"])
        try store.remove(store.bundleURL)
        try store.remove(store.bundleURL)  // removing twice is fine
        XCTAssertNil(try store.read(store.bundleURL))
    }

    func testAWriteThatFailsKeepsTheOldFile() throws {
        try store.write(Data("old".utf8), to: store.activityURL)
        // A directory where the file should go: rename(2) must fail, the old stays.
        let blocked = store.directory.appendingPathComponent("callkit-loaded.json")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("x"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try store.write(Data("new".utf8), to: blocked))
        XCTAssertEqual(try store.read(store.activityURL), Data("old".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.directory.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }
}
