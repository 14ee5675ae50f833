import Burao
import BuraoTestSupport
import Foundation
import XCTest

/// What an integrator meets first: errors, defaults, times, bundle abilities, the filter adapter.
final class SdkTests: XCTestCase {
    func testErrorsHaveLowerCamelKindsAndReadableDescriptions() {
        let s = Screener()
        XCTAssertThrowsError(try s.setRules(json: #"{"schema":1,"rules":[{"id":"r","number":"139*","action":"nope"}]}"#)) { error in
            guard let e = error as? BuraoError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.kind, .invalidInput)
            XCTAssertTrue(e.reason.contains("unknown action"), e.reason)
            XCTAssertEqual(e.description, "invalid input: \(e.reason)")
            XCTAssertEqual(error.localizedDescription, e.description)
            XCTAssertEqual("\(error)", e.description)
            XCTAssertFalse(error.localizedDescription.contains("BuraoError"), error.localizedDescription)
        }
        // `catch BuraoError.invalidNumber` reads like any Swift error.
        var caught = ""
        do {
            _ = try s.screenCall(number: "13800138000x")
        } catch BuraoError.invalidBundle {
            caught = "bundle"
        } catch BuraoError.invalidNumber {
            caught = "number"
        } catch {
            caught = "other \(error)"
        }
        XCTAssertEqual(caught, "number")
        XCTAssertEqual(BuraoError.Kind.allCases.count, 5)
    }

    func testDefaultArgumentsAndNow() throws {
        // The test bundle silences +86199*: only the default isContact = false gives .silence.
        let t = try Screener.fromBundle(contentsOf: TestEnv.testBundleURL)
        XCTAssertEqual(try t.screenCall(number: "199 1234 5678").action, .silence)
        XCTAssertEqual(try t.screenCall(number: "199 1234 5678", isContact: true).action, .allow)
        let s = Screener()
        let before = Int64(Date().timeIntervalSince1970)
        let id = try s.reportFeedback(sender: "10690001", body: nil, isSpam: true)
        try s.recordConsent(sender: "10690002", state: .optedOut, via: "app")
        let after = Int64(Date().timeIntervalSince1970) + 1
        let at = try XCTUnwrap(s.feedback().first { $0.id == id }).atUnix
        XCTAssertTrue((before...after).contains(at), "\(at) not in \(before)...\(after)")
        XCTAssertTrue((before...after).contains(try XCTUnwrap(s.consentRecords().first).atUnix))
    }

    func testMillisecondsAreRefusedAndNothingIsRecorded() throws {
        let s = Screener()
        let ms = Int64(Date().timeIntervalSince1970 * 1000)
        XCTAssertThrowsError(try s.reportFeedback(sender: "10690001", body: nil, isSpam: true, atUnix: ms)) { error in
            XCTAssertEqual((error as? BuraoError)?.kind, .invalidInput)
            XCTAssertTrue("\(error)".contains("milliseconds"), "\(error)")
        }
        XCTAssertTrue(s.feedback().isEmpty)
        XCTAssertThrowsError(try s.recordConsent(sender: "10690002", state: .consented, via: "app", atUnix: ms))
        XCTAssertTrue(s.consentRecords().isEmpty)
        XCTAssertThrowsError(try s.screenSmsAt(sender: "95588", body: "hello", isContact: false, atUnix: ms))
        XCTAssertThrowsError(try s.screenCallAt(number: "+86 170 0000 0000", isContact: false, atUnix: ms))
        XCTAssertNoThrow(try s.screenCallAt(number: "+86 170 0000 0000", isContact: false, atUnix: ms / 1000))
    }

    func testBundleInfoSaysWhatTheBundleCanDo() throws {
        let s = Screener()
        let info = s.bundleInfo()
        XCTAssertTrue(info.hasSmsModel)
        XCTAssertEqual(info.smsModelVersion, 3)
        XCTAssertEqual(info.formatVersion, 1)
        XCTAssertFalse(info.libraryVersion.isEmpty)
        let test = try s.replaceBundle(contentsOf: TestEnv.testBundleURL)
        XCTAssertFalse(test.hasSmsModel, "the test bundle is built without --model")
        XCTAssertNil(test.smsModelVersion)
        XCTAssertEqual(test.libraryVersion, info.libraryVersion)
    }

    /// The README's compiled Swift block runs, too.
    func testReadmeSnippetsRun() throws {
        let s = Screener()
        // A user rule files it under Transactions, whatever the classifier of the day says.
        _ = try s.setRules(json: #"{"schema":1,"rules":[{"id":"bank","keywords":["余额"],"action":"transaction"}]}"#)
        let bank = "您尾号1234的卡于12月1日消费500.00元，余额1000.00元。【工商银行】"
        XCTAssertEqual(readmeAdvice(screener: s, sender: "95588", body: bank),
                       MessageFilterAdvice(action: .transaction, subAction: .transactionalFinance))
        XCTAssertEqual(readmeTour(screener: s, updateURL: TestEnv.testBundleURL),
                       "updated, but this bundle cannot classify messages")
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("burao-readme-\(ProcessInfo.processInfo.processIdentifier).bundle")
        try Data("not a bundle".utf8).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        XCTAssertEqual(readmeTour(screener: s, updateURL: junk), "refused, the old bundle keeps serving")
    }

    func testMessageFilterAdviceFolders() throws {
        let s = Screener()
        let bank = "您尾号1234的卡于12月1日消费500.00元，余额1000.00元。【工商银行】"
        let v = try s.screenSms(sender: "95588", body: bank)
        // Whatever the engine decides, the folder follows it and only `transaction` is trusted.
        let filed = v.messageFilterAdvice(body: bank)
        if v.action == .transaction {
            XCTAssertEqual(filed, MessageFilterAdvice(action: .transaction, subAction: .transactionalFinance))
        } else {
            XCTAssertNotEqual(filed.action, .transaction)
        }
        // Order and health notices get their own sub-folders.
        _ = try s.setRules(json: #"{"schema":1,"rules":[{"id":"t","keywords":["取件码","挂号"],"action":"transaction"}]}"#)
        let parcel = "【驿站】您的包裹已到，取件码6-2-3301"
        XCTAssertEqual(try s.screenSms(sender: "10690001", body: parcel).messageFilterAdvice(body: parcel),
                       MessageFilterAdvice(action: .transaction, subAction: .transactionalOrders))
        let clinic = "您已成功挂号，请于周三上午到门诊三楼"
        XCTAssertEqual(try s.screenSms(sender: "10690002", body: clinic).messageFilterAdvice(body: clinic),
                       MessageFilterAdvice(action: .transaction, subAction: .transactionalHealth))
        // A contact's chat is allowed with a reason: shown, not left to Unknown Senders.
        let chat = try s.screenSms(sender: "+86 138 0013 8000", body: "晚上回家吃饭吗", isContact: true)
        XCTAssertEqual(chat.messageFilterAdvice(body: "晚上回家吃饭吗").action, .allow)
        // A rule's junk, and a rule's promotion with a coupon sub-folder.
        _ = try s.setRules(json: #"{"schema":1,"rules":[{"id":"gym","keywords":["健身"],"action":"junk"},{"id":"shop","keywords":["优惠券"],"action":"promotion"}]}"#)
        XCTAssertEqual(try s.screenSms(sender: "10690001", body: "健身房年卡").messageFilterAdvice(body: "健身房年卡"),
                       MessageFilterAdvice(action: .junk))
        XCTAssertEqual(try s.screenSms(sender: "10690001", body: "满100减20优惠券已到账").messageFilterAdvice(body: "满100减20优惠券已到账"),
                       MessageFilterAdvice(action: .promotion, subAction: .promotionalCoupons))
        XCTAssertEqual(MessageFilterAdvice(action: .junk, subAction: .promotionalOffers).subAction, .none,
                       "a sub-action of another folder is dropped")
        XCTAssertEqual(MessageFilterSubAction.offered(under: .transaction).count, 9)
        XCTAssertEqual(MessageFilterSubAction.offered(under: .promotion), [.promotionalOthers, .promotionalOffers, .promotionalCoupons])
        XCTAssertEqual(MessageFilterSubAction.offered(under: .junk), [])
    }
}
