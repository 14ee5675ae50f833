import Burao
@testable import BuraoDemoKit
import XCTest

final class MessageFilterTests: StoreTestCase {
    private func verdict(_ action: Action, _ category: Category? = nil, label: String? = nil,
                         reasons: [ReasonCode] = [.classifier]) -> Verdict {
        Verdict(action: action, category: category, matched: nil, label: label, score: nil,
                reasons: reasons.map { Reason(code: $0, source: "", detail: "", spans: []) }, bundleSequence: 1)
    }

    private func decide(_ v: Verdict, _ body: String = "") -> FilterDecision {
        FilterMapping.decision(for: v, body: body)
    }

    /// The folder each engine action lands in, for every fixture sms case: the
    /// engine decides, the filter only files. (Cases arrive with the classifier.)
    func testFixtureSmsCasesAreFiledAsTheEngineDecides() throws {
        let screening = MessageScreening(store: store)
        var sms = 0
        for (name, c) in try Env.cases() where c["kind"] as? String == "sms" {
            let expect = c["expect"] as! [String: Any]
            let sender = c["from"] as? String ?? "", body = c["body"] as? String ?? ""
            let isContact = c["is_contact"] as? Bool ?? false
            sms += 1
            let v: Verdict
            do {
                v = try screening.current().screenSms(sender: sender, body: body, isContact: isContact)
            } catch {
                XCTAssertNotNil(expect["error"], "\(name): \(error)")
                XCTAssertEqual(screening.decide(sender: sender, body: body).0, .noOpinion, name)
                continue
            }
            checkExpectations(v, expect, name)
            let d = decide(v, body)
            let folders: [Action: Set<FilterAction>] = [
                .allow: [.allow, .none], .transaction: [.transaction], .promotion: [.promotion],
                .junk: [.junk], .block: [.junk], .silence: [.promotion, .none],
            ]
            XCTAssertTrue(folders[v.action]!.contains(d.action), "\(name): \(v.action) filed as \(d.action)")
            XCTAssertTrue(d.subAction.parent == nil || d.subAction.parent == d.action, name)
            if !isContact { XCTAssertEqual(screening.decide(sender: sender, body: body).0, d, name) }
        }
        print("sms cases through the filter: \(sms)")
    }

    func testActionsMapToFolders() {
        XCTAssertEqual(decide(verdict(.junk, .fraud)), FilterDecision(action: .junk))
        XCTAssertEqual(decide(verdict(.block, .loan)), FilterDecision(action: .junk))
        XCTAssertEqual(decide(verdict(.allow, .personal)), FilterDecision(action: .allow))
        XCTAssertEqual(decide(verdict(.allow, reasons: [.default])), .noOpinion, "nothing matched is no endorsement")
        XCTAssertEqual(decide(verdict(.allow, reasons: [.note, .default])), .noOpinion)
        XCTAssertEqual(decide(verdict(.allow, reasons: [.listEntry, .default])), FilterDecision(action: .allow))
        // A silenced range is not junked: ranges hold real people too.
        XCTAssertEqual(decide(verdict(.silence, .harassment, reasons: [.listEntry])), .noOpinion)
        XCTAssertEqual(decide(verdict(.silence, .loan, reasons: [.userRule])).action, .promotion)
    }

    func testSubActionsRefineOnlyTheirOwnFolder() {
        let t = { (body: String, label: String?) in self.decide(self.verdict(.transaction, .transaction, label: label), body).subAction }
        XCTAssertEqual(t("【中通快递】您的快件已放至驿站，取件码6-2-3301", nil), .transactionalOrders)
        XCTAssertEqual(t("您的订单已支付成功", nil), .transactionalOrders, "orders win over money")
        XCTAssertEqual(t("您尾号4821的卡消费86.00元，余额2310.45元", nil), .transactionalFinance)
        XCTAssertEqual(t("验证码662145，请勿泄露", nil), .transactionalOthers)
        XCTAssertEqual(t("验证码662145，请勿泄露", "ICBC (工商银行) customer service"), .transactionalFinance,
                       "the sender's list label counts")
        XCTAssertEqual(t("您已成功挂号，请于周三上午到门诊三楼", nil), .transactionalHealth)
        XCTAssertEqual(t("您本月流量已用完80%", nil), .transactionalCarrier)
        XCTAssertEqual(t("暴雨蓝色预警：今夜有大到暴雨", nil), .transactionalWeather)
        XCTAssertEqual(t("您的社保缴费已到账", nil), .transactionalPublicServices)
        XCTAssertEqual(t("您有1200积分即将过期", nil), .transactionalRewards)
        XCTAssertEqual(t("提醒：您明天下午三点的会议", nil), .transactionalReminders)
        XCTAssertEqual(t("Your verification code is 120934.", nil), .transactionalOthers)

        let p = { (c: Category, body: String) in self.decide(self.verdict(.promotion, c), body).subAction }
        XCTAssertEqual(p(.otherPromo, "满100减20优惠券已到账"), .promotionalCoupons)
        XCTAssertEqual(p(.loan, "您有20万额度待领取"), .promotionalOffers)
        XCTAssertEqual(p(.otherPromo, "双十一限时秒杀，低至五折"), .promotionalOffers)
        XCTAssertEqual(p(.otherPromo, "新店开业，欢迎光临"), .promotionalOthers)

        for action in [Action.allow, .silence, .block, .transaction, .promotion, .junk] {
            for c in [nil, Category.loan, .insurance, .realEstate, .otherPromo, .fraud, .harassment, .transaction, .personal] {
                let d = decide(verdict(action, c), "快递 银行 优惠券 提醒")
                XCTAssertTrue(d.subAction.parent == nil || d.subAction.parent == d.action, "\(action) \(String(describing: c))")
            }
        }
        XCTAssertEqual(FilterSubAction.offered(under: .transaction).count, 9)
        XCTAssertEqual(FilterSubAction.offered(under: .promotion).count, 3)
        XCTAssertEqual(FilterSubAction.offered(under: .junk), [])
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
        let cases: [(String, String, FilterDecision)] = [
            ("1069000", "【中通快递】取件码6-2-3301", FilterDecision(action: .transaction, subAction: .transactionalOrders)),
            ("1069001", "周末特价，全场五折", FilterDecision(action: .promotion, subAction: .promotionalOffers)),
            ("1069002", "无抵押贷款，当天放款", FilterDecision(action: .junk)),
            ("13900001111", "周六回家吃饭", FilterDecision(action: .allow)),
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
