/// `ILMessageFilterAction`, case for case, so the mapping is testable off Apple
/// platforms. The IdentityLookup adapter converts by name (`MessageFilterExtension.swift`).
public enum FilterAction: String, CaseIterable, Codable, Sendable {
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
public enum FilterSubAction: String, CaseIterable, Codable, Sendable {
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
    public var parent: FilterAction? {
        if self == .none { return nil }
        return rawValue.hasPrefix("transactional") ? .transaction : .promotion
    }

    /// What the extension declares in its capabilities answer, per parent action.
    public static func offered(under action: FilterAction) -> [FilterSubAction] {
        allCases.filter { $0.parent == action }
    }
}

/// What the message filter answers for one message.
public struct FilterDecision: Equatable, Sendable {
    /// The folder.
    public var action: FilterAction
    /// The sub-folder (iOS 16+), always one whose `parent` is `action`, or `.none`.
    public var subAction: FilterSubAction

    public init(action: FilterAction, subAction: FilterSubAction = .none) {
        precondition(subAction.parent == nil || subAction.parent == action, "sub-action of another action")
        self.action = action
        self.subAction = subAction
    }

    /// Used whenever screening fails: never junk a message because of our own error.
    public static let noOpinion = FilterDecision(action: .none)
}
