import Burao
import Foundation
import XCTest

/// Every case of the JSON files in fixtures/cases, against the default bundle.
final class CasesTests: XCTestCase {
    /// `listEntry` -> `list_entry`: the snake-case names the fixtures use.
    private func snake<T>(_ value: T) -> String {
        String(describing: value).reduce(into: "") { out, ch in
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
    }

    private func kind(_ error: Error) -> String {
        switch error {
        case BuraoError.InvalidNumber: return "number"
        case BuraoError.InvalidBundle: return "bundle"
        case BuraoError.InvalidInput: return "input"
        case BuraoError.State: return "state"
        case BuraoError.Internal: return "internal"
        default: return "unexpected \(error)"
        }
    }

    func testEveryCase() throws {
        var count = 0
        for file in try Fixtures.caseFiles() {
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
            for c in doc["cases"] as! [[String: Any]] {
                count += 1
                let name = "\(file.lastPathComponent): \(c["name"] as? String ?? "?")"
                // A fresh screener per case: the engine remembers calls.
                check(Screener(), c, name)
                print("CASE \(name)")
            }
        }
        XCTAssertGreaterThan(count, 0, "no cases found under fixtures/cases")
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

    private func check(_ screener: Screener, _ c: [String: Any], _ name: String) {
        let expect = c["expect"] as! [String: Any]
        let verdict: Verdict
        do {
            switch c["kind"] as? String {
            case "call":
                verdict = try screener.screenCall(
                    number: c["number"] as! String, isContact: c["is_contact"] as? Bool ?? false)
            case "sms":
                verdict = try screener.screenSms(
                    sender: c["from"] as? String ?? "", body: c["body"] as! String,
                    isContact: c["is_contact"] as? Bool ?? false)
            default:
                return XCTFail("\(name): unknown kind \(String(describing: c["kind"]))")
            }
        } catch {
            XCTAssertEqual(expect["error"] as? String, kind(error), "\(name): \(error)")
            return
        }
        if let e = expect["error"] { return XCTFail("\(name): expected error \(e), got \(verdict)") }
        if let a = expect["action"] as? String { XCTAssertEqual(snake(verdict.action), a, "\(name): action") }
        if c["kind"] as? String == "sms" { checkAdvice(verdict, body: c["body"] as! String, name) }
        if let cat = expect["category"] {
            XCTAssertEqual(verdict.category.map { snake($0) }, cat as? String, "\(name): category")
        }
        if let m = expect["matched"] { XCTAssertEqual(verdict.matched, m as? String, "\(name): matched") }
        if let l = expect["label"] { XCTAssertEqual(verdict.label, l as? String, "\(name): label") }
        if let want = expect["reasons"] as? [String] {
            let got = verdict.reasons.map { snake($0.code) }
            var at = 0
            for code in got where at < want.count && code == want[at] { at += 1 }
            XCTAssertEqual(at, want.count, "\(name): reasons \(want) must appear in order in \(got)")
        }
    }
}
