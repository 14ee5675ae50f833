import Burao
@testable import BuraoDemoKit
import BuraoTestSupport
import XCTest

final class MessageFilterTests: StoreTestCase {
    /// The SDK's adapter, as MessageScreening and the extension use it (its mapping is
    /// tested in bindings/swift, MessageFilterAdviceTests).
    private func decide(_ v: Verdict, _ body: String = "") -> MessageFilterAdvice {
        v.messageFilterAdvice(body: body)
    }

    /// The folder each engine action lands in, for every fixture sms case: the
    /// engine decides, the filter only files. (Cases arrive with the classifier.)
    func testFixtureSmsCasesAreFiledAsTheEngineDecides() throws {
        let screening = MessageScreening(store: store)
        var sms = 0
        for c in try Cases.all() where c.kind == .sms {
            let name = c.title, sender = c.from, body = c.body, isContact = c.isContact
            sms += 1
            guard let v = Cases.check(c, screen: { try $0.screen(screening.current()) }) else {
                XCTAssertEqual(screening.decide(sender: sender, body: body).0, .noOpinion, name)
                continue
            }
            let d = decide(v, body)
            let folders: [Action: Set<MessageFilterAction>] = [
                .allow: [.allow, .none], .transaction: [.transaction], .promotion: [.promotion],
                .junk: [.junk], .block: [.junk], .silence: [.promotion, .none],
            ]
            XCTAssertTrue(folders[v.action]!.contains(d.action), "\(name): \(v.action) filed as \(d.action)")
            XCTAssertTrue(d.subAction.parent == nil || d.subAction.parent == d.action, name)
            if !isContact { XCTAssertEqual(screening.decide(sender: sender, body: body).0, d, name) }
        }
        print("sms cases through the filter: \(sms)")
    }

    /// The real engine, with user rules standing in for the classifier (which this
    /// branch does not have yet): rule action → engine verdict → folder.
    func testUserRulesDecideThroughTheRealEngine() throws {
        let app = try DemoApp(store: store, now: { 1_795_824_000 })
        var doc = try app.rules()
        doc.add(action: "transaction", keywords: ["取件码"], category: "transaction")
        doc.add(action: "promotion", keywords: ["周末特价"], category: "other_promo")
        doc.add(action: "junk", keywords: ["无抵押"], category: "loan")
        doc.add(action: "allow", number: "+86 139 0000 1111", note: "mum")
        try app.setRules(doc)

        let screening = MessageScreening(store: store)  // reads the state file the app saved
        let cases: [(String, String, MessageFilterAdvice)] = [
            ("1069000", "【中通快递】取件码6-2-3301", MessageFilterAdvice(action: .transaction, subAction: .transactionalOrders)),
            ("1069001", "周末特价，全场五折", MessageFilterAdvice(action: .promotion, subAction: .promotionalOffers)),
            ("1069002", "无抵押贷款，当天放款", MessageFilterAdvice(action: .junk)),
            ("13900001111", "周六回家吃饭", MessageFilterAdvice(action: .allow)),
        ]
        for (sender, body, want) in cases {
            let (got, verdict) = screening.decide(sender: sender, body: body)
            XCTAssertEqual(got, want, body)
            XCTAssertEqual(verdict?.reasons.first?.code, .userRule, body)
            XCTAssertEqual(try app.tryMessage(sender: sender, body: body), want, "the app's preview agrees")
        }
        XCTAssertEqual(screening.loadProblems, [])
    }
}
