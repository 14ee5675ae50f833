import Burao
import BuraoTestSupport
import Foundation
import XCTest

final class ScreenerTests: XCTestCase {
    /// `body(t)` on eight threads at once (t = 0..<8); their results, in thread order.
    private func onEightThreads(_ body: (Int) -> Int) -> [Int] {
        var results = [Int](repeating: -1, count: 8)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            let n = body(t)
            lock.lock(); results[t] = n; lock.unlock()
        }
        return results
    }

    func testDefaultScreenerNamesAVirtualOperatorRangeButLetsItRing() throws {
        // A range is a hint, not a verdict (issue 15): the default bundle identifies it.
        let s = Screener()
        let v = try s.screenCall(number: "+86 170 0000 0000", isContact: false)
        XCTAssertEqual(v.action, .allow)
        XCTAssertEqual(v.category, .harassment)
        XCTAssertEqual(v.matched, "+86170*")
        XCTAssertEqual(v.reasons.map(\.code), [.default, .listEntry])
        XCTAssertEqual(v.reasons.last?.source, "+86170*")
        XCTAssertEqual(v.bundleSequence, s.bundleInfo().metadata.sequence)
    }

    func testImpersonationIsJunkAndReasonsComeInTheChosenLanguage() throws {
        let s = Screener()
        let body = "【工商银行】尊敬的客户，您的账户积分即将清零，请登录 icbc-jf.vip 兑换现金红包。"
        let en = try s.screenSms(sender: "13800138000", body: body, isContact: false)
        XCTAssertEqual(en.action, .junk)
        XCTAssertEqual(en.category, .fraud)
        XCTAssertEqual(en.reasons.first?.code, .phishing)
        let detail = en.reasons.first?.detail ?? ""
        XCTAssertTrue(detail.contains("claims to be ICBC") && detail.contains("icbc-jf.vip"), detail)
        try s.setReasonLanguage(language: "zh-CN")
        let zh = try s.screenSms(sender: "13800138000", body: body, isContact: false).reasons.first?.detail ?? ""
        XCTAssertTrue(zh.contains("自称工商银行"), zh)
        XCTAssertThrowsError(try s.setReasonLanguage(language: "xx")) { error in
            guard case BuraoError.InvalidInput(let reason) = error else {
                return XCTFail("expected InvalidInput, got \(error)")
            }
            XCTAssertFalse(reason.isEmpty)
        }
    }

    func testContactsAreAlwaysAllowed() throws {
        let v = try Screener().screenCall(number: "+86 170 0000 0000", isContact: true)
        XCTAssertEqual(v.action, .allow)
        XCTAssertNil(v.category)
        XCTAssertEqual(v.reasons.map(\.code), [.contact])
    }

    func testBadNumberIsInvalidNumberWithoutTheNumberInIt() {
        XCTAssertThrowsError(try Screener().screenCall(number: "13800138000x", isContact: false)) { error in
            guard case BuraoError.InvalidNumber(let reason) = error else {
                return XCTFail("expected InvalidNumber, got \(error)")
            }
            XCTAssertFalse(reason.contains("13800138000"), reason)
            XCTAssertFalse(error.localizedDescription.contains("13800138000"))
        }
    }

    func testUnknownRegionIsInvalidInput() throws {
        let s = Screener()
        XCTAssertThrowsError(try s.setRegion(code: "XX")) { error in
            guard case BuraoError.InvalidInput(let reason) = error else {
                return XCTFail("expected InvalidInput, got \(error)")
            }
            XCTAssertFalse(reason.isEmpty)
        }
        try s.setRegion(code: "CN")
        XCTAssertEqual(try s.screenCall(number: "17000000000", isContact: false).matched, "+86170*")
    }

    func testDefaultBundleInfoDescribesTheEmbeddedBundle() throws {
        let info = Screener().bundleInfo()
        XCTAssertEqual(info.metadata.name, "burao-default")
        XCTAssertEqual(info.metadata.region, "CN")
        XCTAssertEqual(info.size, Int64(try TestEnv.defaultBundle().count))
        XCTAssertGreaterThan(info.patterns, 0)
        XCTAssertTrue(info.sections.contains { $0.name == "lists.fst" && $0.size > 0 })
    }

    func testScreenerFromBundleFileUsesThatBundle() throws {
        let s = try Screener.fromBundle(contentsOf: TestEnv.testBundleURL)
        XCTAssertEqual(s.bundleInfo().metadata.name, "burao-test")
        XCTAssertEqual(s.bundleInfo().metadata.sequence, 7)
        let v = try s.screenCall(number: "138 0013 8000", isContact: false)
        XCTAssertEqual(v.action, .block)
        XCTAssertEqual(v.category, .loan)
        XCTAssertEqual(v.label, "test loan caller")
        XCTAssertEqual(v.bundleSequence, 7)
        // Not in this bundle's lists, unlike the default one's.
        XCTAssertEqual(try s.screenCall(number: "+86 170 0000 0000", isContact: false).action, .allow)
    }

    func testCorruptBundleIsRefusedWhileTheOldOneKeepsServing() throws {
        let s = Screener()
        let info = try s.replaceBundle(bytes: Data(contentsOf: TestEnv.testBundleURL))
        XCTAssertEqual(info.metadata.name, "burao-test")
        XCTAssertEqual(try s.screenCall(number: "199 1234 5678", isContact: false).action, .silence)

        var corrupt = try TestEnv.defaultBundle()
        corrupt[corrupt.count / 2] ^= 0x5a
        for bad in [corrupt, corrupt.prefix(corrupt.count / 2), Data(), Data("not a bundle".utf8)] {
            XCTAssertThrowsError(try s.replaceBundle(bytes: Data(bad))) { error in
                guard case BuraoError.InvalidBundle(let reason) = error else {
                    return XCTFail("expected InvalidBundle, got \(error)")
                }
                XCTAssertFalse(reason.isEmpty)
            }
            XCTAssertEqual(s.bundleInfo().metadata.name, "burao-test")
            XCTAssertEqual(try s.screenCall(number: "13800138000", isContact: false).action, .block)
        }
        XCTAssertThrowsError(try Screener.fromBundle(bytes: corrupt))
        // The default bundle (sequence 1) is older than the test bundle (7): a rollback.
        XCTAssertThrowsError(try s.replaceBundle(bytes: TestEnv.defaultBundle())) { error in
            guard case BuraoError.InvalidBundle(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("rollback"))
        }
        XCTAssertEqual(
            try s.replaceBundleAllowingRollback(bytes: TestEnv.defaultBundle()).metadata.name, "burao-default")
    }

    func testApplyUpdatePatchesTheBundleInForceAndRefusesDamageAndAWrongBase() throws {
        let patch = try Data(contentsOf: TestEnv.testPatchURL)
        let full = try Data(contentsOf: TestEnv.testBundleURL)
        XCTAssertEqual(String(decoding: patch.prefix(8), as: UTF8.self), "BURAOPCH", "a patch, not a bundle")
        let s = Screener()
        var flipped = patch
        flipped[flipped.count / 2] ^= 0x01
        for (i, bad) in [flipped, patch.prefix(patch.count - 1), Data(), full].enumerated() {
            XCTAssertThrowsError(try s.applyUpdate(patch: Data(bad))) { error in
                guard case BuraoError.InvalidBundle(let reason) = error else {
                    return XCTFail("expected InvalidBundle, got \(error)")
                }
                XCTAssertTrue(reason.contains("patch"), reason)
            }
            XCTAssertEqual(s.bundleInfo().metadata.name, "burao-default")
            // The default bundle still serves: its virtual-operator range is named.
            XCTAssertEqual(try s.screenCall(number: "+86 170 0000 010\(i)", isContact: false).matched, "+86170*")
        }
        let info = try s.applyUpdate(patch: patch)
        XCTAssertEqual(info.metadata.name, "burao-test")
        XCTAssertEqual(info.metadata.sequence, 7)
        XCTAssertEqual(info.size, Int64(full.count))
        XCTAssertEqual(s.bundleBytes(), full, "byte-identical to the full bundle")
        XCTAssertEqual(try s.screenCall(number: "13800138000", isContact: false).action, .block)
        // Applied again, its base is gone: refused, and the app fetches the full bundle.
        XCTAssertThrowsError(try s.applyUpdate(patch: patch)) { error in
            guard case BuraoError.InvalidBundle(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("base bundle"), reason)
        }
        XCTAssertEqual(s.bundleInfo().metadata.name, "burao-test")
    }

    func testEightThreadsScreenOneScreenerAtOnce() throws {
        let s = Screener()
        let bundle = try TestEnv.defaultBundle()
        let silenced = onEightThreads { t in
            var n = 0
            for i in 0..<2000 {
                let number = String(format: "+86 170 %04d %04d", t, i)
                if let v = try? s.screenCall(number: number, isContact: false),
                   v.matched == "+86170*", v.action == .allow { n += 1 }
                // A bundle swap mid-flight must never show a half-made state.
                if t == 0 && i % 500 == 0 { _ = try? s.replaceBundle(bytes: bundle) }
            }
            return n
        }
        XCTAssertEqual(silenced, [Int](repeating: 2000, count: 8))
    }

    /// Issue 13: eight threads screen and record consent on one screener with a state file open.
    func testEightThreadsShareOneOpenStateFileAndLoseNothing() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("burao-swift-state-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.bin").path
        let s = Screener()
        XCTAssertNil(try s.openState(path: path))
        let errors = onEightThreads { t in
            var n = 0
            for i in 0..<200 {
                let number = String(format: "139%02d%06d", t, i)
                do {
                    let v = try s.screenCallAt(number: number, isContact: false, atUnix: 1_796_000_000 + Int64(i))
                    if v.reasons.contains(where: { $0.source == "state-not-saved" }) { n += 1 }
                    if i % 25 == 0 {
                        try s.recordConsent(sender: "shop\(t)-\(i)", state: .optedOut, via: "T", atUnix: 1_796_000_000)
                    }
                } catch {
                    n += 1
                }
            }
            return n
        }
        XCTAssertEqual(errors, [Int](repeating: 0, count: 8))
        try s.flush()
        XCTAssertNil(s.saveError())
        let again = Screener()
        XCTAssertNil(try again.openState(path: path))
        XCTAssertEqual(again.consentRecords().count, 64)
        XCTAssertEqual(again.exportState(), s.exportState())
    }

    func testARustPanicSurfacesAsAnErrorAndTheLibraryKeepsWorking() throws {
        XCTAssertThrowsError(try forcePanicForTests()) { error in
            XCTAssertFalse(error is BuraoError, "a panic is not a BuraoError: \(error)")
            XCTAssertTrue(String(describing: error).contains("forced"), String(describing: error))
        }
        XCTAssertEqual(try Screener().screenCall(number: "17000000000", isContact: false).matched, "+86170*")
    }
}
