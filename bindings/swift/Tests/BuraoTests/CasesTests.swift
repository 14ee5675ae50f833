import Burao
import BuraoTestSupport
import Foundation
import XCTest

/// Every case of the JSON files in fixtures/cases, against the default bundle,
/// through the shared strict checker (BuraoTestSupport's `Cases`).
final class CasesTests: XCTestCase {
    func testEveryCase() throws {
        let cases = try Cases.all()
        for c in cases {
            // A fresh screener per case (Cases.check's default): the engine remembers calls.
            if let verdict = Cases.check(c), c.kind == .sms { checkAdvice(verdict, body: c.body, c.title) }
            print("CASE \(c.title)")
        }
        XCTAssertGreaterThan(cases.count, 0, "no cases found under fixtures/cases")
    }

    /// The platform adapter on the same verdict: the folder follows the action alone.
    private func checkAdvice(_ verdict: Verdict, body: String, _ name: String) {
        let advice = verdict.messageFilterAdvice(body: body)
        let decided = verdict.reasons.contains { $0.code != .default && $0.code != .note }
        let folder: MessageFilterAction
        switch verdict.action {
        case .allow: folder = decided ? .allow : .none
        case .transaction: folder = .transaction
        case .promotion: folder = .promotion
        case .junk, .block: folder = .junk
        case .silence: folder = advice.action == .promotion ? .promotion : .none
        }
        XCTAssertEqual(advice.action, folder, "\(name): folder for \(verdict.action)")
        XCTAssertTrue(advice.subAction == .none || advice.subAction.parent == advice.action, name)
        if advice.action == .transaction || advice.action == .promotion {
            XCTAssertNotEqual(advice.subAction, .none, "\(name): a sub-folder is always picked")
        }
        // Doubt never files a message as trusted.
        if advice.action == .transaction { XCTAssertEqual(verdict.action, .transaction, name) }
    }

    /// The checker itself: one that accepted everything would make every case pass.
    func testTheCheckerRefusesMalformedCases() {
        for json in [
            #"{"kind":"call","number":"110","expect":{"acton":"allow"}}"#,
            #"{"kind":"call","number":"110","expect":{}}"#,
            #"{"kind":"fax","number":"110","expect":{"action":"allow"}}"#,
            #"{"kind":"call","number":"110","is_contact":"yes","expect":{"action":"allow"}}"#,
            #"{"kind":"call","numbr":"110","expect":{"action":"allow"}}"#,
            #"{"kind":"call","number":110,"expect":{"action":"allow"}}"#,
            #"{"kind":"call","number":"110","expect":{"error":"number","action":"allow"}}"#,
            #"{"kind":"call","number":"110","expect":{"reasons":"default"}}"#,
            #"{"kind":"call","number":"110"}"#,
            #"{"kind":"call","number":"110","expect":{"reason_args":{}}}"#,
            #"{"kind":"call","number":"110","expect":{"reason_args":{"list_entry":{}}}}"#,
            #"{"kind":"call","number":"110","expect":{"reason_args":{"list_entry":{"pattern":1}}}}"#,
        ] {
            XCTAssertThrowsError(try Cases.parse(json), json)
        }
        XCTAssertThrowsError(try Cases.load(file: "t.json", data: Data(#"{"cases":[]}"#.utf8)))
        XCTAssertThrowsError(try Cases.load(file: "t.json", data: Data(#"{"description":"d","cases":[]}"#.utf8)))
        let bad = #"{"description":"d","cases":[{"name":"n","kind":"call","number":"1","expect":{"x":1}}]}"#
        XCTAssertThrowsError(try Cases.load(file: "t.json", data: Data(bad.utf8))) { error in
            XCTAssertTrue("\(error)".contains("t.json: cases case 0 expect: unknown expect key `x`"), "\(error)")
        }
    }

    func testTheCheckerCatchesWrongExpectations() throws {
        for json in [
            #"{"kind":"call","number":"13800138000","expect":{"action":"block"}}"#,
            #"{"kind":"call","number":"17000000000","expect":{"category":null}}"#,
            #"{"kind":"call","number":"17000000000","expect":{"matched":"+86171*"}}"#,
            #"{"kind":"call","number":"17000000000","expect":{"reasons":["list_entry","default"]}}"#,
            #"{"kind":"call","number":"17000000000","expect":{"action":"silence"}}"#,
            #"{"kind":"call","number":"abc","expect":{"action":"allow"}}"#,
            #"{"kind":"call","number":"abc","expect":{"error":"bundle"}}"#,
            #"{"kind":"call","number":"17000000000","expect":{"error":"number"}}"#,
            #"{"kind":"call","number":"17000000000","expect":{"reason_args":{"list_entry":{"pattern":"+86171*"}}}}"#,
            #"{"kind":"call","number":"17000000000","expect":{"reason_args":{"phishing":{"domain":"x"}}}}"#,
        ] {
            XCTAssertFalse(Cases.outcome(try Cases.parse(json)).1.isEmpty, "accepted: \(json)")
        }
        let good = try Cases.parse(#"{"kind":"call","number":"17000000000","expect":{"action":"allow","reasons":["default","list_entry"],"reason_args":{"list_entry":{"pattern":"+86170*","category":"harassment"}}}}"#)
        let (verdict, wrong) = Cases.outcome(good)
        XCTAssertEqual(wrong, [])
        XCTAssertEqual(verdict?.matched, "+86170*")
        XCTAssertEqual(Cases.outcome(try Cases.parse(#"{"kind":"call","number":"abc","expect":{"error":"number"}}"#)).1, [])
    }
}
