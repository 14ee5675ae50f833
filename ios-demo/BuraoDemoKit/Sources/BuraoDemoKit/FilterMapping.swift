import Burao

/// Turns the engine's verdict on a message into the message filter's answer.
///
/// The action comes from the engine alone; this type only picks the folder that
/// expresses it and, within Transactions and Promotions, a sub-folder from a few
/// keywords of the body and the sender's list label. A wrong sub-folder costs the
/// user a tap, so keywords are good enough there; they never move a message
/// between folders.
public enum FilterMapping {
    public static func decision(for verdict: Verdict, body: String) -> FilterDecision {
        switch verdict.action {
        case .allow:
            // "Nothing matched" is not an endorsement: leave it to iOS (Unknown Senders).
            let decided = verdict.reasons.contains { $0.code != .default && $0.code != .note }
            return FilterDecision(action: decided ? .allow : .none)
        case .transaction:
            return FilterDecision(action: .transaction, subAction: transactional(verdict, body))
        case .promotion:
            return FilterDecision(action: .promotion, subAction: promotional(verdict, body))
        case .junk, .block:
            return FilterDecision(action: .junk)
        case .silence:
            // Silence means "don't interrupt, don't hide". A marketing sender goes to
            // Promotions; anything else (e.g. a number range) stays under Unknown Senders
            // rather than in Junk, since ranges also hold real people.
            if let c = verdict.category, promotionCategories.contains(c) {
                return FilterDecision(action: .promotion, subAction: promotional(verdict, body))
            }
            return .noOpinion
        }
    }

    static let promotionCategories: Set<Category> = [.loan, .insurance, .realEstate, .otherPromo]

    /// First table whose keyword occurs wins, so the more specific tables come first
    /// ("您的订单已支付" is about an order, not about money).
    static let transactionalKeywords: [(FilterSubAction, [String])] = [
        (.transactionalOrders, ["快递", "快遞", "包裹", "订单", "訂單", "取件", "驿站", "物流", "发货", "签收", "外卖",
                                "order", "parcel", "delivery"]),
        (.transactionalHealth, ["医院", "醫院", "挂号", "掛號", "就诊", "门诊", "体检", "疫苗", "hospital", "clinic"]),
        (.transactionalPublicServices, ["社保", "公积金", "医保", "政务", "交警", "违章", "税务", "12345"]),
        (.transactionalFinance, ["银行", "銀行", "账户", "帐户", "賬戶", "余额", "信用卡", "还款", "转账", "扣款",
                                 "入账", "消费", "bank", "card"]),
        (.transactionalCarrier, ["话费", "話費", "流量", "套餐", "欠费", "中国移动", "中国联通", "中国电信"]),
        (.transactionalWeather, ["天气", "天氣", "暴雨", "台风", "颱風", "寒潮", "气象"]),
        (.transactionalRewards, ["积分", "積分", "里程", "兑换", "points"]),
        (.transactionalReminders, ["提醒", "预约", "預約", "到期", "reminder", "appointment"]),
    ]

    static let couponKeywords = ["优惠券", "優惠券", "代金券", "红包", "折扣码", "兑换码", "coupon"]
    static let offerKeywords = ["优惠", "優惠", "特价", "特價", "促销", "限时", "秒杀", "低至", "折起", "sale", "offer"]

    static func transactional(_ verdict: Verdict, _ body: String) -> FilterSubAction {
        let text = searchable(verdict, body)
        return transactionalKeywords.first { _, words in words.contains { text.contains($0) } }?.0
            ?? .transactionalOthers
    }

    static func promotional(_ verdict: Verdict, _ body: String) -> FilterSubAction {
        let text = searchable(verdict, body)
        if couponKeywords.contains(where: text.contains) { return .promotionalCoupons }
        if let c = verdict.category, c != .otherPromo, promotionCategories.contains(c) { return .promotionalOffers }
        if offerKeywords.contains(where: text.contains) { return .promotionalOffers }
        return .promotionalOthers
    }

    private static func searchable(_ verdict: Verdict, _ body: String) -> String {
        (body + "\n" + (verdict.label ?? "")).lowercased()
    }
}
