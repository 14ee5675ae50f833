import Burao
import XCTest

/// MessageFilterAdvice on hand-made verdicts: every folder and sub-folder rule, without
/// the classifier. (Moved from the iOS demo, which now files messages with this SDK type.)
final class MessageFilterAdviceTests: XCTestCase {
    private func verdict(_ action: Action, _ category: Category? = nil, label: String? = nil,
                         reasons: [ReasonCode] = [.classifier]) -> Verdict {
        Verdict(action: action, category: category, matched: nil, label: label, score: nil,
                reasons: reasons.map { Reason(code: $0, source: "", detail: "", spans: []) }, bundleSequence: 1)
    }

    private func decide(_ v: Verdict, _ body: String = "") -> MessageFilterAdvice {
        v.messageFilterAdvice(body: body)
    }

    func testActionsMapToFolders() {
        XCTAssertEqual(decide(verdict(.junk, .fraud)), MessageFilterAdvice(action: .junk))
        XCTAssertEqual(decide(verdict(.block, .loan)), MessageFilterAdvice(action: .junk))
        XCTAssertEqual(decide(verdict(.allow, .personal)), MessageFilterAdvice(action: .allow))
        XCTAssertEqual(decide(verdict(.allow, reasons: [.default])), .noOpinion, "nothing matched is no endorsement")
        XCTAssertEqual(decide(verdict(.allow, reasons: [.note, .default])), .noOpinion)
        XCTAssertEqual(decide(verdict(.allow, reasons: [.listEntry, .default])), MessageFilterAdvice(action: .allow))
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
        // offered(under:) per folder: SdkTests.testMessageFilterAdviceFolders.
    }
}
