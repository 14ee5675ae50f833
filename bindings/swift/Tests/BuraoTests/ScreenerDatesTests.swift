import Burao
import Foundation
import XCTest

/// The `Date` overloads of the calls that take Unix seconds.
final class ScreenerDatesTests: XCTestCase {
    func testDatesAreTakenAsWholeSeconds() throws {
        let s = Screener()
        let at = Date(timeIntervalSince1970: 1_796_000_000.999)
        let id = try s.reportFeedback(sender: "13900004444", body: nil, isSpam: true, at: at)
        let record = try XCTUnwrap(s.feedback().first { $0.id == id })
        XCTAssertEqual(record.atUnix, 1_796_000_000)
        XCTAssertEqual(record.date, Date(timeIntervalSince1970: 1_796_000_000))
        let v = try s.screenCall(number: "13900004444", at: at.addingTimeInterval(86_400))
        XCTAssertEqual(v.reasons.first?.code, .feedback)
        XCTAssertEqual(v.reasons.first?.args.first { $0.name == "date" }?.value, "2026-11-30")

        try s.recordConsent(sender: "1069012345678", state: .optedOut, via: "TD", at: at)
        XCTAssertEqual(s.consentRecords().first?.date, Date(timeIntervalSince1970: 1_796_000_000))
        let sms = try s.screenSms(sender: "1069012345678", body: "新品上市，全场五折，回T退订", at: at.addingTimeInterval(60))
        let consent = try XCTUnwrap(sms.reasons.first { $0.code == .consent })
        XCTAssertEqual(consent.args.first { $0.name == "consent_state" }?.value, "opted_out")
        XCTAssertEqual(consent.args.first { $0.name == "reply" }?.value, "TD")
        XCTAssertEqual(try s.recordOutgoingSms(to: "10690000001", body: "T", at: at), "T")
    }

    func testADateCannotBeMistakenForMilliseconds() throws {
        let s = Screener()
        let now = Date()
        let ms = Int64(now.timeIntervalSince1970 * 1000)
        XCTAssertThrowsError(try s.reportFeedback(sender: "13900004444", body: nil, isSpam: true, atUnix: ms))
        try s.reportFeedback(sender: "13900004444", body: nil, isSpam: true, at: now)
        XCTAssertEqual(s.feedback().first?.atUnix, Int64(now.timeIntervalSince1970.rounded(.down)))
    }
}
