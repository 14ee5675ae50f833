import Burao
import Foundation
import XCTest

/// Each reason's named arguments (`Reason.args`), read in both languages.
final class ReasonArgsTests: XCTestCase {
    private let phish = "【工商银行】尊敬的客户，您的账户积分即将清零，请登录 icbc-jf.vip 兑换现金红包。"

    private func arg(_ r: Reason, _ name: String) -> String? {
        r.args.first { $0.name == name }?.value
    }

    /// The first reasons of a call and a message, screened in `language`.
    private func screened(_ language: String) throws -> [Reason] {
        let s = Screener()
        try s.setReasonLanguage(language: language)
        _ = try s.setRules(json: #"{"schema":1,"rules":[{"id":"gym","number":"13900002*","action":"silence","note":"the gym"}]}"#)
        _ = try s.reportFeedback(sender: "13900004444", body: nil, isSpam: true, atUnix: 1_796_000_000)
        return [
            try s.screenCall(number: "13900002222").reasons[0],
            try s.screenCall(number: "13900004444").reasons[0],
            try s.screenSms(sender: "13800138000", body: phish).reasons[0],
        ]
    }

    func testArgumentsAreTheSameInBothLanguagesAndTheTextsAreBuiltFromThem() throws {
        let en = try screened("en")
        let zh = try screened("zh")
        XCTAssertEqual(en[0].code, .userRule)
        XCTAssertEqual(arg(en[0], "rule_id"), "gym")
        XCTAssertEqual(arg(en[0], "rule_note"), "the gym")
        XCTAssertEqual(arg(en[0], "action"), "silence")
        XCTAssertEqual(en[0].args, zh[0].args)
        XCTAssertNotEqual(en[0].detail, zh[0].detail)
        XCTAssertTrue(zh[0].detail.contains("静音") && zh[0].detail.contains("gym"), zh[0].detail)

        XCTAssertEqual(en[1].code, .feedback)
        XCTAssertEqual(arg(en[1], "spam"), "true")
        let day = try XCTUnwrap(arg(en[1], "date"))
        XCTAssertEqual(day.count, 10)
        XCTAssertEqual(en[1].args, zh[1].args)
        XCTAssertTrue(en[1].detail.contains(day) && zh[1].detail.contains(day))

        XCTAssertEqual(en[2].code, .phishing)
        XCTAssertEqual(arg(en[2], "domain"), "icbc-jf.vip")
        XCTAssertEqual(arg(zh[2], "official_sender"), "95588")
        XCTAssertEqual(arg(en[2], "institution"), "ICBC")
        XCTAssertEqual(arg(zh[2], "institution"), "工商银行")
        for r in [en[2], zh[2]] {
            for a in r.args { XCTAssertTrue(r.detail.contains(a.value), "\(a.name) not in \(r.detail)") }
            XCTAssertFalse(r.args.contains { $0.value.contains("13800138000") || $0.value.contains(phish) })
        }
    }

    func testAnExactNumberStaysOutOfTheArguments() throws {
        let v = try Screener().screenCall(number: "95588")
        let list = try XCTUnwrap(v.reasons.first { $0.code == .listEntry })
        XCTAssertEqual(list.source, "+8695588")
        XCTAssertNil(arg(list, "pattern"))
        XCTAssertTrue(arg(list, "label")?.contains("ICBC") ?? false)
        // Older code that builds a Reason without args still compiles: args default to empty.
        XCTAssertEqual(Reason(code: .note, source: "", detail: "", spans: []).args, [])
    }

    func testTheReadmeSnippetReadsTheReportDay() throws {
        let s = Screener()
        let day = try XCTUnwrap(try readmeReportDay(screener: s, number: "13900004444"))
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        XCTAssertEqual(day, f.string(from: Date()))
    }
}
