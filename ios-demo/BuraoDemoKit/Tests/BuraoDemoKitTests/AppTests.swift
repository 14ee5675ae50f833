import Burao
@testable import BuraoDemoKit
import BuraoTestSupport
import XCTest

final class AppTests: StoreTestCase {
    func testActivityLogIsBoundedNewestFirstAndHoldsNoBodies() throws {
        let app = try DemoApp(store: store, now: { 42 })
        _ = try app.tryMessage(sender: "13900001111", body: "妈，我周六回家吃饭，帮我留点排骨")
        XCTAssertEqual(app.log.entries().map(\.kind), [.message])
        XCTAssertEqual(app.log.entries().first?.sender, "139****1111")
        XCTAssertEqual(app.log.entries().first?.atUnix, 42)
        let raw = String(decoding: try XCTUnwrap(store.read(store.activityURL)), as: UTF8.self)
        XCTAssertFalse(raw.contains("排骨"), "no message body on disk")
        XCTAssertFalse(raw.contains("13900001111"), "no full number on disk")

        let log = ActivityLog(store: store, capacity: 5)
        for i in 0..<7 {
            try log.append(ActivityEntry(atUnix: Int64(i), kind: .call, sender: "13800138000", action: "allow"))
        }
        XCTAssertEqual(log.entries().map(\.atUnix), [6, 5, 4, 3, 2], "newest first, oldest dropped")
        XCTAssertTrue(log.entries().allSatisfy { $0.sender == "138****8000" })
    }

    func testSendersAreMaskedButServiceNumbersKept() {
        XCTAssertEqual(SenderMask.mask("13800138000"), "138****8000")
        XCTAssertEqual(SenderMask.mask("+86 138 0013 8000"), "+86 1** **** 8000")
        XCTAssertEqual(SenderMask.mask("95588"), "95588")
        XCTAssertEqual(SenderMask.mask("10086"), "10086")
        XCTAssertEqual(SenderMask.mask(""), "")
    }

    func testConcurrentAppendsLoseNothing() throws {
        let log = ActivityLog(store: store, capacity: 1_000)
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<20 {
                try! log.append(ActivityEntry(atUnix: Int64(t * 100 + i), kind: .call, sender: nil, action: "allow"))
            }
        }
        XCTAssertEqual(Set(log.entries().map(\.atUnix)).count, 160)
    }

    func testADamagedLogReadsEmptyAndRecovers() throws {
        try store.write(Data("[{\"broken".utf8), to: store.activityURL)
        let log = ActivityLog(store: store)
        XCTAssertEqual(log.entries(), [])
        try log.append(ActivityEntry(atUnix: 1, kind: .callDirectoryLoad, sender: nil, action: "full", detail: "x"))
        XCTAssertEqual(log.entries().map(\.action), ["full"])
        try log.clear()
        XCTAssertEqual(log.entries(), [])
    }

    func testBundleImportChecksFirstAndKeepsTheOldOneOnRefusal() throws {
        let app = try DemoApp(store: store)
        XCTAssertEqual(try app.importBundle(TestEnv.demoBundle(1)).metadata.name, "demo-v1")
        XCTAssertEqual(try store.read(store.bundleURL), try TestEnv.demoBundle(1))
        var bad = try TestEnv.demoBundle(2)
        bad[bad.count / 2] ^= 0x5a
        XCTAssertThrowsError(try app.importBundle(bad)) { error in
            guard case BuraoError.InvalidBundle = error else { return XCTFail("expected InvalidBundle, got \(error)") }
        }
        XCTAssertEqual(try store.read(store.bundleURL), try TestEnv.demoBundle(1), "the file is untouched")
        XCTAssertEqual(app.bundleInfo.metadata.name, "demo-v1")
        // A new app process starts from the imported bundle.
        XCTAssertEqual(try DemoApp(store: store).bundleInfo.metadata.sequence, 1)
    }

    func testAllowListEditsPersistAndKeepRulesTheAppCannotEdit() throws {
        let app = try DemoApp(store: store)
        var doc = try app.rules()
        doc.rules.append(["id": .string("night"), "number_regex": .string("^86170"), "action": .string("block"),
                          "window": .object(["from": .string("22:00"), "to": .string("07:00")])])
        try app.setRules(doc)
        let id = try app.allow(number: "+86 170 0000 0000", note: "my plumber")
        XCTAssertFalse(id.contains("170"), "rule ids carry no numbers")

        let reopened = try DemoApp(store: store)
        let again = try reopened.rules()
        XCTAssertEqual(again.allowList.map(\.number), ["+86 170 0000 0000"])
        XCTAssertEqual(again.allowList.first?.note, "my plumber")
        let night = try XCTUnwrap(again.rules.first { $0["id"]?.string == "night" })
        XCTAssertEqual(night["window"], .object(["from": .string("22:00"), "to": .string("07:00")]))
        XCTAssertEqual(try reopened.tryNumber("+86 170 0000 0000").reasons.first?.code, .userRule)

        try reopened.removeRule(id: id)
        XCTAssertEqual(try reopened.rules().allowList.count, 0)
        XCTAssertEqual(try DemoApp(store: store).rules().rules.count, 1)
    }

    func testARefusedRuleDocumentChangesNothing() throws {
        let app = try DemoApp(store: store)
        try app.allow(number: "95588", note: nil)
        var doc = try app.rules()
        doc.add(action: "explode", number: "123")
        XCTAssertThrowsError(try app.setRules(doc)) { error in
            guard case BuraoError.InvalidInput = error else { return XCTFail("expected InvalidInput, got \(error)") }
        }
        XCTAssertEqual(try app.rules().rules.count, 1)
    }

    func testCallDirectoryStatusFollowsCommits() throws {
        let app = try DemoApp(store: store)
        XCTAssertNil(app.loadedManifest)
        XCTAssertTrue(app.callDirectoryIsStale)
        try app.importBundle(TestEnv.demoBundle(1))
        let loader = CallDirectoryLoader(store: store, fallbackBundle: { Data() })
        let load = try loader.load(into: FakeCallDirectory(isIncremental: false))
        try loader.commit(load, atUnix: 7)
        try app.log.append(ActivityEntry(atUnix: 7, kind: .callDirectoryLoad, sender: nil, action: load.kind.rawValue,
                                         detail: load.summary, bundleSequence: load.bundleSequence))
        XCTAssertEqual(app.loadedManifest?.bundleSequence, 1)
        XCTAssertFalse(app.callDirectoryIsStale)
        try app.importBundle(TestEnv.demoBundle(2))
        XCTAssertTrue(app.callDirectoryIsStale)
        XCTAssertEqual(app.log.entries().first?.detail?.hasPrefix("full: +99 blocked"), true)
    }
}
