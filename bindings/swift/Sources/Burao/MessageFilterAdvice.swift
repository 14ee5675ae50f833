/// `ILMessageFilterAction`, case for case, so the mapping is written and tested
/// once, off Apple platforms too. On iOS, `ilAction` converts it
/// (MessageFilterAdvice+IdentityLookup.swift).
public enum MessageFilterAction: String, CaseIterable, Sendable {
    /// No opinion: iOS files the message under Unknown Senders as it would anyway.
    case none
    /// Shown with the user's other messages.
    case allow
    /// Filed as junk.
    case junk
    /// Filed under Promotions.
    case promotion
    /// Filed under Transactions.
    case transaction
}

/// `ILMessageFilterSubAction` (iOS 16), case for case. Each sub-action belongs to
/// one parent action; iOS ignores a sub-action given with another parent.
public enum MessageFilterSubAction: String, CaseIterable, Sendable {
    case none
    case transactionalOthers
    case transactionalFinance
    case transactionalOrders
    case transactionalReminders
    case transactionalHealth
    case transactionalWeather
    case transactionalCarrier
    case transactionalRewards
    case transactionalPublicServices
    case promotionalOthers
    case promotionalOffers
    case promotionalCoupons

    /// The action this sub-action refines (`nil` for `.none`).
    public var parent: MessageFilterAction? {
        if self == .none { return nil }
        return rawValue.hasPrefix("transactional") ? .transaction : .promotion
    }

    /// What the extension declares in its capabilities answer
    /// (`transactionalSubActions`, `promotionalSubActions`), per parent action.
    public static func offered(under action: MessageFilterAction) -> [MessageFilterSubAction] {
        allCases.filter { $0.parent == action }
    }
}

/// What a message filter extension should answer for a verdict: the folder
/// (`ILMessageFilterAction`) and, on iOS 16+, the sub-folder.
///
/// ```swift
/// let verdict = try screener.screenSms(sender: sender, body: body)
/// let advice = verdict.messageFilterAdvice(body: body)
/// let response = ILMessageFilterQueryResponse()
/// response.action = advice.action.ilAction
/// if #available(iOS 16.0, *) { response.subAction = advice.subAction.ilSubAction }
/// ```
///
/// The folder comes from the verdict's action alone:
/// - `allow` with a deciding reason (a contact, a rule, consent, the
///   classifier's "personal") → `allow`; `allow` because nothing matched → `none`
///   ("nothing matched" is not an endorsement: iOS keeps it under Unknown Senders);
/// - `transaction` → `transaction`. Nothing else ever lands there: doubt never
///   files a message as trusted;
/// - `promotion` → `promotion`;
/// - `junk` and `block` → `junk`;
/// - `silence` ("don't interrupt, don't hide") → `promotion` for a marketing
///   category, else `none`: number ranges hold real people too, so a range alone
///   never junks a message.
///
/// The sub-folder is picked from a few keywords of the body and the sender's list
/// label (Chinese and English). A wrong sub-folder costs the user a tap; keywords
/// never move a message between folders.
public struct MessageFilterAdvice: Equatable, Sendable {
    /// The folder.
    public let action: MessageFilterAction
    /// The sub-folder (iOS 16+): `.none` or one whose `parent` is `action`.
    public let subAction: MessageFilterSubAction

    /// An answer; a sub-action of another parent is dropped (iOS would ignore it).
    public init(action: MessageFilterAction, subAction: MessageFilterSubAction = .none) {
        self.action = action
        self.subAction = subAction.parent == action ? subAction : .none
    }

    /// What to answer when screening fails: never junk a message because of our own error.
    public static let noOpinion = MessageFilterAdvice(action: .none)

    /// The answer for `verdict` on a message with this `body`.
    public init(verdict: Verdict, body: String) {
        switch verdict.action {
        case .allow:
            let decided = verdict.reasons.contains { $0.code != .default && $0.code != .note }
            self.init(action: decided ? .allow : .none)
        case .transaction:
            self.init(action: .transaction, subAction: Self.transactional(verdict, body))
        case .promotion:
            self.init(action: .promotion, subAction: Self.promotional(verdict, body))
        case .junk, .block:
            self.init(action: .junk)
        case .silence:
            if let c = verdict.category, Self.promotionCategories.contains(c) {
                self.init(action: .promotion, subAction: Self.promotional(verdict, body))
            } else {
                self.init(action: .none)
            }
        }
    }

    static let promotionCategories: Set<Category> = [.loan, .insurance, .realEstate, .otherPromo]

    /// The first table with a keyword in the text wins, so the more specific
    /// tables come first ("您的订单已支付" is about an order, not about money).
    static let transactionalKeywords: [(MessageFilterSubAction, [String])] = [
        (.transactionalOrders, ["快递", "快遞", "包裹", "订单", "訂單", "取件", "驿站", "物流", "发货", "签收",
                                "外卖", "order", "parcel", "delivery"]),
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

    static func transactional(_ verdict: Verdict, _ body: String) -> MessageFilterSubAction {
        let text = searchable(verdict, body)
        return transactionalKeywords.first { _, words in words.contains { text.contains($0) } }?.0
            ?? .transactionalOthers
    }

    static func promotional(_ verdict: Verdict, _ body: String) -> MessageFilterSubAction {
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

extension Verdict {
    /// The message filter's answer for this verdict on a message with `body`;
    /// see `MessageFilterAdvice`.
    public func messageFilterAdvice(body: String) -> MessageFilterAdvice {
        MessageFilterAdvice(verdict: self, body: body)
    }
}
